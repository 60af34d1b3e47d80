"""The register of official documents that facts rest on, and the sourced facts
(Sourced) that rest on them."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from fieldops.core.links import url_of
from fieldops.core.models import ChoiceLabels, Record, RecordQuerySet


class DocumentKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    JOURNAL = "journal", _("Journal")
    BUDGET = "budget", _("Budget document")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class DocumentQuerySet(RecordQuerySet):
    def register(self):
        """Published documents as the register lists them: by adoption date,
        those whose date is unknown last, then by symbol."""
        return self.live().order_by(F("adopted_on").asc(nulls_last=True), "symbol")


class Document(index.Indexed, Record):
    """An official document: a decision, a journal, a budget paper, a report."""

    issuing_body = models.CharField(
        _("issuing body"),
        max_length=200,
        help_text=_("Who adopted or issued it, for example the Permanent Council."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=DocumentKind.choices,
        default=DocumentKind.DECISION,
        help_text=_("What sort of document this is."),
    )
    number = models.CharField(
        _("number"),
        max_length=50,
        blank=True,
        help_text=_("Its number in the issuing body's series, for example 243."),
    )
    symbol = models.CharField(
        _("symbol"),
        max_length=100,
        unique=True,
        help_text=_(
            "The official reference, unique in the register, for example PC.DEC/243. "
            "It is also the document's web address."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        editable=False,
        help_text=_("Derived from the symbol."),
    )
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_(
            "How the document is named on pages, for example "
            "“Permanent Council Decision No. 243”."
        ),
    )
    adopted_on = models.DateField(
        _("adopted on"),
        null=True,
        blank=True,
        help_text=_(
            "The day it was adopted or issued, if known. The day a fact takes effect "
            "is kept on the fact itself."
        ),
    )
    url = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_(
            "A public web address of the document: its text where that is "
            "published, else a page that names or describes it."
        ),
    )
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An uploaded copy of the text, if it may be published."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("A few sentences in your own words about what it decides."),
    )

    objects = DocumentQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("symbol"),
        index.SearchField("summary"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["adopted_on", "symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        slug = slug_for_symbol(self.symbol or "")
        if not slug:
            raise ValidationError({"symbol": _("The symbol needs letters or digits.")})
        if Document.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"symbol": _("Another document already has a symbol like this one.")}
            )

    def save(self, *args, **kwargs):
        self.slug = slug_for_symbol(self.symbol)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_of("documents:detail", slug=self.slug)


def slug_for_symbol(symbol: str) -> str:
    """PC.DEC/243 -> pc-dec-243: a stable, readable address."""
    return slugify(symbol.replace("/", "-").replace(".", "-"))


def validate_url_list(value) -> None:
    """Refuses anything but a list of http(s) addresses (ValidationError)."""
    check = URLValidator(schemes=["http", "https"])
    if not isinstance(value, list):
        raise ValidationError(_("Give a list of web addresses."), code="url_list")
    for url in value:
        if not isinstance(url, str):
            raise ValidationError(_("Give a list of web addresses."), code="url_list")
        check(url)


class Sourced(ChoiceLabels):
    """A fact that rests on an official document, a link or a note."""

    source = models.ForeignKey(
        "documents.Document",
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)s_records",
        help_text=_(
            "The official document this fact rests on. Leave empty if none is "
            "known: the fact is then listed as unsourced for editors."
        ),
    )
    source_url = models.URLField(
        _("source link"),
        max_length=500,
        blank=True,
        help_text=_("A public web address where the fact can be checked."),
    )
    source_note = models.CharField(
        _("source note"),
        max_length=500,
        blank=True,
        help_text=_("Anything a reader should know about the source."),
    )
    further_source_urls = models.JSONField(
        _("further source links"),
        default=list,
        blank=True,
        validators=[validate_url_list],
        help_text=_(
            "Other public web addresses that state the same fact, as a list, for "
            'example ["https://example.org/a"].'
        ),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        # An emptied field in a form means no further links, not a missing value.
        if self.further_source_urls is None:
            self.further_source_urls = []

    @property
    def is_sourced(self) -> bool:
        return bool(self.source_id or self.source_url)

    @property
    def source_urls(self) -> list[str]:
        """Every public address given for the fact: the source link first."""
        return [url for url in [self.source_url, *self.further_source_urls] if url]


class ClaimQuerySet(models.QuerySet):
    def about(self, records) -> dict[tuple[int, int, str], list["Claim"]]:
        """The claims about `records` (model instances, any models), in one query,
        by (content type id, object id, field name), the preferred claim first."""
        records = list(records)
        if not records:
            return {}
        types = ContentType.objects.get_for_models(*{type(r) for r in records})
        wanted = models.Q()
        for model, content_type in types.items():
            ids = [r.pk for r in records if type(r) is model]
            wanted |= models.Q(content_type=content_type, object_id__in=ids)
        found: dict[tuple[int, int, str], list[Claim]] = {}
        claims = self.filter(wanted).select_related("source")
        for claim in claims.order_by("-preferred", "pk"):
            key = (claim.content_type_id, claim.object_id, claim.field)
            found.setdefault(key, []).append(claim)
        return found

    def disputed(self):
        """Claims about a field on which at least two claims disagree."""
        return self.filter(
            models.Exists(
                Claim.objects.filter(
                    content_type=models.OuterRef("content_type"),
                    object_id=models.OuterRef("object_id"),
                    field=models.OuterRef("field"),
                ).exclude(value=models.OuterRef("value"))
            )
        )


class Claim(Sourced):
    """What one source says about one field of a sourced fact, where sources
    disagree: the fact holds the preferred claim's value, the other claims are
    shown beside it ("another source differs")."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        _("field"),
        max_length=60,
        help_text=_(
            "The name of the fact's field the claim is about, e.g. valid_from."
        ),
    )
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_(
            "What the source says, as the dataset writes it: a date as 1998, 1998-06 "
            "or 1998-06-11, a number as digits."
        ),
    )
    preferred = models.BooleanField(
        _("preferred"),
        default=False,
        help_text=_("The claim the fact follows; one per field."),
    )
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("Why the sources differ.")
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id", "field", "-preferred", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"],
                condition=models.Q(preferred=True),
                name="one_preferred_claim_per_field",
            )
        ]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self):
        return f"{self.field} = {self.value}"
