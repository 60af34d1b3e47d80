"""The front cache's rules (deploy/varnish/fieldops.vcl) where the stack cannot
show them, run by varnishtest (Varnish's own test tool, from Debian's varnish
package) against a scripted backend: each .vtc file in tests/vcl/ states what
the application answers and what visitors must get."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from conftest import unavailable
from fieldops.core.testing.smtp import free_port

VCL = settings.BASE_DIR / "deploy" / "varnish" / "fieldops.vcl"
CASES = sorted((Path(__file__).parent / "vcl").glob("*.vtc"))
SEARCH_PATH = "/usr/bin:/usr/sbin:/bin:/sbin"


def rendered_vcl(directory: Path, port: int) -> Path:
    """The shipped VCL with the placeholders filled in as scripts/production.sh
    does, for a site offering English and Russian."""
    text = VCL.read_text()
    for name, value in {
        "@APP_HOST@": "127.0.0.1",
        "@APP_PORT@": str(port),
        "@LANGUAGES@": "en|ru",
        "@LANGUAGE_CODE@": "en",
    }.items():
        text = text.replace(name, value)
    path = directory / "fieldops.vcl"
    path.write_text(text)
    return path


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_the_vcl_does_what_the_case_states(case):
    varnishtest = shutil.which("varnishtest", path=SEARCH_PATH)
    if varnishtest is None:
        unavailable("No varnishtest: apt-get install varnish.")
    port = free_port()
    # Varnish compiles the VCL as its own user (vcache when run as root).
    directory = Path(tempfile.mkdtemp(prefix="fieldops-vcl-"))
    directory.chmod(0o755)
    vcl = rendered_vcl(directory, port)

    result = subprocess.run(  # noqa: S603 - Varnish's own tool, our own files
        [varnishtest, "-t", "60", f"-Dvcl={vcl}", f"-Dport={port}", str(case)],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
        env={**os.environ, "PATH": f"{os.environ.get('PATH', '')}:{SEARCH_PATH}"},
    )

    shutil.rmtree(directory)
    # The failed expectation ("----") and the compiler's messages.
    log = result.stdout + result.stderr
    failures = [
        line for line in log.splitlines() if "---- " in line or "CLI RX|" in line
    ]
    assert result.returncode == 0, "\n".join(failures[-40:])
