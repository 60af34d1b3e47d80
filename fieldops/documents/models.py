"""The register of official documents that facts rest on, and the sourced facts
(Sourced) that rest on them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from fieldops.core.models import Record, RecordQuerySet


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
        blank=True,
        help_text=_("The public web address of the official text, if there is one."),
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
        return reverse("documents:detail", kwargs={"slug": self.slug})


def slug_for_symbol(symbol: str) -> str:
    """PC.DEC/243 -> pc-dec-243: a stable, readable address."""
    return slugify(symbol.replace("/", "-").replace(".", "-"))


class Sourced(models.Model):
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
        blank=True,
        help_text=_("A public web address where the fact can be checked."),
    )
    source_note = models.CharField(
        _("source note"),
        max_length=500,
        blank=True,
        help_text=_("Anything a reader should know about the source."),
    )

    class Meta:
        abstract = True

    @property
    def is_sourced(self) -> bool:
        return bool(self.source_id or self.source_url)
