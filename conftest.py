"""Fixtures shared by every app's tests: the browser, and the database the suite runs
on (SQLite unless DATABASE_URL names another)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_SCRIPT = ROOT / "scripts" / "lighthouse.mjs"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
# Headless Chromium as root in a sandbox with no network but loopback: without the
# background-networking flags it keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def unavailable(reason: str):
    """Skip a test that cannot run here; in CI, where everything must run, fail it."""
    if in_ci():
        pytest.fail(f"{reason} CI=true requires this test to run.", pytrace=False)
    pytest.skip(reason)


def on_postgresql() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    if on_postgresql():
        host = database.get("HOST") or "local socket"
        return f"database: PostgreSQL at {host}:{database.get('PORT') or 5432}"
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]}"


def pytest_sessionstart(session):
    """With DATABASE_URL set for PostgreSQL, stop at once if the server is unreachable,
    rather than erroring in every test (or, worse, passing on a run that tested
    nothing on it)."""
    if not os.environ.get("DATABASE_URL") or not on_postgresql():
        return
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    try:
        psycopg.connect(
            dbname="postgres",
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            connect_timeout=10,
        ).close()
    except psycopg.Error as error:
        pytest.exit(
            f"PostgreSQL named by DATABASE_URL is unreachable: {error}", returncode=3
        )


def pytest_collection_modifyitems(config, items):
    restore_rows_made_by_migrations(items)
    if on_postgresql():
        return
    if any("stack" in item.keywords for item in items):
        sqlite_test_database_in_a_file()
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: set DATABASE_URL=postgres://user@host:port/name"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def restore_rows_made_by_migrations(items) -> None:
    """Every transactional test restores, when it starts, the rows that the
    migrations made (content types, permissions, Wagtail's root page, the
    default locale) and keeps their ids.

    A transactional test empties every table when it ends. Without serialized
    rollback, Django then runs `post_migrate`, which makes the content types
    again under new ids; the next test that does use serialized rollback then
    inserts its saved copies and breaks on the unique (app_label, model). Which
    tests failed depended on the order they ran in. Asking it of every
    transactional test removes the order from the question.

    It is asked with the test's own `django_db` marker: pytest-django decides
    from the markers alone whether to save the rows when it makes the test
    database, so a fixture name would restore nothing in a run where no
    marker asked for it."""
    for item in items:
        fixtures = getattr(item, "fixturenames", None)
        if fixtures is None:
            continue
        marker = item.get_closest_marker("django_db")
        options = dict(marker.kwargs) if marker is not None else {}
        transactional = (
            "transactional_db" in fixtures
            or "live_server" in fixtures
            or options.get("transaction", False)
        )
        if transactional and not options.get("serialized_rollback", False):
            options.update(transaction=True, serialized_rollback=True)
            # First, so that it is the closest marker: a test's own decorator is
            # among its own markers too.
            item.add_marker(pytest.mark.django_db(**options), append=False)


def sqlite_test_database_in_a_file() -> None:
    """The stack's gunicorn is another process: it cannot open the in-memory
    database SQLite tests use by default, so the test database goes to a file
    (before it is created) when stack tests are to run."""
    import tempfile

    from django.conf import settings

    directory = tempfile.mkdtemp(prefix="fieldops-test-db-")
    test = settings.DATABASES["default"].setdefault("TEST", {})
    test["NAME"] = os.path.join(directory, "test.sqlite3")


@pytest.fixture(scope="session", autouse=True)
def _content_types_known(request, django_db_setup, django_db_blocker):
    """Every content type in the process-wide cache from the start, where the
    restores of serialized rollback need them.

    Wagtail's pages and tasks look their content type up when they are built
    without an `id`, as the restore builds them (their rows carry only the parent
    link). Its first rows go in before the content types do, so a lookup the
    cache cannot answer creates the content type under a new id, and the restore
    then fails on the unique (app_label, model). Migrating empties the cache
    (`create_contenttypes`), so without this the first restored test of each
    process failed. Restores keep the ids, so the cache stays true."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.test import TransactionTestCase

    def uses_database(item) -> bool:
        cls = getattr(item, "cls", None)
        return item.get_closest_marker("django_db") is not None or (
            cls is not None and issubclass(cls, TransactionTestCase)
        )

    # With no test of the database in the run, none was set up: the connection
    # would reach the site's own.
    if not any(uses_database(item) for item in request.session.items):
        return
    with django_db_blocker.unblock():
        ContentType.objects.get_for_models(
            *apps.get_models(), for_concrete_models=False
        )


@pytest.fixture(scope="session")
def stack_server(django_db_setup, django_db_blocker):
    """The production stack (nginx TLS -> Varnish -> gunicorn with production
    settings) on free ports, serving the test database; see
    fieldops/core/testing/stack.py. Started once per session."""
    from fieldops.core.testing.stack import missing_tools, start_stack

    missing = missing_tools()
    if missing:
        unavailable(
            f"The stack needs {', '.join(missing)}: "
            "apt-get install nginx varnish openssl."
        )
    stack = start_stack()
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def stack(stack_server, transactional_db, settings):
    """The running stack for one test, its cache emptied, with this process's
    purges (after commit, as in production) sent to its Varnish. The test's data
    is committed (transactional_db), so gunicorn sees it."""
    settings.FIELDOPS_FRONT_CACHE_URL = stack_server.cache_url
    stack_server.empty_cache()
    return stack_server


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("FIELDOPS_CHROMIUM", CHROMIUM)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        unavailable(
            f"No Chromium at {path}: install Debian's package "
            "(apt-get install chromium) or set FIELDOPS_CHROMIUM."
        )
    return path


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.is_file():
        unavailable(
            f"axe-core is missing ({AXE_SCRIPT.relative_to(ROOT)}): "
            "run `make install` with npm available."
        )
    return AXE_SCRIPT


