"""Checking a dataset against its published JSON Schema before anything is
read: the first problems become one DatasetError naming each row and field
("changes[3].adopted_on: '1998-13-01' is not a 'date'")."""

from __future__ import annotations

import functools
import itertools
import json
from pathlib import Path

from jsonschema import Draft202012Validator

from .format import DatasetError

SCHEMA_FILE = (
    Path(__file__).resolve().parent.parent / "schemas" / "dataset-2.schema.json"
)
# How many problems one message names, at most.
REPORTED = 5
# How long one problem's message may be: jsonschema quotes the whole value.
LONGEST = 300


@functools.cache
def schema_text() -> bytes:
    """The committed schema file, as served."""
    return SCHEMA_FILE.read_bytes()


@functools.cache
def _validator() -> Draft202012Validator:
    schema = json.loads(schema_text())
    return Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def location(path) -> str:
    """A path into the data as the messages write it: names[3].claims[0].value."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


def dataset_validate(data) -> None:
    """Raise DatasetError naming the first problems (up to REPORTED) if `data`
    does not follow the dataset's JSON Schema, formats included."""
    # The validator goes through the tables in the schema's order, the rows in
    # the file's; a few problems are enough to start fixing.
    errors = list(itertools.islice(_validator().iter_errors(data), REPORTED + 1))
    if not errors:
        return
    messages = []
    for error in errors[:REPORTED]:
        where = location(error.absolute_path)
        message = _message(error)
        messages.append(f"{where}: {message}" if where else message)
    if len(errors) > REPORTED:
        messages.append("and more")
    raise DatasetError("; ".join(messages))


def _message(error) -> str:
    """jsonschema's message, with a long value left out or cut in its middle
    so that the reason, at the end, stays."""
    if error.validator == "maxLength" and isinstance(error.instance, str):
        return (
            f"{len(error.instance)} characters is too long "
            f"(at most {error.validator_value})"
        )
    if len(error.message) <= LONGEST:
        return error.message
    return f"{error.message[: LONGEST // 2]} … {error.message[-LONGEST // 2 :]}"
