"""Reading drawn charts in tests: the SVG parsed as XML, so that markup that is
not well-formed fails the test that reads it."""

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
# A chart as a page holds it: its frame, the SVG and the links laid over it.
FRAME = re.compile(r'<div class="chart-frame">.*?</div>', re.DOTALL)


def parse(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))


def find_all(root: ET.Element, tag: str, css_class: str = "") -> list[ET.Element]:
    return [
        element
        for element in root.iter(SVG + tag)
        if not css_class or css_class in element.get("class", "").split()
    ]


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(SVG + "text")]


def titles(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(SVG + "title")]


def links(chart) -> list[str]:
    """The links laid over the chart, as the page markup holds them; the image
    itself must hold none."""
    assert list(parse(chart).iter(SVG + "a")) == []
    page = ET.fromstring(str(chart.html))
    return [element.get("href") for element in page.iter(SVG + "a")]


def right_edge(rect: ET.Element) -> float:
    return float(rect.get("x")) + float(rect.get("width"))


def page_charts(response) -> dict[str, ET.Element]:
    """Each chart of a rendered page by its id: its frame parsed as XML (the
    picture's <svg> and the <svg> of links over it), so that markup that is
    not well-formed fails."""
    found = FRAME.findall(response.content.decode())
    frames = [ET.fromstring(frame) for frame in found]
    return {frame.find(f"{SVG}svg").get("id"): frame for frame in frames}


def frame_links(frame: ET.Element) -> list[tuple[str, str]]:
    """(href, accessible name) of each link over a chart of page_charts()."""
    return [(a.get("href"), a.get("aria-label")) for a in frame.iter(SVG + "a")]
