"""The CSP header built once per policy (SecurityHeadersMiddleware's fast path)
is the header django-csp builds itself, and anything that changes the policy of
one answer (a nonce, a view's decorator) still goes through the library."""

import pytest
from csp.constants import NONCE
from csp.decorators import csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from fieldops.core.security import SecurityHeadersMiddleware, policy_for

PATHS = ["/en/", "/api/v1/field-operations/", "/admin/login/", "/admin/pages/3/"]


def answer(path, view=None):
    """The answer of `view` (a plain page by default) for GET `path`, through
    the middleware."""
    middleware = SecurityHeadersMiddleware(view or (lambda request: HttpResponse()))
    request = RequestFactory().get(path)
    return request, middleware(request)


@pytest.mark.parametrize("path", PATHS)
def test_the_header_is_the_one_django_csp_builds(path):
    _request, response = answer(path)
    assert response["Content-Security-Policy"] == build_policy(config=policy_for(path))


def test_the_header_is_built_again_for_every_middleware_instance_and_policy():
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponse())
    site = middleware(RequestFactory().get("/en/"))["Content-Security-Policy"]
    admin = middleware(RequestFactory().get("/admin/pages/"))["Content-Security-Policy"]
    assert "'unsafe-inline'" not in site
    assert "'unsafe-inline'" in admin


def test_a_nonce_used_by_the_page_is_in_its_header():
    @csp_update({"script-src": [NONCE]})
    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    request, response = answer("/en/", view)
    assert f"'nonce-{request._csp_nonce}'" in response["Content-Security-Policy"]


def test_a_views_own_update_is_kept():
    view = csp_update({"img-src": ["https://maps.example.org"]})(
        lambda request: HttpResponse()
    )
    _request, response = answer("/en/", view)
    assert "https://maps.example.org" in response["Content-Security-Policy"]


def test_a_nonce_asked_for_after_the_header_is_written_is_refused():
    from csp.exceptions import CSPNonceError

    request, _response = answer("/en/")
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
