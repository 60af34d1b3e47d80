"""Every admin address, with another field operation's ids filled in, shows a user
of one operation nothing of that operation's drafts.

The addresses come from Django's URL resolver, so a new admin view is walked
without anyone adding it here; a parameter the walk cannot fill fails the test
until it is given a value below. Operation B's records and profile page carry
MARKER only in what is not published (a draft revision under review, or a record
never published), and in the logs and workflow states about them. Each address is
requested with B's ids, plainly, with a search for a word of the drafts and the
ids of B's records as parameters, and as a spreadsheet where it exports one: no
answer may be a server error, or a 200 with MARKER in it.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django.utils.regex_helper import normalize
from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex, WorkflowState
from wagtail.rich_text import RichText

from fieldops.accounts.testing import login_verified
from fieldops.documents.models import Document
from fieldops.documents.tests.factories import DocumentFactory
from fieldops.operations.access.policy import operation_models
from fieldops.operations.access.roles import ORGANISATION_ADMINS, Role
from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    FieldOperationPage,
    FinancialFigure,
    Mandate,
    Office,
    OperationChange,
    OperationName,
    OperationRole,
    Post,
    StaffingSnapshot,
    Succession,
)
from fieldops.operations.services import operation_groups_create
from fieldops.recruitment.models import Vacancy
from fieldops.recruitment.tests.factories import VacancyFactory

from .factories import (
    AppointmentFactory,
    FieldOperationFactory,
    FieldOperationPageFactory,
    FinancialFigureFactory,
    MandateFactory,
    OfficeFactory,
    OperationNameFactory,
    PostFactory,
    StaffingSnapshotFactory,
)
from .test_workflow import submit

pytestmark = pytest.mark.django_db

MARKER = "Qzvdraftmark"
# A word of the drafts to search for: a view that repeats the search shows it,
# not MARKER.
SOUGHT = "Zyxsought"

# The text field that carries MARKER, for each model whose records belong to one
# operation (but the operation itself, which has none).
MARKED = {
    OperationName: "full_name",
    OperationChange: "note",
    Office: "source_note",
    Mandate: "summary",
    Post: "title",
    Appointment: "honorific",
    StaffingSnapshot: "note",
    FinancialFigure: "based_on",
    Vacancy: "title",
}

# A live record of the model for an operation; `second` avoids the unique
# constraints the first one holds.
FACTORIES = {
    OperationName: lambda op, second: OperationNameFactory(operation=op),
    OperationChange: lambda op, second: OperationChange.objects.create(
        operation=op, kind="established"
    ),
    Office: lambda op, second: OfficeFactory(operation=op),
    Mandate: lambda op, second: MandateFactory(operation=op),
    Post: lambda op, second: PostFactory(operation=op),
    Appointment: lambda op, second: AppointmentFactory(post__operation=op),
    StaffingSnapshot: lambda op, second: StaffingSnapshotFactory(
        operation=op, as_of=datetime.date(2023 if second else 2024, 12, 31)
    ),
    FinancialFigure: lambda op, second: FinancialFigureFactory(
        operation=op, year=2023 if second else 2024
    ),
    Vacancy: lambda op, second: VacancyFactory(operation=op),
}

# Parameters that name nothing of a field operation (images, Wagtail's own
# documents, uploads, collections, redirects, translations, settings, password
# resets): any value will do, and none can lead to an operation's draft.
UNRELATED = {
    "image_id": "1",
    "document_id": "1",
    "doc_id": "1",
    "uploaded_file_id": "1",
    "collection_id": "1",
    "redirect_id": "1",
    "translation_id": "1",
    "translation_source_id": "1",
    "string_segment_id": "1",
    "overridable_segment_id": "1",
    "mode": "source",
    "filter_spec": "original",
    "uidb64": "MQ",
    "token": "set-password",
    "app_name": "wagtailcore",
}

# Names for the unnamed groups of these addresses (by URL name), in order.
POSITIONAL = {
    "wagtailadmin_pages:revisions_compare": ("page_id", "revision_a", "revision_b"),
}

# Addresses not requested, with the reason.
NOT_REQUESTED = {
    "admin/failwhale/": "raises on purpose, to test the reporting of errors",
    "admin/logout/": "ends the session, whatever the method",
}


@dataclass
class Subject:
    """One of operation B's objects, with the values of the parameters that name
    it (its id, its model, its revision, its workflow...)."""

    model: type
    values: dict[str, list[str]]


@dataclass
class World:
    alpha: FieldOperation
    beta: FieldOperation
    author: object  # B's approver, who wrote B's drafts
    subjects: list[Subject]

    def ids_of(self, model) -> list[str]:
        return [s.values["pk"][0] for s in self.subjects if issubclass(s.model, model)]


def member(django_user_model, operation, role, name):
    user = django_user_model.objects.create_user(
        name, email=f"{name}@example.org", password="unused-pw-1"
    )
    user.groups.add(OperationRole.objects.get(operation=operation, role=role).group)
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def naming(model, obj) -> dict[str, list[str]]:
    """The parameters that name `obj`, its model and its revisions."""
    opts = model._meta
    actions = bulk_action_registry.get_bulk_actions_for_model(
        opts.app_label, opts.model_name
    )
    latest = getattr(obj, "latest_revision_id", None)
    return {
        "pk": [str(obj.pk)],
        "object_id": [str(obj.pk)],
        "app_label": [opts.app_label],
        "model_name": [opts.model_name],
        "action": [action.action_type for action in actions],
        "revision_id": [str(latest)] if latest else [],
        "revision_id_a": ["earliest"],
        "revision_id_b": ["latest"],
        "revision_a": ["earliest"],
        "revision_b": ["latest"],
    }


def in_review(obj) -> dict[str, list[str]]:
    """The parameters that name `obj`'s workflow state and task."""
    state = WorkflowState.objects.for_instance(obj).first()
    if state is None:
        return {}
    return {
        "workflow_state_id": [str(state.pk)],
        "task_state_id": [str(state.current_task_state_id)],
        "task_id": [str(state.current_task_state.task_id)],
        "workflow_pk": [str(state.workflow_id)],
        "action_name": ["approve", "reject"],
    }


