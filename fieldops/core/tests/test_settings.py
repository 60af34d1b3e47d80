"""Production settings: the deployment checks pass, and a missing secret stops it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def manage(
    *args: str, tmp_path: Path, **env: str | None
) -> subprocess.CompletedProcess:
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fieldops.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "BASE_URL": "https://example.org",
        # Production trusts X-Forwarded-Proto: it stands behind one proxy.
        "FIELDOPS_TRUSTED_PROXY_COUNT": "1",
        "FIELDOPS_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={name: value for name, value in environ.items() if value is not None},
        capture_output=True,
        text=True,
        timeout=300,
    )


class ProductionSettingsTests:
    def test_deployment_checks_pass_without_warnings(self, tmp_path):
        result = manage(
            "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path
        )

        assert result.returncode == 0, result.stdout + result.stderr

    def test_deployment_checks_warn_of_a_plain_http_base_url(self, tmp_path):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            tmp_path=tmp_path,
            BASE_URL="http://example.org",
        )

        assert result.returncode != 0
        assert "fieldops.W001" in result.stdout + result.stderr

    def test_deployment_checks_warn_of_a_proxy_without_a_proxy_count(self, tmp_path):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            tmp_path=tmp_path,
            FIELDOPS_TRUSTED_PROXY_COUNT="0",
        )

        assert result.returncode != 0
        output = result.stdout + result.stderr
        assert "fieldops.W003" in output
        assert "FIELDOPS_TRUSTED_PROXY_COUNT" in output

    def test_refuses_to_start_with_an_empty_secret_key(self, tmp_path):
        result = manage("check", tmp_path=tmp_path, SECRET_KEY="")

        assert result.returncode != 0
        assert "Set SECRET_KEY" in result.stderr

    def test_refuses_to_start_when_the_secret_key_is_unset(self, tmp_path):
        result = manage("check", tmp_path=tmp_path, SECRET_KEY=None)

        assert result.returncode != 0
        assert "Set SECRET_KEY" in result.stderr


PLAIN_HTTP_PROBE = """
from django.test import Client
client = Client(HTTP_HOST="example.org")
for path in ("/healthz", "/en/"):
    response = client.get(path)
    print(path, response.status_code, response.get("Location", ""))
"""


class HttpsRedirectTests:
    def test_only_the_health_check_answers_over_plain_http(self, tmp_path):
        result = manage("shell", "-c", PLAIN_HTTP_PROBE, tmp_path=tmp_path)

        assert result.returncode == 0, result.stderr
        health, page = [
            line for line in result.stdout.splitlines() if line.startswith("/")
        ]
        # Answered, not redirected: 503, since the probe's database is not
        # migrated (the health check reads a table).
        assert health.split()[1] == "503"
        assert page.split()[1:] == ["301", "https://example.org/en/"]
