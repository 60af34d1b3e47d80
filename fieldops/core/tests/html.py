"""Reading rendered pages in tests."""

import re

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(response_or_tag) -> str:
    """The visible text with whitespace collapsed, for phrase assertions."""
    tag = response_or_tag
    if not hasattr(tag, "get_text"):
        tag = soup(response_or_tag).find("main")
    return re.sub(r"\s+", " ", tag.get_text(" ", strip=True))


def heading_levels(response) -> list[int]:
    return [int(h.name[1]) for h in soup(response).find_all(re.compile(r"^h[1-6]$"))]


def assert_headings_in_order(response) -> None:
    """One h1, first; no level skipped on the way down."""
    levels = heading_levels(response)
    assert levels.count(1) == 1, levels
    assert levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels
