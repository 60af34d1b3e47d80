"""The /<lang>/open-data/ page (placeholder until it lands)."""

from django.http import Http404


def open_data(request):
    raise Http404
