"""The dataset format ("fieldops-dataset", version 2): every public fact of one or
all field operations, as JSON, as one CSV file per table, and as a ZIP of both
with the images: `tables` and `export` gather it, `write` writes it, `read`
loads it back (`manage.py load_dataset`), after `validation` has checked it
against the JSON Schema that `schema` builds (docs/open-data.md describes every
table and column).

Records refer to each other by natural keys: a document by its symbol, an
operation by its slug, a place by its "key" (its first name, made unique), a
person by name, a post by its operation and title, an image by its "key" (its
title, made unique: "<title> #<id>" when several images share a title), a field
of expertise by its slug. Each image is one file, under ``images/<id>/<name>`` in
the ZIP: titles and file names repeat, the image's id does not; two appointments
with the same image name the same key and share that one file. Partial dates
are the first day of the period with a `*_precision` of day, month or year.
Amounts are decimal text, never floats.

Version 2 adds to version 1 (which the reader still reads): the uncertain ends
of dated rows, further source links, inline `claims` of sources that disagree,
the operation's region, status and coverage, and the tables `host_state_names`,
`changes` and `successions`.
"""

DATASET_FORMAT = "fieldops-dataset"
DATASET_VERSION = "2"
# The versions the reader accepts: version 1 is a subset of version 2.
READABLE_VERSIONS = ("1", "2")
# The dataset's JSON inside a ZIP export.
DATASET_ENTRY = "dataset.json"


class DatasetError(ValueError):
    """A dataset that cannot be loaded; the message says where and why.

    `where` locates the problem: a row ("names[3]", "names[3].claims[0]"), or,
    when it starts with ".", a part of the row being read, which the row's own
    location completes (see rows.at)."""

    def __init__(self, detail: str, *, where: str | None = None):
        self.detail = detail
        self.where = where
        super().__init__(f"{where}: {detail}" if where else detail)


# The tables of the JSON, in this order (`meta` first).
JSON_TABLES = (
    "documents",
    "operations",
    "host_state_names",
    "names",
    "places",
    "offices",
    "mandates",
    "changes",
    "successions",
    "people",
    "posts",
    "images",
    "appointments",
    "staffing",
    "financial_figures",
    "fields_of_expertise",
    "vacancies",
    "profiles",
)
# The CSV files of an export, one per table, in this order.
CSV_TABLES = (
    "documents",
    "operations",
    "host_state_names",
    "names",
    "places",
    "offices",
    "mandates",
    "changes",
    "successions",
    "people",
    "posts",
    "appointments",
    "staffing",
    "financial_figures",
    "vacancies",
    "claims",
)

TEMPORAL = (
    "valid_from",
    "valid_from_precision",
    "valid_from_uncertain",
    "valid_to",
    "valid_to_precision",
    "valid_to_uncertain",
    "known_on",
)
SOURCED = ("source", "source_url", "source_note", "further_source_urls")
CLAIM = (
    "field",
    "value",
    "preferred",
    "note",
    "source",
    "source_url",
    "source_note",
    "further_source_urls",
)
# The tables whose rows rest on sources and may carry `claims`.
SOURCED_TABLES = (
    "names",
    "offices",
    "mandates",
    "changes",
    "successions",
    "appointments",
    "staffing",
    "financial_figures",
)

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
    "operations": (
        "slug",
        "host_country",
        "region",
        "status",
        "official_url",
        "coverage",
        "coverage_note",
        "dimensions",
        "title",
    ),
    "host_state_names": ("operation", "name", *TEMPORAL),
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
    "offices": ("operation", "place", "role", "name", "note", *TEMPORAL, *SOURCED),
    "mandates": ("operation", "summary", *TEMPORAL, *SOURCED),
    "changes": (
        "operation",
        "kind",
        "deciding_body",
        "decision",
        "adopted_on",
        "adopted_on_precision",
        "effective_on",
        "effective_on_precision",
        "uncertain",
        "note",
        *SOURCED,
    ),
    "successions": ("predecessor", "successor", "kind", *SOURCED),
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
        "meaning",
        "approximate",
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
        "approximate",
        "note",
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
    # One row per claim of every sourced row; `record` is a readable label of
    # the row the claim is about (its natural key).
    "claims": ("table", "operation", "record", *CLAIM),
}
# The columns that label a row in claims.csv: its natural key, less its operation.
RECORD_LABEL = {
    "names": ("full_name", "valid_from"),
    "offices": ("role", "place", "valid_from"),
    "mandates": ("valid_from",),
    "changes": ("kind", "adopted_on", "effective_on", "decision"),
    "successions": ("predecessor", "successor"),
    "appointments": ("post", "person", "valid_from", "known_on"),
    "staffing": ("as_of", "meaning"),
    "financial_figures": ("year", "fund", "measure", "as_of"),
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
    "effective_on": "date",
    "as_of": "date",
    "issued_on": "date",
    "deadline": "datetime",
    "valid_from_uncertain": "boolean",
    "valid_to_uncertain": "boolean",
    "uncertain": "boolean",
    "approximate": "boolean",
    "preferred": "boolean",
}
