"""The `web_site` filter: a link named by the site it leads to."""

import pytest

from fieldops.core.templatetags.fieldops import web_site


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.osce.org/albania/43312", "osce.org"),
        ("http://react.usip.org/pub/m2/p5.html", "react.usip.org"),
        ("https://reliefweb.int", "reliefweb.int"),
        ("not a link", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_names_the_site_of_a_link(url, site):
    assert web_site(url) == site


@pytest.mark.parametrize(
    ("url", "site"),
    [
        # A fully qualified name ends in a dot; the reader's name for it does not.
        ("https://issuu.com./osce/docs/x", "issuu.com"),
        ("https://issuu.com../osce/docs/x", "issuu.com"),
        ("https://www.issuu.com./osce", "issuu.com"),
        ("https://.osce.org/x", "osce.org"),
        ("HTTPS://WWW.OSCE.ORG/x", "osce.org"),
        ("https://user:secret@www.osce.org:8443/x", "osce.org"),
        (" https://www.osce.org/x ", "osce.org"),
        ("https://www.org/", "www.org"),
        ("https://xn--e1afmkfd.com/", "пример.com"),
    ],
)
def test_names_a_host_written_unusually_as_a_reader_would(url, site):
    assert web_site(url) == site


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",  # urlsplit raises on it
        "https://a..b.org/",
        "https://exa mple.org/",
        "https://-osce.org/",
        "https://./x",
        "ftp://osce.org/file",
        "mailto:someone@osce.org",
        "javascript:alert(1)",
    ],
)
def test_names_no_site_for_a_malformed_host_or_another_scheme(url):
    assert web_site(url) == ""
