"""StreamField blocks for narrative text written by editors."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class NarrativeBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Sub-heading"),
        max_length=120,
        template="blocks/heading.html",
        help_text=_("A sub-heading inside the section."),
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        template="blocks/paragraph.html",
        help_text=_("Text in your own words; keep paragraphs short."),
    )
    quote = blocks.StructBlock(
        [
            ("text", blocks.TextBlock(label=_("Quotation"))),
            ("attribution", blocks.CharBlock(label=_("Attribution"), required=False)),
        ],
        label=_("Quotation"),
        template="blocks/quote.html",
        help_text=_("A quotation with where it comes from."),
    )
