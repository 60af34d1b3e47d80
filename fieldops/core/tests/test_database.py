import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


class PostgreSQLTests:
    def test_the_suite_runs_on_postgresql_when_database_url_names_it(self):
        assert connection.vendor == "postgresql"

    def test_task_workers_can_share_the_queue_with_skip_locked_rows(self):
        # django-tasks-db lets several db_worker processes share one queue only
        # where the database can skip rows that another worker has locked.
        assert connection.features.has_select_for_update_skip_locked