def published(obj, author) -> None:
    """`obj` with a first revision, published."""
    obj.save_revision(user=author, clean=False).publish(user=author)


@pytest.fixture
def world(django_user_model) -> World:
    """Operations A and B; B's records and profile page, each published and then
    changed in a draft with MARKER that is under review, locked and being
    edited, and B's records never published, with MARKER, citing a shared
    document: all by B's approver."""
    alpha = FieldOperationFactory(slug="alpha")
    beta = FieldOperationFactory(slug="beta")
    FieldOperationPageFactory(operation=alpha)
    page = FieldOperationPageFactory(operation=beta)
    operation_groups_create(operation=alpha)
    operation_groups_create(operation=beta)
    author = member(django_user_model, beta, Role.APPROVER, "b-approver")
    client = signed_in(author)
    now = timezone.now()
    subjects = []

    for model, text in MARKED.items():
        record = FACTORIES[model](beta, False)
        published(record, author)
        submit(client, record, **{text: f"{MARKER} {SOUGHT} {model.__name__}"})
        model.objects.filter(pk=record.pk).update(
            locked=True, locked_by=author, locked_at=now
        )
        log(record, "wagtail.lock", user=author)
        session = EditingSession.objects.create(
            user=author,
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(record.pk),
            last_seen_at=now,
        )
        record.refresh_from_db()
        values = naming(model, record) | in_review(record)
        subjects.append(Subject(model, values | {"session_id": [str(session.pk)]}))

    shared = DocumentFactory()  # the source of the records never published
    for model, text in MARKED.items():
        record = FACTORIES[model](beta, True)
        sourced = {"source": shared} if hasattr(record, "source") else {}
        model.objects.filter(pk=record.pk).update(
            live=False, **{text: f"{MARKER} {SOUGHT} {model.__name__} draft"}, **sourced
        )
        record.refresh_from_db()
        ReferenceIndex.create_or_update_for_object(record)
        record.save_revision(user=author, log_action=True, clean=False)
        record.refresh_from_db()
        subjects.append(Subject(model, naming(model, record)))

    published(page, author)
    page.overview = [("paragraph", RichText(f"<p>{MARKER} {SOUGHT} overview</p>"))]
    page.save_revision(user=author, log_action=True)
    page.get_workflow().start(page, author)
    FieldOperationPage.objects.filter(pk=page.pk).update(
        locked=True, locked_by=author, locked_at=now
    )
    page.refresh_from_db()
    values = naming(Page, page) | in_review(page)
    for name in ("page_id", "parent_page_id", "page_to_move_id", "page_pk"):
        values[name] = [str(page.pk)]
    values["destination_id"] = [str(page.get_parent().pk)]
    values["content_type_app_name"] = ["operations"]
    values["content_type_model_name"] = ["fieldoperationpage"]
    subjects.append(Subject(FieldOperationPage, values))

    beta.save_revision(user=author, clean=False)
    beta.get_workflow().start(beta, author)
    values = naming(FieldOperation, beta) | in_review(beta) | {"slug": [beta.slug]}
    subjects.append(Subject(FieldOperation, values))
    return World(alpha, beta, author, subjects)


