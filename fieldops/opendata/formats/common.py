"""What the export formats (Popolo, IATI) share: addresses on the site an
export came from."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from fieldops.core.addresses import base_url
from fieldops.documents.models import Document

from ..provenance import Provenance


def site_root(provenance: Provenance) -> str:
    """The site the export came from, else the configured base address."""
    parts = urlsplit(provenance.source)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return base_url()


def site_url(provenance: Provenance, path: str) -> str:
    """`path` on the site the export came from (a full URL is kept)."""
    return urljoin(site_root(provenance) + "/", path)


def document_url(document: Document, provenance: Provenance) -> str:
    """The document's own public address (its text or a page about it), else
    its page on this site."""
    return document.url or site_url(provenance, document.get_absolute_url())
