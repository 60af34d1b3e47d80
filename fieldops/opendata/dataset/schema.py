"""The JSON Schema (draft 2020-12) of the dataset's JSON, built from the format's
columns and the models' fields, so that it cannot drift from what the loader
accepts: types, lengths, enums and nullability come from the fields, the
references (natural keys) and nested rows from the format.

The built schema is committed as opendata/schemas/dataset-2.schema.json, which
is what the site serves and validates against (`manage.py dataset_schema`
writes it again; a test checks the two are the same).
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import translation
from django_countries.fields import CountryField

from fieldops.documents.models import Claim, Document
from fieldops.operations.models import (
    Appointment,
    Dimension,
    FieldOperation,
    FinancialFigure,
    HostStateName,
    Mandate,
    Office,
    OperationChange,
    OperationName,
    Person,
    Place,
    PlaceName,
    Post,
    StaffingLine,
    StaffingSnapshot,
    Succession,
)
from fieldops.recruitment.models import FieldOfExpertise, Vacancy

from .claims import claimable
from .format import (
    CLAIM,
    CSV_COLUMNS,
    DATASET_FORMAT,
    DATASET_VERSION,
    JSON_TABLES,
    READABLE_VERSIONS,
    SOURCED_TABLES,
    TEMPORAL,
)

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
URL = r"^(https?|ftps?)://[^\s]+$"
HTTP_URL = r"^https?://[^\s]+$"
DECIMAL = r"^[0-9]+(\.[0-9]+)?$"
# Date, time and offset, as the loader needs them (RFC 3339).
DATE_TIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$"  # noqa: E501
SLUG = r"^[-a-zA-Z0-9_]+$"
POSITIVE = (
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)

# The model of each table whose columns are the model's fields.
TABLE_MODELS = {
    "documents": Document,
    "operations": FieldOperation,
    "host_state_names": HostStateName,
    "names": OperationName,
    "offices": Office,
    "mandates": Mandate,
    "changes": OperationChange,
    "successions": Succession,
    "people": Person,
    "posts": Post,
    "appointments": Appointment,
    "staffing": StaffingSnapshot,
    "financial_figures": FinancialFigure,
    "fields_of_expertise": FieldOfExpertise,
    "vacancies": Vacancy,
}
# CSV columns that the JSON does not have (spread lines, looked-up values).
CSV_ONLY = {
    "operations": ("title",),
    "staffing": ("category", "contract_type", "funding", "count"),
    "appointments": ("photo_url",),
}


def _key(what: str, *, nullable: bool = False) -> dict:
    schema = {"type": ["string", "null"] if nullable else "string", "minLength": 1}
    return schema | {"description": what}


# Columns that name another row by its natural key (see `format`).
REFERENCES = {
    "operation": _key("The field operation, by its slug."),
    "predecessor": _key("The earlier field operation, by its slug."),
    "successor": _key("The later field operation, by its slug."),
    "place": _key("The place, by its key (see places)."),
    "duty_station": _key("The place, by its key (see places)."),
    "post": _key("The post, by its title within the operation."),
    "person": _key("The person, by name."),
    "photo": _key("The portrait, by its image key (see images).", nullable=True),
    "source": _key("The source document, by its symbol.", nullable=True),
    "decision": _key("The decision, by its document symbol.", nullable=True),
    "field_of_expertise": _key("The field of expertise, by its slug."),
}


def _typed(field: models.Field) -> dict:
    """The JSON type of a field's value, before nullability."""
    if isinstance(field, CountryField):
        return {
            "type": "string",
            "pattern": "^[A-Z]{2}$" + ("|^$" if field.blank else ""),
        }
    if field.choices:
        values = [value for value, _label in field.choices]
        return {"enum": values + ([""] if field.blank and "" not in values else [])}
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, models.DateTimeField):
        return {"type": "string", "format": "date-time", "pattern": DATE_TIME}
    if isinstance(field, models.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, models.DecimalField):
        return {"type": "string", "pattern": DECIMAL}
    if isinstance(field, models.IntegerField):
        # The validators given to the field, not those of the database's range.
        low = [
            v.limit_value for v in field._validators if isinstance(v, MinValueValidator)
        ]
        if isinstance(field, POSITIVE):
            low.append(0)
        return {"type": "integer"} | ({"minimum": max(low)} if low else {})
    if isinstance(field, models.JSONField):  # further source links
        urls = {"type": "string", "pattern": HTTP_URL}
        return {"type": "array", "items": urls}
    if isinstance(field, models.URLField):
        return {"type": "string", "pattern": URL + ("|^$" if field.blank else "")}
    text: dict = {"type": "string"}
    if isinstance(field, models.SlugField):
        text["pattern"] = SLUG
    if field.max_length:
        text["maxLength"] = field.max_length
    if not field.blank:
        text["minLength"] = 1
    return text


def field_schema(field: models.Field) -> dict:
    """A column's schema from its model field: type, enum, length, null."""
    schema = _typed(field)
    if field.null:
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        else:
            schema["type"] = [schema["type"], "null"]
    if field.help_text:
        with translation.override("en"):
            schema["description"] = str(field.help_text)
    return schema


