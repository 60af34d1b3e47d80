"""The dataset format ("fieldops-dataset", version 1): every public fact of one or
all field operations, as JSON, as one CSV file per table, and as a ZIP of both
with the images: `tables` and `export` gather it, `write` writes it, `read`
loads it back (`manage.py load_dataset`).

Records refer to each other by natural keys: a document by its symbol, an
operation by its slug, a place by its "key" (its first name, made unique), a
person by name, a post by its operation and title, an image by its "key" (its
title, made unique: "<title> #<id>" when several images share a title), a field
of expertise by its slug. Each image is one file, under ``images/<id>/<name>`` in
the ZIP: titles and file names repeat, the image's id does not; two appointments
with the same image name the same key and share that one file. Partial dates
are the first day of the period with a `*_precision` of day, month or year.
Amounts are decimal text, never floats.
"""

DATASET_FORMAT = "fieldops-dataset"
DATASET_VERSION = "1"
# The dataset's JSON inside a ZIP export.
DATASET_ENTRY = "dataset.json"


class DatasetError(ValueError):
    """A dataset that cannot be loaded; the message says where and why."""


# The CSV files of an export, one per table, in this order.
CSV_TABLES = (
    "documents",
    "operations",
    "names",
    "places",
    "offices",
    "mandates",
    "people",
    "posts",
    "appointments",
    "staffing",
    "financial_figures",
    "vacancies",
)

TEMPORAL = (
    "valid_from",
    "valid_from_precision",
    "valid_to",
    "valid_to_precision",
    "known_on",
)
SOURCED = ("source", "source_url", "source_note")

# The columns of each CSV file. Nested rows are spread out: one row per place
# name (places), one per staffing line (staffing).
CSV_COLUMNS = {
    "documents": (
        "symbol",
        "issuing_body",
        "kind",
        "number",
        "title",
        "adopted_on",
        "url",
        "summary",
    ),
    "operations": ("slug", "host_country", "dimensions", "title"),
    "names": (
        "operation",
        "full_name",
        "short_name",
        "presence_kind",
        "change",
        "note",
        *TEMPORAL,
        *SOURCED,
    ),
    "places": ("place", "country", "time_zone", "name", *TEMPORAL),
    "offices": ("operation", "place", "role", *TEMPORAL, *SOURCED),
    "mandates": ("operation", "summary", *TEMPORAL, *SOURCED),
    "people": ("name", "sort_name"),
    "posts": ("operation", "title", "role"),
    "appointments": (
        "operation",
        "post",
        "person",
        "honorific",
        "photo",
        "photo_url",
        *TEMPORAL,
        *SOURCED,
    ),
    "staffing": (
        "operation",
        "as_of",
        "note",
        "category",
        "contract_type",
        "funding",
        "count",
        *SOURCED,
    ),
    "financial_figures": (
        "operation",
        "year",
        "fund",
        "measure",
        "basis",
        "based_on",
        "amount",
        "currency",
        "as_of",
        *SOURCED,
    ),
    "vacancies": (
        "operation",
        "number",
        "title",
        "grade",
        "recruitment_type",
        "modality",
        "field_of_expertise",
        "duty_station",
        "posts",
        "issued_on",
        "deadline",
        "description",
        "apply_url",
        "funding",
        "funding_project",
    ),
}
# The CSVW datatype of each column that is not plain text.
COLUMN_DATATYPES = {
    "amount": "decimal",
    "count": "integer",
    "year": "integer",
    "posts": "integer",
    "valid_from": "date",
    "valid_to": "date",
    "known_on": "date",
    "adopted_on": "date",
    "as_of": "date",
    "issued_on": "date",
    "deadline": "datetime",
}
