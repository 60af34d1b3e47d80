"""Roles: whose operations a user works on, and permissions held per operation."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from fieldops.demo.testing import load_astana_demo
from fieldops.operations.access.roles import ORGANISATION_ADMINS, Role
from fieldops.operations.models import (
    FieldOperation,
    FieldOperationPage,
    Mandate,
    OperationRole,
)
from fieldops.operations.selectors import operations_of
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    MandateFactory,
)
from fieldops.recruitment.models import Vacancy
from fieldops.recruitment.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def group(operation, role) -> Group:
    return OperationRole.objects.get(operation=operation, role=role).group


class OperationsOfTests:
    def test_superusers_and_organisation_administrators_have_every_operation(
        self, django_user_model
    ):
        root = django_user_model.objects.create_superuser("root", "r@x.org", "pw")
        admin = django_user_model.objects.create_user("org", "o@x.org", "pw")
        admin.groups.add(Group.objects.get(name=ORGANISATION_ADMINS))
        assert operations_of(root) is None
        assert operations_of(admin) is None

    def test_others_have_the_operations_of_their_role_groups(
        self, django_user_model, operations
    ):
        a, b = operations
        FieldOperationFactory(slug="gamma")
        user = django_user_model.objects.create_user("u", "u@x.org", "pw")
        assert list(operations_of(user)) == []
        user.groups.add(group(a, Role.EDITOR), group(b, Role.HR_OFFICER))
        assert set(operations_of(user)) == {a, b}


class PerOperationPermissionTests:
    def test_a_role_s_permissions_hold_only_for_its_own_operation(
        self, django_user_model, operations
    ):
        """An editor of A who is HR officer of B edits A's mandates and B's
        vacancies, not B's mandates nor A's vacancies."""
        a, b = operations
        user = django_user_model.objects.create_user("u", "u@x.org", "pw")
        user.groups.add(group(a, Role.EDITOR), group(b, Role.HR_OFFICER))
        mandates = Mandate.snippet_viewset.permission_policy
        vacancies = Vacancy.snippet_viewset.permission_policy
        mandate_a, mandate_b = MandateFactory(operation=a), MandateFactory(operation=b)
        vacancy_a, vacancy_b = VacancyFactory(operation=a), VacancyFactory(operation=b)
        assert mandates.user_has_permission_for_instance(user, "change", mandate_a)
        assert not mandates.user_has_permission_for_instance(user, "change", mandate_b)
        assert vacancies.user_has_permission_for_instance(user, "change", vacancy_b)
        assert not vacancies.user_has_permission_for_instance(user, "change", vacancy_a)
        assert list(vacancies.instances_user_has_permission_for(user, "change")) == [
            vacancy_b
        ]

    def test_a_group_not_tied_to_an_operation_holds_for_every_operation(
        self, django_user_model, operations
    ):
        user = django_user_model.objects.create_user("u", "u@x.org", "pw")
        user.groups.add(Group.objects.get(name=ORGANISATION_ADMINS))
        policy = Mandate.snippet_viewset.permission_policy
        for operation in operations:
            record = MandateFactory(operation=operation)
            assert policy.user_has_permission_for_instance(user, "publish", record)


class GroupCreationTests:
    def test_loading_a_dataset_makes_the_groups_and_their_page_rights(self):
        load_astana_demo()
        operation = FieldOperation.objects.get()
        assert OperationRole.objects.filter(operation=operation).count() == 4
        page = FieldOperationPage.objects.get(operation=operation)
        editors = group(operation, Role.EDITOR)
        rights = set(
            GroupPagePermission.objects.filter(group=editors, page=page).values_list(
                "permission__codename", flat=True
            )
        )
        assert {"add_page", "change_page"} <= rights
        assert "publish_page" not in rights
        approvers = group(operation, Role.APPROVER)
        assert GroupPagePermission.objects.filter(
            group=approvers, page=page, permission__codename="publish_page"
        ).exists()
