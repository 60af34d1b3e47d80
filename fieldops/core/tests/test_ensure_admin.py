import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def ensure_admin() -> str:
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


class EnsureAdminTests:
    def test_first_run_creates_a_superuser_and_prints_its_generated_password(self):
        output = ensure_admin()

        admin = get_user_model().objects.get(username="admin")
        password = output.split("password ", 1)[1].split()[0]
        assert admin.is_superuser
        assert admin.is_staff
        assert admin.check_password(password)

    def test_the_password_is_stored_only_as_a_hash(self):
        output = ensure_admin()

        password = output.split("password ", 1)[1].split()[0]
        stored = get_user_model().objects.get(username="admin").password
        assert password not in stored

    def test_later_runs_keep_the_password_and_say_how_to_reset_it(self):
        first = ensure_admin()
        password = first.split("password ", 1)[1].split()[0]

        output = ensure_admin()

        assert get_user_model().objects.get(username="admin").check_password(password)
        assert password not in output
        assert "manage.py changepassword admin" in output

    def test_two_runs_create_one_account(self):
        ensure_admin()
        ensure_admin()

        assert get_user_model().objects.filter(username="admin").count() == 1
