"""The download addresses: /exports/all.<format> for every field operation,
/exports/field-operations/<slug>.<format> for one, and a CSV file per table."""

from django.urls import re_path

from . import views

app_name = "exports"

FORMATS = r"(?P<fmt>json|zip|popolo\.json|iati\.xml)"
TABLE = r"(?P<table>[a-z_]+)"
SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"

urlpatterns = [
    re_path(rf"^all\.{FORMATS}$", views.export, name="all"),
    re_path(rf"^all/{TABLE}\.csv$", views.export_csv, name="all_csv"),
    re_path(rf"^field-operations/{SLUG}\.{FORMATS}$", views.export, name="operation"),
    re_path(
        rf"^field-operations/{SLUG}/{TABLE}\.csv$",
        views.export_csv,
        name="operation_csv",
    ),
    # CSVW metadata beside each table, where CSV on the Web looks for it.
    re_path(
        rf"^all/{TABLE}\.csv-metadata\.json$",
        views.export_csv,
        {"metadata": True},
        name="all_csv_metadata",
    ),
    re_path(
        rf"^field-operations/{SLUG}/{TABLE}\.csv-metadata\.json$",
        views.export_csv,
        {"metadata": True},
        name="operation_csv_metadata",
    ),
]
