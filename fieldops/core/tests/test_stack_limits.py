"""The size limits through the production stack (nginx TLS -> Varnish ->
gunicorn): the application's own 414 and 413 pages reach the visitor, because
nginx's and gunicorn's limits lie above its own; beyond them nginx answers 414
or 431 itself, with the security headers, over HTTP/1.1 and HTTP/2 alike."""

import shutil
import subprocess

import pytest

from conftest import unavailable

pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALERTS = "/en/job-alerts/"
# What every answer carries, nginx's own refusals included.
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
]


def curl_http2(stack, path: str, *options: str) -> tuple[int, dict[str, str], str]:
    """GET `path` over HTTP/2 with curl: the status, the headers (lower-case
    names) and the body."""
    curl = shutil.which("curl")
    if (
        curl is None
        or "HTTP2"
        not in subprocess.run(  # noqa: S603
            [curl, "--version"], capture_output=True, text=True, check=True
        ).stdout
    ):
        unavailable("No curl with HTTP/2: apt-get install curl.")
    result = subprocess.run(  # noqa: S603 - curl, on the stack's own address
        [
            curl,
            "-sS",
            "-i",
            "--http2",
            "--cacert",
            str(stack.run_dir / "tls" / "cert.pem"),
        ]
        + [*options, stack.origin + path],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    # Text mode has turned curl's CRLFs into "\n".
    head, _, body = result.stdout.partition("\n\n")
    status_line, *lines = head.split("\n")
    assert status_line.startswith("HTTP/2 "), status_line
    headers = dict(line.lower().split(": ", 1) for line in lines)
    return int(status_line.split()[1]), headers, body


def test_an_address_over_the_limit_gets_the_sites_414_page(stack):
    # Over FIELDOPS_MAX_URL_LENGTH and over 4 KB, gunicorn's default line limit.
    answer = stack.get("/en/vacancies/?q=" + "x" * 6000)

    assert answer.status == 414
    assert "This address is too long" in answer.text


def test_an_address_over_nginxs_buffers_gets_nginxs_414(stack):
    answer = stack.get("/en/vacancies/?q=" + "x" * 9000)

    assert answer.status == 414
    assert "This address is too long" in answer.text
    for name in SECURITY_HEADERS:
        assert name in answer.headers, name


def test_an_address_over_the_limit_over_http2_gets_nginxs_414(stack):
    # HPACK's Huffman coding sends these 9,000 characters in under 6 KB, which
    # nginx's buffers alone would let through to gunicorn's bare 414.
    status, headers, body = curl_http2(stack, "/en/vacancies/?q=" + "x" * 9000)

    assert status == 414
    assert "This address is too long" in body
    for name in SECURITY_HEADERS:
        assert name.lower() in headers, name


def test_a_header_over_nginxs_buffers_gets_a_431(stack):
    answer = stack.get("/en/", **{"X-Padding": "x" * 9000})

    assert answer.status == 431
    assert "headers are too large" in answer.text
    for name in SECURITY_HEADERS:
        assert name in answer.headers, name


def test_a_header_nginx_lets_through_over_http2_reaches_the_site(stack):
    # Compressed under nginx's 8 KB: Varnish and gunicorn must take it too
    # rather than answer their own bare 400.
    status, headers, _ = curl_http2(stack, "/en/", "-H", "X-Padding: " + "x" * 9000)

    assert status == 200
    assert "content-security-policy" in headers


def test_a_form_over_the_limit_gets_the_sites_413_page(stack):
    # The subscription form takes no CSRF token (its page is public and
    # cacheable: fieldops/recruitment/alerts/views.py), so no cookie is needed.
    answer = stack.request(
        "POST",
        ALERTS,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": stack.origin,
        },
        body=b"keywords=" + b"x" * 3_000_000,
    )

    assert answer.status == 413
    assert "The form sent is too large" in answer.text


@pytest.mark.parametrize("method", ["TRACE", "PROPFIND", "PURGE"])
def test_a_method_nginx_refuses_gets_a_405_with_the_security_headers(stack, method):
    # TRACE nginx never reads; PROPFIND and a visitor's PURGE stop at its
    # limit_except, which would answer a bare 403.
    answer = stack.request(method, "/en/")

    assert answer.status == 405
    assert answer.headers["Allow"] == "GET, HEAD, OPTIONS, POST"
    assert "not allowed" in answer.text
    for name in SECURITY_HEADERS:
        assert name in answer.headers, name


def test_a_body_over_nginxs_limit_gets_a_413_with_the_security_headers(stack):
    # nginx answers from the announced length, before reading the body.
    answer = stack.request("POST", ALERTS, {"Content-Length": str(60 * 2**20)}, b"")

    assert answer.status == 413
    assert "too large" in answer.text
    assert "Allow" not in answer.headers
    for name in SECURITY_HEADERS:
        assert name in answer.headers, name
