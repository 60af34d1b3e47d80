"""Field operations and their dated, sourced facts."""

from __future__ import annotations

import datetime
import zoneinfo

import pycountry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, Revision, Task, TaskState
from wagtail.signals import task_submitted

from fieldops.core.blocks import NarrativeBlock
from fieldops.core.models import Record, RecordQuerySet, Temporal, TemporalQuerySet
from fieldops.documents.models import Sourced

from .access.log import RecordLogEntry  # noqa: F401  (a model of this app)
from .access.policy import SHARED, scope_of
from .access.roles import Role


class Dimension(models.Model):
    """One of the dimensions of the organisation's work (created by a migration)."""

    class Code(models.TextChoices):
        POLITICO_MILITARY = "politico-military", _("Politico-military")
        ECONOMIC_ENVIRONMENTAL = (
            "economic-environmental",
            _("Economic and environmental"),
        )
        HUMAN = "human", _("Human")

    code = models.CharField(
        _("code"),
        max_length=30,
        choices=Code.choices,
        unique=True,
        help_text=_("Which dimension this is."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self):
        return str(self.get_code_display())


class FieldOperation(Record, ClusterableModel):
    """An office the organisation keeps, or kept, in a host country."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_(
            "The stable part of its web address, for example “astana”. It does not "
            "change when the operation is renamed."
        ),
    )
    host_country = CountryField(
        _("host country"), help_text=_("The country that hosts the operation.")
    )
    dimensions = ParentalManyToManyField(
        Dimension,
        verbose_name=_("dimensions"),
        blank=True,
        help_text=_("The dimensions of the organisation's work it takes part in."),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("field operation")
        verbose_name_plural = _("field operations")

    def __str__(self):
        return self.slug


class PresenceKind(models.TextChoices):
    MISSION = "mission", _("Mission")
    CENTRE = "centre", _("Centre")
    PROGRAMME_OFFICE = "programme-office", _("Programme office")
    OFFICE = "office", _("Office")
    PROJECT_CO_ORDINATOR = "project-co-ordinator", _("Project co-ordinator")
    PRESENCE = "presence", _("Presence")
    OTHER = "other", _("Other")


class NameChange(models.TextChoices):
    ESTABLISHED = "established", _("Established")
    RENAMED = "renamed", _("Renamed")
    TRANSFORMED = "transformed", _("Transformed")
    CLOSED = "closed", _("Closed")


class OperationNameQuerySet(TemporalQuerySet):
    pass


class OperationName(Record, Temporal, Sourced):
    """The name an operation bears over a period, and the change that began it."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="names",
        help_text=_("The field operation that bears this name."),
    )
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        help_text=_(
            "The official name, for example “OSCE Programme Office in Astana”."
        ),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("A shorter form for tight spaces, if there is a usual one."),
    )
    presence_kind = models.CharField(
        _("kind of presence"),
        max_length=30,
        choices=PresenceKind.choices,
        help_text=_("What sort of field presence the operation is under this name."),
    )
    change = models.CharField(
        _("kind of change"),
        max_length=20,
        choices=NameChange.choices,
        help_text=_(
            "What began this period: the establishment, a rename, a transformation "
            "into another kind of presence, or the closure (then give the name it "
            "had last)."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_(
            "Why the change happened, in a short phrase, shown in the history."
        ),
    )

    objects = OperationNameQuerySet.as_manager()
    overlap_fields = ("operation",)

    class Meta:
        ordering = ["operation", "valid_from"]
        verbose_name = _("operation name")
        verbose_name_plural = _("operation names")

    def __str__(self):
        return self.full_name


class Place(Record, ClusterableModel):
    """A city or town; its own name may change over time."""

    country = CountryField(_("country"), help_text=_("The country the place is in."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("The IANA time zone, for example Asia/Almaty."),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        names = list(self.names.all())
        return names[-1].name if names else f"#{self.pk}"

    def name_on(self, day: datetime.date):
        """The place's name on `day`, from the names already loaded."""
        held = [name for name in self.names.all() if name.holds_on(day)]
        return held[0] if held else None

    def clean(self):
        super().clean()
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            raise ValidationError(
                {"time_zone": _("Enter an IANA time zone such as Asia/Almaty.")}
            ) from None


class PlaceName(Orderable, Temporal):
    """What a place is called over a period."""

    place = ParentalKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The place's name in this period.")
    )

    objects = TemporalQuerySet.as_manager()
    overlap_fields = ("place",)

    class Meta(Orderable.Meta):
        verbose_name = _("place name")
        verbose_name_plural = _("place names")

    def __str__(self):
        return self.name


class OfficeRole(models.TextChoices):
    HEADQUARTERS = "headquarters", _("Headquarters")
    FIELD_OFFICE = "field-office", _("Field office")


class Office(Record, Temporal, Sourced):
    """Premises of an operation in a place, over a period."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="offices",
        help_text=_("The field operation that keeps this office."),
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="offices",
        help_text=_("The city or town the office is in."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=OfficeRole.choices,
        default=OfficeRole.HEADQUARTERS,
        help_text=_("The headquarters (one at a time) or a field office."),
    )

    objects = TemporalQuerySet.as_manager()
    overlap_fields = ("operation", "place", "role")

    class Meta:
        ordering = ["operation", "role", "valid_from"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return f"{self.get_role_display()} – {self.place}"

    def overlap_siblings(self):
        # One headquarters at a time; a field office may not be listed twice.
        siblings = Office.objects.filter(operation_id=self.operation_id, role=self.role)
        if self.role == OfficeRole.FIELD_OFFICE:
            siblings = siblings.filter(place_id=self.place_id)
        return siblings.exclude(pk=self.pk) if self.pk else siblings


class Mandate(Record, Temporal, Sourced):
    """What the operation is tasked to do, in the editors' words, and its decision."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="mandates",
        help_text=_("The field operation this mandate is for."),
    )
    summary = models.TextField(
        _("summary"),
        help_text=_(
            "The substance of the mandate in plain words. Link the decision that sets "
            "it as the source document."
        ),
    )

    objects = TemporalQuerySet.as_manager()
    overlap_fields = ("operation",)

    class Meta:
        ordering = ["operation", "valid_from"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def __str__(self):
        return self.summary[:60]


class Person(Record):
    """Someone who holds or held a post."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("The name as the person uses it.")
    )
    sort_name = models.CharField(
        _("sort name"),
        max_length=200,
        blank=True,
        help_text=_("How to sort the name, for example “Rogov, Alexey”."),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class PostRole(models.TextChoices):
    HEAD = "head", _("Head of the operation")
    DEPUTY = "deputy", _("Deputy head")
    OTHER = "other", _("Other")


class Post(Record):
    """A position in a field operation, such as its head."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="posts",
        help_text=_("The field operation the post belongs to."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("The post's title, for example “Head of Office”."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=PostRole.choices,
        default=PostRole.HEAD,
        help_text=_("The head's post is shown as the operation's leadership."),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["operation", "role", "title"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return f"{self.title} ({self.operation})"


class Appointment(Record, Temporal, Sourced):
    """Who held a post over a period."""

    post = models.ForeignKey(
        Post,
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="appointments",
        help_text=_("The post held."),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="appointments",
        help_text=_("Who held it."),
    )
    honorific = models.CharField(
        _("honorific"),
        max_length=100,
        blank=True,
        help_text=_("A title used before the name in this post, such as Ambassador."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A portrait. Its description in the image library is used as the "
            "alternative text, so describe the picture there."
        ),
    )

    objects = TemporalQuerySet.as_manager()
    overlap_fields = ("post",)

    class Meta:
        ordering = ["post", "valid_from"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self):
        return f"{self.person} – {self.post}"


class StaffingSnapshotQuerySet(RecordQuerySet):
    def known_on(self, day: datetime.date):
        """Snapshots counted on or before `day`, latest first."""
        return self.filter(as_of__lte=day).order_by("-as_of")


class StaffingSnapshot(Record, Sourced, ClusterableModel):
    """The staff of an operation counted on one day; the total is the sum of lines."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="staffing_snapshots",
        help_text=_("The field operation counted."),
    )
    as_of = models.DateField(
        _("as of"), help_text=_("The day on which the staff were counted.")
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What the count includes or leaves out, shown with the figure."),
    )

    objects = StaffingSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["operation", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "as_of"], name="one_staffing_snapshot_a_day"
            )
        ]
        verbose_name = _("staffing snapshot")
        verbose_name_plural = _("staffing snapshots")

    def __str__(self):
        return f"{self.operation} – {self.as_of}"

    @property
    def total(self) -> int:
        """The sum of the lines (from the lines already loaded)."""
        return sum(line.count for line in self.lines.all())


class StaffCategory(models.TextChoices):
    INTERNATIONAL = "international", _("international")
    LOCAL = "local", _("local")


class ContractType(models.TextChoices):
    FIXED_TERM = "fixed-term", _("fixed-term")
    SECONDED = "seconded", _("seconded")
    SHORT_TERM = "short-term", _("short-term")
    OTHER = "other", _("other")


class StaffFunding(models.TextChoices):
    ANY = "", _("any (not split by funding)")
    UNIFIED = "unified", _("Unified Budget")
    EXTRABUDGETARY = "extrabudgetary", _("extrabudgetary")


class StaffingLine(Orderable):
    """One part of a staffing count."""

    snapshot = ParentalKey(
        StaffingSnapshot, on_delete=models.CASCADE, related_name="lines"
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=StaffCategory.choices,
        help_text=_("International or locally recruited staff."),
    )
    contract_type = models.CharField(
        _("contract type"),
        max_length=20,
        choices=ContractType.choices,
        default=ContractType.FIXED_TERM,
        help_text=_("The kind of contract these staff hold."),
    )
    funding = models.CharField(
        _("funding"),
        max_length=20,
        choices=StaffFunding.choices,
        blank=True,
        default=StaffFunding.ANY,
        help_text=_("Where their posts are funded from, if the count is split so."),
    )
    count = models.PositiveIntegerField(
        _("count"), help_text=_("How many staff (zero or more).")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("staffing line")
        verbose_name_plural = _("staffing lines")

    def __str__(self):
        return f"{self.count} {self.get_category_display()}"


def validate_currency(code: str) -> None:
    if pycountry.currencies.get(alpha_3=code or "") is None or code != code.upper():
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code, such as EUR."),
            params={"code": code},
            code="currency",
        )


class Fund(models.TextChoices):
    UNIFIED = "unified", _("Unified Budget")
    EXTRABUDGETARY = "extrabudgetary", _("extrabudgetary contributions")


class Measure(models.TextChoices):
    AVAILABLE = "available", _("budget available")
    APPROVED = "approved", _("approved budget")
    EXPENDITURE = "expenditure", _("expenditure")


class Basis(models.TextChoices):
    APPROVED = "approved", _("approved budget")
    PEA = "pea", _("provisional expenditure authorization")
    ACTUAL = "actual", _("actual expenditure")


class FinancialFigureQuerySet(RecordQuerySet):
    def known_on(self, day: datetime.date):
        """Figures reported on or before `day`."""
        return self.filter(as_of__lte=day)


class FinancialFigure(Record, Sourced):
    """An amount of money of one fund and measure for one year."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="financial_figures",
        help_text=_("The field operation the figure is for."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(1900)],
        help_text=_("The calendar year the figure covers."),
    )
    fund = models.CharField(
        _("fund"),
        max_length=20,
        choices=Fund.choices,
        help_text=_("The Unified Budget or extrabudgetary contributions."),
    )
    measure = models.CharField(
        _("measure"),
        max_length=20,
        choices=Measure.choices,
        help_text=_("What the amount measures."),
    )
    basis = models.CharField(
        _("basis"),
        max_length=20,
        choices=Basis.choices,
        help_text=_("What the amount is based on."),
    )
    based_on = models.CharField(
        _("based on budget"),
        max_length=200,
        blank=True,
        help_text=_(
            "The budget it rests on, where that is not the year's own, for example "
            "“2021 Unified Budget”."
        ),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The amount, zero or more, in the currency below."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="EUR",
        validators=[validate_currency],
        help_text=_("The ISO 4217 code of the currency, for example EUR."),
    )
    as_of = models.DateField(
        _("as of"),
        help_text=_(
            "The day on which this figure was known, for example the report date."
        ),
    )

    objects = FinancialFigureQuerySet.as_manager()

    class Meta:
        ordering = ["operation", "-year", "fund", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "year", "fund", "measure", "as_of"],
                name="one_financial_figure_per_report",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="financial_amount_not_negative"
            ),
        ]
        verbose_name = _("financial figure")
        verbose_name_plural = _("financial figures")

    def __str__(self):
        return (
            f"{self.operation} {self.year} {self.get_fund_display()}: "
            f"{self.amount} {self.currency}"
        )


class FieldOperationIndexPage(Page):
    """The list of every field operation, past and present."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short paragraph above the list."),
    )

    content_panels = [*Page.content_panels, "intro"]
    subpage_types = ["operations.FieldOperationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("field operations index")

    def route(self, request, path_components):
        # Profiles are the only children: fetching the child as a profile at once
        # saves the second query of Page.route (generic page, then specific).
        if not path_components:
            return super().route(request, path_components)
        try:
            child = FieldOperationPage.objects.child_of(self).get(
                slug=path_components[0]
            )
        except FieldOperationPage.DoesNotExist:
            raise Http404 from None
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        from .selectors import operation_list

        context = super().get_context(request, *args, **kwargs)
        context["operations"] = operation_list(timezone.localdate(), request=request)
        return context


class FieldOperationPage(Page):
    """The public profile of one field operation."""

    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.PROTECT,
        related_name="pages",
        help_text=_(
            "The operation whose dated facts this page shows. The page's slug must "
            "be the operation's slug."
        ),
    )
    overview = StreamField(
        NarrativeBlock(),
        blank=True,
        verbose_name=_("overview"),
        help_text=_("What the operation does, in the editors' words."),
    )

    content_panels = [*Page.content_panels, "operation", "overview"]
    parent_page_types = ["operations.FieldOperationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("field operation profile")

    def get_context(self, request, *args, as_of=None, **kwargs):
        from fieldops.recruitment.selectors import operation_open_vacancies

        from .selectors import profile_as_of
        from .time_travel import AsOf

        context = super().get_context(request, *args, **kwargs)
        if as_of is None:
            today = timezone.localdate()
            as_of = AsOf(today, today)
        context["as_of"] = as_of
        context["profile"] = profile_as_of(
            self.operation_id, as_of.day, today=as_of.today
        )
        if as_of.day == as_of.today:
            context["vacancies"] = operation_open_vacancies(self.operation_id)
        return context

    def serve(self, request, *args, **kwargs):
        """The profile as of today, or as of the day in `?as_of=YYYY-MM-DD`."""
        from .time_travel import BadDate, parse_as_of

        request.is_preview = False
        try:
            as_of = parse_as_of(request.GET.get("as_of"), timezone.localdate())
        except BadDate:
            context = {"page": self, "bad_as_of": request.GET["as_of"]}
            return TemplateResponse(request, "400.html", context, status=400)
        context = self.get_context(request, *args, as_of=as_of, **kwargs)
        profile = context["profile"]
        if profile.established and as_of.day < profile.established.date:
            return TemplateResponse(
                request,
                "operations/field_operation_not_established.html",
                context,
                status=404,
            )
        return TemplateResponse(
            request, self.get_template(request, *args, **kwargs), context
        )

    def clean(self):
        super().clean()
        if self.operation_id is None:
            return
        if not self.slug:
            self.slug = self.operation.slug
        if self.slug != self.operation.slug:
            raise ValidationError(
                {
                    "slug": _(
                        "Use the operation's slug “%(slug)s” so its address is stable."
                    )
                    % {"slug": self.operation.slug}
                }
            )
        twins = FieldOperationPage.objects.filter(
            operation_id=self.operation_id, locale_id=self.locale_id
        ).exclude(pk=self.pk)
        if twins.exists():
            raise ValidationError(
                {
                    "operation": _(
                        "This operation already has a profile in this language."
                    )
                }
            )


class OperationRole(models.Model):
    """Links a group to the field operation whose records its members may edit
    (or approve), and says in which role."""

    group = models.OneToOneField(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="operation_role",
        help_text=_("The group whose members hold the role."),
    )
    operation = models.ForeignKey(
        FieldOperation,
        verbose_name=_("field operation"),
        on_delete=models.CASCADE,
        related_name="roles",
        help_text=_("The field operation the role is for."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        help_text=_("What the group's members do for the operation."),
    )

    class Meta:
        ordering = ["operation", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "role"], name="one_group_per_operation_role"
            )
        ]
        verbose_name = _("operation role")
        verbose_name_plural = _("operation roles")

    def __str__(self):
        return f"{self.operation}: {self.get_role_display()}"


def submitters_of(obj) -> set[int]:
    """The ids of the users who may not approve `obj`'s change under review: who
    submitted it and who wrote the revision under review (four eyes). Empty when
    FIELDOPS_ALLOW_SELF_APPROVAL is set (a one-person office) or nothing is under
    review."""
    if settings.FIELDOPS_ALLOW_SELF_APPROVAL:
        return set()
    state = getattr(obj, "current_workflow_state", None)
    if state is None:
        return set()
    ids = {state.requested_by_id}
    task_state = state.current_task_state
    if task_state is not None and task_state.revision_id:
        ids.add(
            Revision.objects.filter(pk=task_state.revision_id)
            .values_list("user_id", flat=True)
            .first()
        )
    return ids - {None}


class OperationApprovalTask(Task):
    """A review step approved by the approvers of the record's own field operation,
    or by a member of the organisation-wide groups chosen here."""

    groups = models.ManyToManyField(
        Group,
        verbose_name=_("organisation-wide groups"),
        blank=True,
        related_name="operation_approval_tasks",
        help_text=_(
            "Members of these groups may approve the records of every field "
            "operation, besides each operation's own approvers."
        ),
    )

    admin_form_fields = [*Task.admin_form_fields, "groups"]

    class Meta:
        verbose_name = _("approval by the field operation")
        verbose_name_plural = _("approvals by the field operation")

    @classmethod
    def get_description(cls):
        return _(
            "The approvers of the record's field operation (and the chosen "
            "organisation-wide groups) approve or reject the change"
        )

    def approvers(self, obj):
        """The active users who may approve `obj` at this step."""
        users = get_user_model().objects.filter(is_active=True)
        scope = scope_of(obj)
        approvers = models.Q(groups__in=self.groups.all())
        if scope == SHARED:
            approvers |= models.Q(groups__operation_role__role=Role.APPROVER)
        elif scope is not None:
            approvers |= models.Q(
                groups__operation_role__role=Role.APPROVER,
                groups__operation_role__operation_id=scope,
            )
        return users.filter(approvers).distinct()

    def user_can_approve(self, obj, user) -> bool:
        """Whether `user` may approve or reject `obj` at this step: an approver of
        its operation (or an administrator) who neither submitted it nor wrote
        the revision under review, unless FIELDOPS_ALLOW_SELF_APPROVAL is set."""
        if not (user.is_active and user.is_authenticated):
            return False
        if user.pk in submitters_of(obj):
            return False
        if user.is_superuser:
            return True
        return self.approvers(obj).filter(pk=user.pk).exists()

    def user_can_access_editor(self, obj, user):
        return self.user_can_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_approve(obj, user)

    def get_actions(self, obj, user):
        if not self.user_can_approve(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        # The admin's action view checks the object named in its address, not the
        # task state's own: check the object under review.
        if not self.user_can_approve(task_state.workflow_state.content_object, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if not settings.FIELDOPS_ALLOW_SELF_APPROVAL:
            states = states.exclude(workflow_state__requested_by=user).exclude(
                revision__user=user
            )
        if user.is_superuser or self.groups.filter(user=user).exists():
            return states
        allowed = [
            state.pk
            for state in states.select_related("workflow_state")
            if self.user_can_approve(state.workflow_state.content_object, user)
        ]
        return states.filter(pk__in=allowed)


class OperationApprovalSubmissionNotifier(EmailNotificationMixin, Notifier):
    """Mails the approvers of the record's operation when it is submitted to an
    OperationApprovalTask (Wagtail's own notifier mails group approval tasks)."""

    notification = "submitted"

    def __init__(self):
        super().__init__((TaskState,))

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and isinstance(
            instance.task.specific, OperationApprovalTask
        )

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["task"] = task_state.task.specific
        context["object"] = task_state.workflow_state.content_object
        context["model_name"] = context["object"]._meta.verbose_name
        if isinstance(context["object"], Page):
            context["page"] = context["object"].specific
        return context

    def get_recipient_users(self, task_state, **kwargs):
        obj = task_state.workflow_state.content_object
        recipients = set(task_state.task.specific.approvers(obj))
        if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            recipients |= set(get_user_model().objects.filter(is_superuser=True))
        recipients.discard(kwargs.get("user"))
        return recipients


# Kept here: the signal holds its receivers by weak reference.
operation_approval_submission_notifier = OperationApprovalSubmissionNotifier()
task_submitted.connect(
    operation_approval_submission_notifier,
    sender=TaskState,
    dispatch_uid="operation_approval_task_submitted_email_notification",
)
