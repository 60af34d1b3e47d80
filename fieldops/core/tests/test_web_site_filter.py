"""The `web_site` filter: a link named by the site it leads to."""

import pytest

from fieldops.core.templatetags.fieldops import web_site


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.osce.org/albania/43312", "osce.org"),
        ("http://react.usip.org/pub/m2/p5.html", "react.usip.org"),
        ("https://issuu.com./osce/docs/x", "issuu.com"),
        ("https://reliefweb.int", "reliefweb.int"),
        ("not a link", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_names_the_site_of_a_link(url, site):
    assert web_site(url) == site