def _required(field: models.Field) -> bool:
    return not (field.blank or field.null or field.has_default())


def _field(model, name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def row_schema(
    model, columns, extra: dict | None = None, required: tuple[str, ...] = ()
) -> dict:
    """The schema of a row of `model` with `columns`; `extra` adds or replaces
    column schemas (nested rows), `required` names more required columns.
    References that cannot be null and columns without a default are required."""
    properties, required = {}, list(required)
    for column in columns:
        field = _field(model, column)
        if column in (extra or {}):
            properties[column] = extra[column]
        elif column in REFERENCES:
            properties[column] = REFERENCES[column]
            if field is None or not field.null:
                required.append(column)
        else:
            properties[column] = field_schema(field)
            if _required(field):
                required.append(column)
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def claims_schema(table: str) -> dict:
    fields = {
        name: field_schema(Claim._meta.get_field(name))
        for name in ("value", "preferred", "note", "source_url", "source_note")
    }
    about = {"enum": list(claimable(table)), "description": "The column."}
    item = row_schema(Claim, CLAIM, extra={"field": about, **fields})
    return {
        "type": "array",
        "items": item,
        "description": (
            "What each source says about a column of this row, where sources "
            "disagree: every claim about each column named, exactly one of them "
            "preferred (the row's own value)."
        ),
    }


def _array(items: dict, description: str = "") -> dict:
    return {"type": "array", "items": items} | (
        {"description": description} if description else {}
    )


def _extras(table: str) -> dict:
    """The nested rows and lists of a model table's rows."""
    extra = {}
    if table in SOURCED_TABLES:
        extra["claims"] = claims_schema(table)
    if table == "staffing":
        line = row_schema(StaffingLine, CSV_ONLY["staffing"])
        extra["lines"] = _array(line, "The parts of the count; the total is the sum.")
    if table == "operations":
        codes = {"enum": list(Dimension.Code.values)}
        extra["dimensions"] = _array(codes, "The dimensions of its work.")
    return extra


def _model_tables() -> dict:
    tables = {}
    for table, model in TABLE_MODELS.items():
        columns = [
            column
            for column in CSV_COLUMNS.get(table, ("slug", "name"))
            if column not in CSV_ONLY.get(table, ())
        ]
        extra = _extras(table)
        columns += [name for name in ("claims", "lines") if name in extra]
        tables[table] = row_schema(model, columns, extra)
    return tables


def _other_tables() -> dict:
    """Places (with their names), images and profile pages."""
    text = {"type": "string"}
    names = row_schema(PlaceName, ("name", *TEMPORAL))
    key = _key("How other rows refer to it, where that is not its first name.")
    places = row_schema(
        Place,
        ("key", "country", "time_zone", "names"),
        extra={"key": key, "names": _array(names) | {"minItems": 1}},
        required=("names",),
    )
    image = {
        "key": _key("How appointments refer to it, where that is not its title."),
        "title": text | {"minLength": 1, "maxLength": 255},
        "description": text,
        "url": text | {"format": "uri-reference"},
        "file": text | {"description": "Its file in a ZIP export."},
        "file_hash": text | {"description": "The SHA-1 of its file, in hex."},
    }
    block = {
        "type": "object",
        "properties": {"type": text | {"minLength": 1}, "value": {}},
        "required": ["type", "value"],
    }
    profile = {
        "operation": REFERENCES["operation"],
        "locale": text | {"pattern": "^[a-z]{2,3}(-[a-zA-Z]+)?$"},
        "title": text | {"minLength": 1, "maxLength": 255},
        "overview": _array(block, "The profile's text, block by block."),
    }
    return {
        "places": places,
        "images": _object(image, ["title"]),
        "profiles": _object(profile, ["operation", "title"]),
    }


def _object(properties: dict, required: list[str]) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _meta() -> dict:
    text = {"type": "string"}
    versions = "|".join(READABLE_VERSIONS)
    return {
        "type": "object",
        "properties": {
            "format": {"const": DATASET_FORMAT},
            "version": text | {"pattern": f"^({versions})(\\.[0-9]+)*$"},
            "source": text,
            "publisher": text,
            "extracted_at": text | {"format": "date-time"},
            "as_of": text | {"format": "date"},
            "licence": text,
            "licence_url": text,
        },
        "required": ["format", "version"],
    }


def dataset_schema() -> dict:
    """The JSON Schema of the dataset (every version the reader reads)."""
    rows = _model_tables() | _other_tables()
    return {
        "$schema": SCHEMA_URI,
        "title": f"{DATASET_FORMAT}, version {DATASET_VERSION}",
        "description": (
            "Every public fact of one or all field operations, table by table; "
            "rows refer to each other by natural keys. Described in full in "
            "docs/open-data.md of fieldops."
        ),
        "type": "object",
        "properties": {
            "meta": _meta(),
            **{table: _array({"$ref": f"#/$defs/{table}"}) for table in JSON_TABLES},
        },
        "required": ["meta"],
        # Other top-level keys are left to the file's own use (the demo keeps
        # the home page's introduction there); the loader does not read them.
        "$defs": {table: rows[table] for table in JSON_TABLES},
    }