@pytest.fixture(scope="session")
def lighthouse(chromium_path):
    """A function that runs Lighthouse on URLs in one headless Chromium and returns
    their JSON reports, in the same order: lighthouse(urls, *categories) -> [report].
    scripts/lighthouse.mjs starts the browser once for all the URLs."""
    import json
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None or not LIGHTHOUSE.is_file():
        unavailable(
            f"Lighthouse or node is missing ({LIGHTHOUSE.relative_to(ROOT)}): "
            "install Node.js and run `make install` with npm available."
        )

    def run(urls: list[str], *categories: str) -> list[dict]:
        result = subprocess.run(  # noqa: S603 (our own arguments)
            [node, str(LIGHTHOUSE_SCRIPT), ",".join(categories), *urls],
            capture_output=True,
            text=True,
            timeout=60 + 60 * len(urls),
            env={
                **os.environ,
                "CHROME_PATH": chromium_path,
                "CHROME_FLAGS": json.dumps(["--headless=new", *CHROMIUM_ARGS]),
            },
        )
        if result.returncode != 0:
            pytest.fail(f"Lighthouse did not run: {result.stderr}", pytrace=False)
        return json.loads(result.stdout)

    return run


@pytest.fixture(scope="session")
def html_checker():
    """A function that checks HTML files with the Nu Html Checker (vnu.jar from
    node_modules/, on the system's Java) in one run and returns its error
    messages: html_checker(paths) -> [{"url": "file:/...", "lastLine": 12,
    "message": "..."}, ...], as vnu's JSON format gives them (lastLine may be
    missing for a message about the whole file)."""
    import json
    import shutil
    import subprocess

    java = shutil.which("java")
    if java is None:
        unavailable(
            "No java on PATH for the HTML checker, which needs Java 17 or later: "
            "install Debian's package (apt-get install default-jre-headless)."
        )
    if not VNU_JAR.is_file():
        unavailable(
            f"The HTML checker is missing ({VNU_JAR.relative_to(ROOT)}): "
            "run `make install` with npm available."
        )

    def check(paths: list[Path]) -> list[dict]:
        # vnu.jar is run directly: the package's own launcher would download a
        # Java runtime where it finds none.
        result = subprocess.run(  # noqa: S603 (our own arguments)
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
            + ["--stdout", "--exit-zero-always", *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            pytest.fail(f"vnu.jar did not run: {result.stderr}", pytrace=False)
        return json.loads(result.stdout)["messages"]

    return check


@pytest.fixture
def browser_page(chromium_path):
    """A page in a fresh headless Chromium, closed after the test.

    Request it after the fixtures that prepare the database: while Playwright's
    synchronous API runs, the thread has a running event loop, and Django refuses
    database queries from it. Starting the browser last and stopping it first keeps
    every database call outside that window.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        try:
            # The accessibility checks inject axe-core as an inline script.
            context = browser.new_context(bypass_csp=True)
            yield context.new_page()
        finally:
            browser.close()


@pytest.fixture
def operations(db):
    """Field operations alpha and beta, each with its role groups (editors, HR
    officers, finance officers, approvers)."""
    from fieldops.operations.services import operation_groups_create
    from fieldops.operations.tests.factories import FieldOperationFactory

    a, b = FieldOperationFactory(slug="alpha"), FieldOperationFactory(slug="beta")
    operation_groups_create(operation=a)
    operation_groups_create(operation=b)
    return a, b


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server on localhost that the site's mail goes to, through the
    outbox as in production: a mail leaves the outbox when the outbox is sent
    (after commit, by the task; in a test, `fieldops.core.mail.outbox_send()`)."""
    from fieldops.core.testing.smtp import SmtpServer

    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "fieldops.core.mail_backend.OutboxBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def task_queue(settings):
    """Tasks queued by the test process go to the database queue that worker
    processes read (the test settings run them at once, in the test)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.fixture
def processes(transactional_db, smtp_server, task_queue, tmp_path):
    """Start `manage.py` processes on the test database, with mail to
    `smtp_server`: `processes("w1", "w2", SOME_SETTING="1")` starts two task
    workers. Every process is killed at the end, whatever happened."""
    from fieldops.core.testing.workers import Processes

    groups = []

    def start(*names, **env):
        group = Processes(smtp_server, tmp_path, **env)
        groups.append(group)
        group.start(*names)
        return group

    try:
        yield start
    finally:
        for group in groups:
            group.stop_all()


def _commits(request) -> bool:
    """Whether the test commits to the database (so that the flush after it, not
    a rollback, empties the tables)."""
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _forget_cached_sites(request, django_db_blocker):
    """Each test starts without the sites (and view restrictions) cached by an
    earlier one: a test's rows are rolled back, and with them the data version
    its entries were kept under (fieldops/core/sites.py), which a later test
    may then reach again with other rows. Rate-limit counts of one test must
    not count in the next either: the limits' database cache is rolled back
    with a test's transaction, but a test that commits (a browser test that
    subscribes to job alerts, say) leaves its counts in the table, which the
    flush after it does not empty."""
    from django.core.cache import cache, caches

    from fieldops.core import kept

    cache.clear()
    kept.forget()
    yield
    cache.clear()
    if _commits(request):
        with django_db_blocker.unblock():
            caches["limits"].clear()
