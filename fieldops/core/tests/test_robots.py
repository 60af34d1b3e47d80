"""robots.txt lets crawlers in, keeps them out of the admin and the subscribers'
private links, and names the sitemap on BASE_URL."""

import pytest


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_and_keeps_out_of_the_admin(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://fieldops.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /*/job-alerts/manage/" in lines
    assert "Sitemap: https://fieldops.example.org/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200
