"""The database of DATABASE_URL (SQLite under FIELDOPS_VAR_DIR when unset), with
the timeouts after which the site answers 503 rather than waiting
(docs/operations.md, "Outages")."""

import os
from pathlib import Path

import dj_database_url

# In seconds: for a connection (PostgreSQL), for one statement (PostgreSQL,
# enforced by the server) and for a lock held by another writer (SQLite).
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
DATABASE_STATEMENT_TIMEOUT = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "30"))
DATABASE_LOCK_TIMEOUT = int(os.environ.get("DATABASE_LOCK_TIMEOUT", "20"))


def database(var_dir: Path) -> dict:
    """The "default" entry of DATABASES."""
    # A persistent connection (DATABASE_CONN_MAX_AGE > 0) is checked before each
    # request reuses it, so one the server dropped (a restart) is replaced.
    settings = dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{var_dir / 'fieldops.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while the task worker writes.
        settings["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": DATABASE_LOCK_TIMEOUT,
        }
    elif settings["ENGINE"] == "django.db.backends.postgresql":
        settings["OPTIONS"] = {
            "connect_timeout": DATABASE_CONNECT_TIMEOUT,
            "options": f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}",
            # A server host that vanished (power, network) is noticed within
            # about 30 s on an open connection: the kernel gives up on
            # unacknowledged data, and probes an idle one. A frozen server
            # process on a live host still acknowledges; gunicorn's --timeout
            # bounds that case.
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 30_000,
            **settings.get("OPTIONS", {}),
        }
    return settings
