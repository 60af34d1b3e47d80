"""Who holds or held the posts of a field operation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldops.core.models import Record, RecordQuerySet, Temporal, TemporalQuerySet
from fieldops.documents.models import Sourced

from .records import FieldOperation


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
