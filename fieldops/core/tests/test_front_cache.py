"""The front cache in the production stack (nginx TLS -> Varnish -> gunicorn,
started by scripts/production.sh from deploy/'s configurations): what it keeps,
what it never keeps, and what it strips; and nginx's own one-second copy in
front of Varnish."""

import time
import uuid

import pytest
from django.test import RequestFactory

from fieldops.core.http import client_ip
from fieldops.demo.testing import load_astana_demo

# The pages come from the migrations; the serialized rollback puts them back after
# each test's flush.
pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROFILE = "/en/field-operations/astana/"


@pytest.fixture
def demo(stack):
    load_astana_demo()
    return stack


def test_a_public_page_is_kept_and_served_again_from_the_cache(demo):
    first = demo.get(PROFILE)
    second = demo.get(PROFILE)

    assert (first.status, first.cache) == (200, "MISS")
    assert (second.status, second.cache) == (200, "HIT")
    assert second.body == first.body


def test_each_query_string_is_its_own_entry(demo):
    demo.get(PROFILE)

    other_day = demo.get(PROFILE + "?as_of=2000-01-01")

    assert (other_day.status, other_day.cache) == (200, "MISS")
    assert "Almaty" in other_day.text


def test_an_answer_the_application_did_not_mark_public_is_not_kept(demo):
    # A request line over gunicorn's limit, straight to Varnish (as one over
    # HTTP/2 passes nginx): gunicorn's own 414 carries no Cache-Control.
    url = demo.cache_url + PROFILE + "?q=" + "x" * 9000

    answers = [demo.get(url) for _ in range(2)]

    assert [answer.status for answer in answers] == [414, 414]
    assert "Cache-Control" not in answers[0].headers
    assert answers[1].cache != "HIT"


def test_the_admin_is_never_served_from_the_cache(demo):
    answers = [demo.get("/admin/login/") for _ in range(2)]

    assert [answer.cache for answer in answers] == ["PASS", "PASS"]
    assert all(answer.status == 200 for answer in answers)


def test_a_signed_in_visitor_is_never_served_from_the_cache(demo):
    demo.get(PROFILE)

    signed_in = demo.get(PROFILE, Cookie="sessionid=whatever; csrftoken=x")

    assert signed_in.cache == "PASS"


def test_a_visitors_cookies_do_not_split_the_cache(demo):
    demo.get(PROFILE)

    with_cookie = demo.get(PROFILE, Cookie="_ga=GA1.1.1; csrftoken=abc")

    assert with_cookie.cache == "HIT"


def test_a_public_answer_sets_no_cookie(demo):
    for path in [PROFILE, "/en/", "/en/vacancies/", "/api/v1/field-operations/astana"]:
        answer = demo.get(path, Cookie="csrftoken=abc")
        assert answer.status in {200, 301, 302}, path
        assert "Set-Cookie" not in answer.headers, path


def test_nothing_tells_the_software_behind(demo):
    answer = demo.get(PROFILE)

    assert answer.headers.get("Server") == "nginx"
    assert "Via" not in answer.headers
    assert "X-Varnish" not in answer.headers


def logged_for(stack, agent: str, count: int) -> list[str]:
    """The cache statuses nginx logged for the requests sent with the
    User-Agent `agent`, once there are `count` of them: it logs a request
    after its answer has gone, so a line may come after its answer (and a
    count of lines taken between two requests may miss the first's)."""
    deadline = time.monotonic() + 5
    while True:
        statuses = stack.nginx_cache_statuses(user_agent=agent)
        if len(statuses) >= count or time.monotonic() > deadline:
            return statuses
        time.sleep(0.05)


def test_nginx_answers_a_burst_from_its_own_copy(demo):
    demo.get(PROFILE)  # kept by Varnish, then by nginx
    agent = {"User-Agent": f"burst-{uuid.uuid4()}"}

    answers = [demo.get(PROFILE, **agent) for _ in range(10)]

    assert all(answer.status == 200 for answer in answers)
    assert {answer.cache for answer in answers} == {"HIT"}
    # Ten requests in far less than its second: Varnish sees one refresh at most.
    statuses = logged_for(demo, agent["User-Agent"], 10)
    assert len(statuses) == 10
    assert statuses.count("HIT") >= 9


def test_nginx_keeps_its_copy_one_second_at_most(demo):
    demo.get(PROFILE)
    demo.empty_cache()  # as a purge does: Varnish's copy is gone
    started = time.monotonic()

    while demo.get(PROFILE).cache == "HIT":
        assert time.monotonic() - started < 3, "nginx kept its copy too long"
        time.sleep(0.05)

    assert demo.get(PROFILE).status == 200


def test_nginx_never_keeps_what_is_not_public(demo):
    cases = [
        ("/healthz", {}, "MISS"),  # private, no-store: asked for each time
        (PROFILE, {"Cookie": "sessionid=whatever"}, "BYPASS"),  # a signed-in editor
    ]
    for path, headers, status in cases:
        agent = f"never-kept-{uuid.uuid4()}"
        answers = [demo.get(path, **headers, **{"User-Agent": agent}) for _ in range(3)]
        assert [answer.cache for answer in answers] == ["PASS"] * 3, path
        assert logged_for(demo, agent, 3) == [status] * 3, path


def test_plain_http_redirects_to_https(stack):
    answer = stack.get(stack.http_origin + "/en/?a=1")

    assert answer.status == 301
    assert answer.headers["Location"] == stack.origin + "/en/?a=1"


def test_only_this_host_may_purge(stack):
    # Through nginx the purge comes from the visitor's side, like any request.
    answer = stack.request("PURGE", "/en/")

    assert answer.status == 405


def access_log_line(stack, path):
    """gunicorn's access log line of `path`, written just after its answer."""
    for _ in range(50):
        log = (stack.run_dir / "gunicorn-access.log").read_text().splitlines()
        lines = [line for line in log if f" {path} " in line]
        if lines:
            return lines[-1]
        time.sleep(0.1)
    pytest.fail(f"gunicorn logged no request for {path}")


def test_the_application_sees_the_visitors_address_and_https(stack, settings):
    # Whatever the visitor writes into X-Forwarded-For is left of what the two
    # proxies append; the production stack trusts exactly those two.
    stack.get("/healthz?forwarded", **{"X-Forwarded-For": "203.0.113.9"})

    line = access_log_line(stack, "/healthz?forwarded")
    forwarded, proto = line.split('"')[-4], line.split('"')[-2]
    assert forwarded == "203.0.113.9, 127.0.0.1, 127.0.0.1"
    assert proto == "https"
    settings.FIELDOPS_TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_ip(request) == "127.0.0.1"
