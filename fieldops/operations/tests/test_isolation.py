"""Each field operation's users reach only their own operation's records, through
the admin's real addresses, for every record model and every role."""

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.forms.models import model_to_dict
from django.urls import reverse
from wagtail.models import Revision

from fieldops.accounts.testing import login_verified
from fieldops.documents.models import Document
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.access.roles import ORGANISATION_ADMINS, Role
from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    FinancialFigure,
    Mandate,
    Office,
    OperationChange,
    OperationName,
    OperationRole,
    Person,
    Place,
    Post,
    StaffingSnapshot,
)
from fieldops.operations.selectors import operations_of
from fieldops.operations.services import operation_groups_create
from fieldops.recruitment.models import Vacancy
from fieldops.recruitment.tests.factories import VacancyFactory

from .factories import (
    AppointmentFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PersonFactory,
    PlaceNameFactory,
    PostFactory,
    StaffingLineFactory,
)

pytestmark = pytest.mark.django_db

# Models whose records belong to one operation, and the role that edits them.
SCOPED = {
    OperationName: Role.EDITOR,
    OperationChange: Role.EDITOR,
    Office: Role.EDITOR,
    Mandate: Role.EDITOR,
    Post: Role.EDITOR,
    Appointment: Role.EDITOR,
    StaffingSnapshot: Role.FINANCE_OFFICER,
    FinancialFigure: Role.FINANCE_OFFICER,
    Vacancy: Role.HR_OFFICER,
}
SHARED = [Person, Place, Document]
ROLES = list(Role)


def make(model, operation):
    """A live record of `model` belonging to `operation`."""
    return {
        OperationName: lambda: OperationNameFactory(operation=operation),
        OperationChange: lambda: OperationChange.objects.create(
            operation=operation, kind="established"
        ),
        Office: lambda: OfficeFactory(operation=operation),
        Mandate: lambda: MandateFactory(operation=operation),
        Post: lambda: PostFactory(operation=operation),
        Appointment: lambda: AppointmentFactory(post__operation=operation),
        StaffingSnapshot: lambda: (
            StaffingLineFactory(snapshot__operation=operation).snapshot
        ),
        FinancialFigure: lambda: FinancialFigureFactory(operation=operation),
        Vacancy: lambda: VacancyFactory(operation=operation),
        Person: lambda: PersonFactory(),
        Place: lambda: PlaceNameFactory(name="Astana").place,
        Document: lambda: DocumentFactory(),
    }[model]()


def url(model, name, *args) -> str:
    return reverse(f"{model.snippet_viewset.url_namespace}:{name}", args=args)


def may(role, model, action) -> bool:
    """Whether the role's group holds the permission (through the operation)."""
    return (
        Group.objects.filter(
            operation_role__role=role,
            permissions__codename=f"{action}_{model._meta.model_name}",
        )
        .distinct()
        .exists()
    )


def form_data(record, **changes) -> dict:
    """What the admin's edit form of `record` posts back unchanged, with `changes`."""
    form_class = type(record).snippet_viewset.get_edit_handler().get_form_class()
    form = form_class(instance=record)
    data = {}
    for bound_forms in [[form], *(fs.forms for fs in form.formsets.values())]:
        for each in bound_forms:
            for field in each:
                data.update(_posted(field))
    for formset in form.formsets.values():
        for field in formset.management_form:
            data[field.html_name] = field.value()
    data.update(changes)
    return data


def _posted(bound) -> dict:
    value = bound.value()
    if isinstance(bound.field, forms.ModelMultipleChoiceField):
        return {bound.html_name: [str(v) for v in value or []]}
    if isinstance(bound.field, forms.ModelChoiceField):
        return {bound.html_name: "" if value is None else str(value)}
    if isinstance(bound.field, forms.BooleanField):
        return {bound.html_name: "on"} if value else {}
    shown = bound.field.widget.format_value(value)
    return {bound.html_name: "" if shown is None else shown}


def state(record) -> tuple:
    """The stored record and its revisions, to tell that nothing changed."""
    model = type(record)
    row = model.objects.filter(pk=record.pk).first()
    revisions = Revision.objects.for_instance(record).count()
    return (row and model_to_dict(row, exclude=["dimensions"]), revisions)