# --- The admin's addresses ----------------------------------------------------


@dataclass
class Address:
    """One URL pattern under the admin, and how to fill it in."""

    route: str  # as Django prints it, such as "admin/snippets/a/b/edit/<int:pk>/"
    name: str | None  # with its namespaces
    pattern: URLPattern
    format: str  # such as "admin/snippets/a/b/edit/%(pk)s/"
    params: list[str]

    @property
    def view_model(self):
        """The model the view is about, when it says so."""
        callback = self.pattern.callback
        initkwargs = getattr(callback, "view_initkwargs", None) or {}
        view_class = getattr(callback, "view_class", None) or getattr(
            callback, "cls", None
        )
        model = initkwargs.get("model") or getattr(view_class, "model", None)
        if isinstance(model, str):
            model = apps.get_model(model)
        if isinstance(model, type) and issubclass(model, models.Model):
            return model
        return None

    @property
    def exports(self) -> bool:
        view_class = getattr(self.pattern.callback, "view_class", None)
        return isinstance(view_class, type) and issubclass(
            view_class, SpreadsheetExportMixin
        )


def _patterns(entries, route="", regex="", namespace=""):
    for entry in entries:
        part = entry.pattern.regex.pattern.removeprefix("^")
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _patterns(
                entry.url_patterns, route + str(entry.pattern), regex + part, inner
            )
        elif isinstance(entry, URLPattern):
            name = entry.name and ":".join(filter(None, [namespace, entry.name]))
            yield route + str(entry.pattern), regex + part, entry, name


def admin_addresses() -> list[Address]:
    """Every URL pattern under the admin's prefix, from Django's resolver."""
    prefix = reverse("wagtailadmin_home").lstrip("/")
    addresses = []
    for route, regex, pattern, name in _patterns(get_resolver().url_patterns):
        if not route.startswith(prefix):
            continue
        fmt, params = normalize(regex)[0]
        if name in POSITIONAL:
            names = POSITIONAL[name]
            fmt = fmt % {f"_{i}": f"%({each})s" for i, each in enumerate(names)}
            params = list(names)
        addresses.append(Address(route, name, pattern, fmt, list(params)))
    return addresses


