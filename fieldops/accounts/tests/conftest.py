import pytest
from django.contrib.auth.models import Group, Permission

from fieldops.operations.access.roles import ORGANISATION_ADMINS

PASSWORD = "a-long-and-unusual-passphrase-7"  # noqa: S105


def _access_admin():
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


@pytest.fixture
def editor(django_user_model):
    """A user who may use the admin but administers nothing."""
    user = django_user_model.objects.create_user(
        username="editor",
        email="editor@example.org",
        password=PASSWORD,
        first_name="Aigerim",
        last_name="Editor",
    )
    user.user_permissions.add(_access_admin())
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password=PASSWORD
    )


@pytest.fixture
def organisation_admin(django_user_model):
    """A member of the organisation administrators' group, not a superuser."""
    group, _ = Group.objects.get_or_create(name=ORGANISATION_ADMINS)
    group.permissions.add(_access_admin())
    user = django_user_model.objects.create_user(
        username="orgadmin", email="orgadmin@example.org", password=PASSWORD
    )
    user.groups.add(group)
    return user