@pytest.fixture
def sign_in(client, django_user_model, operations):
    """Sign the client in as a member of operation A's group of `role`."""

    def sign_in(role):
        user = django_user_model.objects.create_user(
            username=f"a-{role}", email=f"{role}@example.org", password="unused-pw-1"
        )
        user.groups.add(
            OperationRole.objects.get(operation=operations[0], role=role).group
        )
        client.force_login(user)
        client.user = user
        return client

    return sign_in


class GroupsTests:
    def test_each_operation_gets_four_groups_linked_to_it(self, operations):
        a, _b = operations
        names = set(
            Group.objects.filter(operation_role__operation=a).values_list(
                "name", flat=True
            )
        )
        assert names == {
            "alpha: editors",
            "alpha: HR officers",
            "alpha: finance officers",
            "alpha: approvers",
        }

    def test_making_the_groups_again_changes_nothing(self, operations):
        before = Group.objects.count()
        operation_groups_create(operation=operations[0])
        assert Group.objects.count() == before

    def test_only_approvers_publish(self, operations):
        for model, role in SCOPED.items():
            assert may(role, model, "change")
            assert not may(role, model, "publish")
            assert may(Role.APPROVER, model, "publish")
            assert not may(Role.APPROVER, model, "delete")

    def test_the_organisation_administrators_group_exists_with_every_permission(self):
        group = Group.objects.get(name=ORGANISATION_ADMINS)
        codenames = set(group.permissions.values_list("codename", flat=True))
        for model in [*SCOPED, *SHARED, FieldOperation]:
            name = model._meta.model_name
            assert {f"add_{name}", f"change_{name}", f"publish_{name}"} <= codenames

    def test_creating_an_operation_in_the_admin_creates_its_groups(
        self, client, django_user_model
    ):
        login_verified(
            client, django_user_model.objects.create_superuser("root", "r@x.org", "pw")
        )
        response = client.post(
            url(FieldOperation, "add"),
            {
                "slug": "gamma",
                "host_country": "KZ",
                "status": "current",
                "coverage": "partial",
                "host_state_names-TOTAL_FORMS": "0",
                "host_state_names-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302
        gamma = FieldOperation.objects.get(slug="gamma")
        assert OperationRole.objects.filter(operation=gamma).count() == 4

    def test_operations_of_a_user_are_those_of_their_groups(self, operations, sign_in):
        client = sign_in(Role.EDITOR)
        assert list(operations_of(client.user)) == [operations[0]]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", list(SCOPED))
class OtherOperationTests:
    def test_another_operation_s_record_cannot_be_seen_changed_or_deleted(
        self, operations, sign_in, model, role
    ):
        client = sign_in(role)
        theirs = make(model, operations[1])
        before = state(theirs)
        for name in ("edit", "delete", "history", "unpublish"):
            assert client.get(url(model, name, theirs.pk)).status_code == 403, name
        data = form_data(theirs) | {"action-publish": "publish"}
        assert client.post(url(model, "edit", theirs.pk), data).status_code == 403
        assert client.post(url(model, "delete", theirs.pk)).status_code == 403
        assert state(theirs) == before

    def test_the_listing_leaves_out_another_operation_s_records(
        self, operations, sign_in, model, role
    ):
        client = sign_in(role)
        mine, theirs = make(model, operations[0]), make(model, operations[1])
        response = client.get(url(model, "list"))
        if not may(role, model, "change"):
            assert response.status_code in (302, 403)
            return
        assert response.status_code == 200
        listed = {obj.pk for obj in response.context["object_list"]}
        assert mine.pk in listed
        assert theirs.pk not in listed

    def test_a_record_cannot_be_created_for_another_operation(
        self, operations, sign_in, model, role
    ):
        client = sign_in(role)
        make(model, operations[0])  # so that A has a post to offer, for example
        template = make(model, operations[1])
        field = model.snippet_viewset.operation_path.split("__")[0]
        count = model.objects.count()
        response = client.post(url(model, "add"), form_data(template))
        assert model.objects.count() == count
        if not may(role, model, "add"):
            assert response.status_code in (302, 403)
            return
        assert response.status_code == 200
        assert field in response.context["form"].errors
        offered = response.context["form"].fields[field].queryset
        assert {operation_id(obj) for obj in offered} == {operations[0].pk}

    def test_the_own_operation_s_record_is_edited_by_its_role_only(
        self, operations, sign_in, model, role
    ):
        client = sign_in(role)
        mine = make(model, operations[0])
        before = state(mine)
        response = client.post(url(model, "edit", mine.pk), form_data(mine))
        if may(role, model, "change"):
            assert response.status_code == 302
            assert state(mine)[1] == before[1] + 1  # a new draft revision
        else:
            assert response.status_code == 403
            assert state(mine) == before

    def test_the_own_operation_s_record_is_deleted_by_its_editing_role_only(
        self, operations, sign_in, model, role
    ):
        client = sign_in(role)
        mine = make(model, operations[0])
        client.post(url(model, "delete", mine.pk))
        assert model.objects.filter(pk=mine.pk).exists() != may(role, model, "delete")

    def test_only_approvers_publish_the_own_operation_s_record(
        self, operations, sign_in, model, role
    ):
        client = sign_in(role)
        mine = make(model, operations[0])
        model.objects.filter(pk=mine.pk).update(live=False)
        mine.refresh_from_db()
        client.post(
            url(model, "edit", mine.pk), form_data(mine) | {"action-publish": "on"}
        )
        mine.refresh_from_db()
        assert mine.live == (role == Role.APPROVER)


def operation_id(obj):
    return obj.operation_id if hasattr(obj, "operation_id") else obj.pk


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", SHARED)
class SharedRecordTests:
    """Documents, people and places serve every operation: any operation's editors
    (and approvers) change them; HR and finance officers do not."""

    def test_shared_records_are_edited_by_editors_and_approvers(
        self, sign_in, model, role
    ):
        client = sign_in(role)
        record = make(model, None)
        before = state(record)
        response = client.post(url(model, "edit", record.pk), form_data(record))
        if role in (Role.EDITOR, Role.APPROVER):
            assert response.status_code == 302
            assert state(record)[1] == before[1] + 1
        else:
            assert response.status_code == 403
            assert state(record) == before

    def test_shared_records_are_deleted_by_editors_only(self, sign_in, model, role):
        client = sign_in(role)
        record = make(model, None)
        client.post(url(model, "delete", record.pk))
        assert model.objects.filter(pk=record.pk).exists() != (role == Role.EDITOR)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_changes_the_field_operation_itself(operations, sign_in, role):
    client = sign_in(role)
    for operation in operations:
        before = state(operation)
        assert client.get(url(FieldOperation, "edit", operation.pk)).status_code == 403
        response = client.post(
            url(FieldOperation, "edit", operation.pk), form_data(operation)
        )
        assert response.status_code == 403
        assert state(operation) == before


class BulkDeleteTests:
    def test_the_bulk_delete_refuses_another_operation_s_records(
        self, operations, sign_in
    ):
        client = sign_in(Role.EDITOR)
        theirs = make(Mandate, operations[1])
        address = reverse(
            "wagtail_bulk_action", args=("operations", "mandate", "delete")
        )
        response = client.post(f"{address}?id={theirs.pk}")
        assert response.status_code == 403
        assert Mandate.objects.filter(pk=theirs.pk).exists()

    def test_the_bulk_delete_removes_the_own_operation_s_records(
        self, operations, sign_in
    ):
        client = sign_in(Role.EDITOR)
        mine = make(Mandate, operations[0])
        address = reverse(
            "wagtail_bulk_action", args=("operations", "mandate", "delete")
        )
        client.post(f"{address}?id={mine.pk}")
        assert not Mandate.objects.filter(pk=mine.pk).exists()


class OrganisationAdministratorTests:
    @pytest.mark.parametrize("model", list(SCOPED))
    def test_administrators_reach_every_operation_s_records(
        self, client, django_user_model, operations, model
    ):
        user = django_user_model.objects.create_user("org", "org@example.org", "pw")
        user.groups.add(Group.objects.get(name=ORGANISATION_ADMINS))
        login_verified(client, user)
        record = make(model, operations[1])
        assert client.get(url(model, "edit", record.pk)).status_code == 200
        assert operations_of(user) is None