def fillings(address: Address, world: World) -> list[dict[str, str]]:
    """Each way to fill the address's parameters with one of B's objects (of the
    view's model, when it has one). A model none of B's objects is (users,
    shared records...) gets its first row, and "1" for what that row lacks (a
    revision, a workflow) among the parameters B's objects fill."""
    wanted = [p for p in address.params if p not in UNRELATED]
    fixed = {p: UNRELATED[p] for p in address.params if p in UNRELATED}
    if not wanted:
        return [fixed]
    model = address.view_model
    ours = [s for s in world.subjects if model is None or issubclass(s.model, model)]
    options = [[subject.values.get(p, []) for p in wanted] for subject in ours]
    if not ours:
        known = {p for subject in world.subjects for p in subject.values}
        first = model._default_manager.order_by("pk").first()
        values = naming(model, first) | in_review(first) if first else {}
        options = [[values.get(p) or (["1"] if p in known else []) for p in wanted]]
    return [
        fixed | dict(zip(wanted, values, strict=True))
        for lists in options
        for values in itertools.product(*lists)
    ]


def query(address: Address, world: World, kwargs: dict) -> str:
    """A search for SOUGHT, and the ids of B's objects the view is about."""
    model = address.view_model
    if "app_label" in kwargs:
        model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
    ids = world.ids_of(model) if model is not None else []
    return urlencode({"q": SOUGHT, "search": SOUGHT, "id": ids}, doseq=True)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@dataclass
class Walk:
    showing: list[str] = field(default_factory=list)  # 200, with MARKER
    failing: list[str] = field(default_factory=list)  # server errors
    unfilled: list[str] = field(default_factory=list)


def walk(client: Client, world: World) -> Walk:
    """GET every admin address filled with B's ids, as `client`."""
    result = Walk()
    for address in admin_addresses():
        if address.route in NOT_REQUESTED:
            continue
        filled = fillings(address, world)
        if not filled:
            result.unfilled.append(f"{address.route}: {address.params}")
        for kwargs in filled:
            path = "/" + address.format % kwargs
            try:
                match = resolve(path)
            except Resolver404:
                match = None
            if match is None or match.func is not address.pattern.callback:
                if match is None or match.route != address.route:
                    result.unfilled.append(f"{address.route}: {path}")
                # else: an address of the project's in front hides this one.
                continue
            urls = [path, f"{path}?{query(address, world, kwargs)}"]
            if address.exports:
                urls.append(f"{path}?export=csv")
            for url in urls:
                try:
                    response = client.get(url)
                except Exception as error:  # noqa: BLE001 - reported by the test
                    result.failing.append(f"{url} raised {error!r}")
                    continue
                if response.status_code >= 500:
                    result.failing.append(f"{url} answered {response.status_code}")
                elif response.status_code == 200 and MARKER in body(response):
                    result.showing.append(url)
    return result


# --- The tests ------------------------------------------------------------------


def test_every_model_of_an_operation_carries_the_marker():
    # Lineage has no drafts: nothing of it is hidden from anyone who sees it.
    assert set(MARKED) == set(operation_models()) - {FieldOperation, Succession}


def test_the_walk_s_exceptions_name_what_still_exists():
    addresses = admin_addresses()
    assert set(NOT_REQUESTED) <= {a.route for a in addresses}
    assert set(POSITIONAL) <= {a.name for a in addresses}
    assert set(UNRELATED) <= {p for a in addresses for p in a.params}


@pytest.mark.parametrize("role", [Role.EDITOR, Role.APPROVER])
def test_no_admin_address_shows_another_operation_s_drafts(
    world, django_user_model, role
):
    user = member(django_user_model, world.alpha, role, f"a-{role.value}")
    result = walk(signed_in(user), world)
    assert result.unfilled == []
    assert result.failing == []
    assert result.showing == []


