"""The API tests' base: the demo data, loaded once per class, and JSON requests."""

from django.test import TestCase

from fieldops.demo.testing import load_astana_demo


class DemoData(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_astana_demo()

    def get(self, url, status=200, **extra):
        """The JSON body of a GET of `url` that answers `status`."""
        response = self.client.get(url, **extra)
        assert response.status_code == status, (response.status_code, response.content)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return response.json()

    def error(self, url, status, **extra):
        """The JSON body of a GET of `url` that fails with `status` and says why."""
        response = self.client.get(url, **extra)
        assert response.status_code == status, (url, response.status_code)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        body = response.json()
        assert body["detail"]
        return body
