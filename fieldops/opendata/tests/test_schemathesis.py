"""Property-based tests of the API against its own served OpenAPI spec: every
operation, with generated valid and invalid parameters, answers as the spec
says and never with a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from fieldops.demo.testing import load_astana_demo
from fieldops.wsgi import application

# The spec as the running site serves it (building it reads no data).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# All the checks of `schemathesis run --checks all`, named rather than left to the
# configuration's defaults, so that none is switched off unnoticed.
load_all_checks()
ALL_CHECKS = [check for check in CHECKS.get_all() if not isinstance(check, type)]


@pytest.fixture
def demo_data(db):
    """The demo data in the test's database, visible to the WSGI app.

    The app runs in this thread on the test's connection, inside its
    transaction; Django would close that connection at the end of each request
    (the test client prevents it the same way), and the data would be lost."""
    load_astana_demo()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("demo_data")
class SchemathesisTests:
    @schema.parametrize()
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
    )
    def test_api_answers_as_its_spec_says(self, case):
        # Every built-in check, none excluded: what the spec allows is accepted
        # (an id of no record is an empty list), what it forbids is refused.
        # Uncompressed: schemathesis's WSGI transport does not undo gzip as an
        # HTTP client does (compression has its own tests in core).
        case.call_and_validate(
            checks=ALL_CHECKS, headers={"Accept-Encoding": "identity"}
        )