def test_the_operation_s_own_approver_sees_its_drafts(world):
    """The control: B's approver finds MARKER where the walk looks for it."""
    result = walk(signed_in(world.author), world)
    assert result.unfilled == []
    shown = {url.split("?")[0] for url in result.showing}
    document = Document.objects.get()  # cited by B's records never published
    expected = {
        reverse(Document.snippet_viewset.get_url_name("usage"), args=(document.pk,)),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
    }
    for subject in world.subjects:
        if subject.model not in MARKED:
            continue
        viewset = subject.model.snippet_viewset
        pk = subject.values["pk"][0]
        if "session_id" in subject.values:  # a draft of a published record
            compare = viewset.get_url_name("revisions_compare")
            expected.add(reverse(compare, args=(pk, "earliest", "latest")))
        elif MARKER in str(subject.model.objects.get(pk=pk)):
            # A record never published that a chooser lists by its name.
            chooser = subject.model.snippet_viewset.chooser_viewset
            expected.add(reverse(chooser.get_url_name("choose_results")))
            expected.add(reverse(chooser.get_url_name("chosen"), args=(pk,)))
    assert expected <= shown, sorted(expected - shown)


# --- The same rules, one view at a time -----------------------------------------


@pytest.fixture
def operations():
    alpha = FieldOperationFactory(slug="alpha")
    beta = FieldOperationFactory(slug="beta")
    operation_groups_create(operation=alpha)
    operation_groups_create(operation=beta)
    return alpha, beta


def chooser_url(model, name, *args) -> str:
    return reverse(model.snippet_viewset.chooser_viewset.get_url_name(name), args=args)


class OneViewTests:
    def test_another_operation_s_record_is_refused_and_a_missing_one_not_found(
        self, operations, django_user_model
    ):
        alpha, beta = operations
        theirs = MandateFactory(operation=beta)
        theirs.save_revision()
        client = signed_in(member(django_user_model, alpha, Role.EDITOR, "editor"))
        compare = Mandate.snippet_viewset.get_url_name("revisions_compare")
        for pk, status in ((theirs.pk, 403), (theirs.pk + 1, 404)):
            address = reverse(compare, args=(pk, "earliest", "latest"))
            assert client.get(address).status_code == status
            assert client.get(chooser_url(Mandate, "chosen", pk)).status_code == status

    @pytest.mark.parametrize("role", list(Role))
    def test_every_role_still_chooses_the_shared_records(
        self, operations, django_user_model, role
    ):
        document = DocumentFactory(title="Shared decision", live=False)
        client = signed_in(member(django_user_model, operations[0], role, "user"))
        response = client.get(chooser_url(Document, "choose_results"))
        assert "Shared decision" in response.content.decode()
        response = client.get(chooser_url(Document, "chosen", document.pk))
        assert response.status_code == 200

    def test_the_listing_filters_offer_the_user_s_own_operation_only(
        self, operations, django_user_model
    ):
        alpha, beta = operations
        mine = AppointmentFactory(post__operation=alpha)
        AppointmentFactory(post__operation=beta)
        client = signed_in(member(django_user_model, alpha, Role.EDITOR, "editor"))
        response = client.get(reverse(Appointment.snippet_viewset.get_url_name("list")))
        fields = response.context["filters"].form.fields
        assert list(fields["post"].queryset) == [mine.post]
        assert list(fields["post__operation"].queryset) == [alpha]

    def test_an_organisation_administrator_sees_every_operation_s_drafts(
        self, client, operations, django_user_model
    ):
        _alpha, beta = operations
        draft = MandateFactory(operation=beta, summary=f"{MARKER} draft", live=False)
        log(draft, "wagtail.create")
        user = django_user_model.objects.create_user("org", "org@example.org", "pw")
        user.groups.add(Group.objects.get(name=ORGANISATION_ADMINS))
        login_verified(client, user)
        for address in (
            chooser_url(Mandate, "choose_results"),
            chooser_url(Mandate, "chosen", draft.pk),
            reverse("wagtailadmin_reports:site_history"),
        ):
            assert MARKER in client.get(address).content.decode(), address
