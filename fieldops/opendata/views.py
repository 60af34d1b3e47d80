"""Download views (placeholder until the exports land)."""

from django.http import Http404


def export(request, fmt, slug=None):
    raise Http404


def export_csv(request, table, slug=None):
    raise Http404
