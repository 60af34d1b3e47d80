"""The open-data addresses, two lists the project mounts under their own
prefixes and namespaces:

- `exports` (namespace "exports", under /exports/): /exports/all.<format> for
  every field operation, /exports/field-operations/<slug>.<format> for one, a
  CSV file per table, /exports/schema/dataset-2.json, the JSON Schema of the
  dataset, and /exports/comparison.<csv|json> (the comparison of a year);
- `open_data` (namespace "open_data", under /<lang>/open-data/): the page that
  explains them.
"""

from django.urls import path, re_path

from . import views

FORMATS = r"(?P<fmt>json|zip|popolo\.json|iati\.xml)"
TABLE = r"(?P<table>[a-z_]+)"
SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"

export_patterns = [
    # The JSON Schema of the dataset's JSON: a stable address per version.
    path("schema/dataset-2.json", views.dataset_schema, name="dataset_schema"),
    re_path(
        r"^comparison\.(?P<fmt>csv|json)$",
        views.export_comparison,
        name="comparison",
    ),
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

page_patterns = [path("", views.open_data, name="index")]

# (patterns, namespace) pairs for include().
exports = (export_patterns, "exports")
open_data = (page_patterns, "open_data")
