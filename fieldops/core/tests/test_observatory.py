"""The MDN HTTP Observatory grades the production stack (nginx TLS -> Varnish ->
gunicorn with production settings) A+ on the pages people and programs use:
a profile, the vacancies, the job alerts, an API answer and the admin's sign-in.

scripts/observatory.mjs runs the Observatory's own retriever, tests and scoring
(@mdn/mdn-http-observatory) against the stack's ports, trusting its throw-away
certificate through NODE_EXTRA_CA_CERTS."""

import json
import shutil
import subprocess

import pytest
from django.conf import settings

from conftest import unavailable
from fieldops.demo.testing import load_astana_demo

pytestmark = [
    pytest.mark.stack,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCRIPT = settings.BASE_DIR / "scripts" / "observatory.mjs"
PACKAGE = settings.BASE_DIR / "node_modules" / "@mdn" / "mdn-http-observatory"
GRADED = [
    "/en/field-operations/astana/",
    "/en/vacancies/",
    "/en/job-alerts/",
    "/api/v1/field-operations",
    "/admin/login/",
]


@pytest.fixture(scope="session")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        unavailable("No node: install Node.js (apt-get install nodejs).")
    if not PACKAGE.is_dir():
        unavailable("No @mdn/mdn-http-observatory in node_modules: run `make install`.")
    return path


def observatory(node: str, stack, path: str) -> dict:
    result = subprocess.run(  # noqa: S603 - our own script
        [node, str(SCRIPT), "127.0.0.1", str(stack.http_port)]
        + [str(stack.https_port), path],
        env={
            "NODE_EXTRA_CA_CERTS": str(stack.run_dir / "tls" / "cert.pem"),
            # Its 10 s default is short for a test machine under load.
            "ABORT_TIMEOUT": "60000",
            "CLIENT_TIMEOUT": "55000",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("path", GRADED)
def test_the_observatory_grades_it_a_plus(node, stack, path):
    load_astana_demo()
    assert stack.get(path).status == 200

    scan = observatory(node, stack, path)

    failed = {name: test for name, test in scan["tests"].items() if not test["pass"]}
    assert (scan["grade"], failed) == ("A+", {}), json.dumps(scan, indent=2)
    # The certificate was trusted: HSTS and the redirection were really checked.
    assert scan["tests"]["redirection"]["result"] == "redirection-to-https"
    assert scan["tests"]["content-security-policy"]["score"] == 10
