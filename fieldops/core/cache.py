"""A database cache whose counts every web worker shares: the store of the
job-alert limits when no Redis is configured (settings: CACHES["limits"])."""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction

# The table of CACHES["limits"] on the database, made by core migration 0004
# rather than by a `createcachetable` step that an installation could forget.
LIMITS_TABLE = "fieldops_limits_cache"


class CountingDatabaseCache(DatabaseCache):
    """Django's DatabaseCache with an atomic incr() that keeps the entry's expiry.

    Django's own incr() reads, then writes with the default timeout: two workers
    counting at once both write the same number, and a count kept for an hour
    would vanish after five minutes. Here the read and the write happen in one
    transaction that holds the row: SELECT … FOR UPDATE on PostgreSQL, and on
    SQLite the write lock its immediate transactions take at the start
    (DATABASES' transaction_mode IMMEDIATE, set in base settings)."""

    def incr(self, key, delta=1, version=None):
        """The count under `key` raised by `delta`, its expiry unchanged.
        Raises ValueError when there is no such (unexpired) entry."""
        db_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, column, key_column = (
            quote(self._table),
            quote("value"),
            quote("cache_key"),
        )
        with transaction.atomic(using=db), connection.cursor() as cursor:
            if connection.features.has_select_for_update:
                # Quoted names from the settings, the value a parameter.
                cursor.execute(
                    f"SELECT 1 FROM {table} WHERE {key_column} = %s FOR UPDATE",  # noqa: S608
                    [db_key],
                )
            value = self.get(key, version=version)
            if value is None:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            pickled = pickle.dumps(value, self.pickle_protocol)
            cursor.execute(
                f"UPDATE {table} SET {column} = %s WHERE {key_column} = %s",  # noqa: S608
                [base64.b64encode(pickled).decode("latin1"), db_key],
            )
        return value
