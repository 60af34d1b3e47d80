"""Reading the tables of a dataset that hang on its operations: their changes
and lineage, leadership, staff and money, vacancies and profile pages. Each
function takes the records already read (by natural key) and counts what it
stores in `result`."""

from __future__ import annotations

from fieldops.operations.models import (
    Appointment,
    FieldOperation,
    FieldOperationIndexPage,
    FieldOperationPage,
    FinancialFigure,
    OperationChange,
    Person,
    Post,
    StaffingSnapshot,
    Succession,
)
from fieldops.operations.services import operation_groups_create, page_create_published
from fieldops.recruitment.models import FieldOfExpertise, Vacancy

from .claims import claims_read
from .format import DatasetError
from .read_images import photo_of
from .rows import (
    DatasetLoad,
    at,
    claims_save,
    field_values,
    inline_rows,
    key_values,
    of_operation,
    referenced,
    rows_of,
    sourced,
    stored,
)

# The natural keys by which a row finds the record it stands for.
CHANGE_KEY = ("operation", "kind", "adopted_on", "effective_on", "decision")
SUCCESSION_KEY = ("predecessor", "successor")
# A head known only on a day (known_on) is told apart by that day.
APPOINTMENT_KEY = ("post", "person", "valid_from", "known_on")
STAFFING_KEY = ("operation", "as_of", "meaning")
FIGURE_KEY = ("operation", "year", "fund", "measure", "as_of")


def changes_load(data, operations, documents, result: DatasetLoad) -> None:
    for where, row in rows_of(data, "changes"):
        with at(where):
            row, claims = claims_read("changes", OperationChange, row, documents)
            decision = referenced(documents, row.pop("decision", None), "document")
            values = of_operation(OperationChange, row, operations, documents)
            values["decision"] = decision
            stored(
                result, "changes", OperationChange, CHANGE_KEY, values, claims=claims
            )


def _operation(slug, operations: dict) -> FieldOperation:
    """The operation of the dataset with `slug`, else the one stored here, so
    that a dataset may name the predecessor of an operation it adds."""
    if slug in operations:
        return operations[slug]
    found = FieldOperation.objects.filter(slug=slug).first() if slug else None
    if found is None:
        raise DatasetError(f"no field operation “{slug}” in the dataset or here")
    return found


def successions_load(data, operations, documents, result: DatasetLoad) -> None:
    """Successions (not drafts: saved as they are) by predecessor and successor;
    each operation from the dataset, else from the database."""
    for where, row in rows_of(data, "successions"):
        with at(where):
            row, claims = claims_read("successions", Succession, row, documents)
            predecessor = _operation(row.pop("predecessor", None), operations)
            successor = _operation(row.pop("successor", None), operations)
            values = sourced(Succession, row, documents) | {
                "predecessor": predecessor,
                "successor": successor,
            }
            key = key_values(Succession, SUCCESSION_KEY, values)
            succession = Succession.objects.filter(**key).first()
            result.count("successions", succession is None)
            if succession is None:
                succession = Succession(**values)
                succession.full_clean()
                succession.save()
                claims_save(succession, claims)


def leadership_load(data, operations, images, documents, result) -> None:
    people = {}
    for where, row in rows_of(data, "people"):
        with at(where):
            values = field_values(Person, row)
            people[values["name"]] = stored(result, "people", Person, ("name",), values)
    posts = {}
    for where, row in rows_of(data, "posts"):
        with at(where):
            row = dict(row)
            operation = referenced(operations, row.pop("operation"), "field operation")
            values = field_values(Post, row) | {"operation": operation}
            posts[(operation.slug, values["title"])] = stored(
                result, "posts", Post, ("operation", "title"), values
            )
    for where, row in rows_of(data, "appointments"):
        with at(where):
            row, claims = claims_read("appointments", Appointment, row, documents)
            post = referenced(posts, (row.pop("operation"), row.pop("post")), "post")
            person = referenced(people, row.pop("person"), "person")
            photo = photo_of(row.pop("photo", None), images, where, result)
            values = sourced(Appointment, row, documents)
            values |= {"post": post, "person": person, "photo": photo}
            stored(
                result,
                "appointments",
                Appointment,
                APPOINTMENT_KEY,
                values,
                claims=claims,
            )


def figures_load(data, operations, documents, result: DatasetLoad) -> None:
    for where, row in rows_of(data, "staffing"):
        with at(where):
            row, claims = claims_read("staffing", StaffingSnapshot, row, documents)
            lines = row.pop("lines", [])
            if not isinstance(lines, list):
                raise DatasetError("“lines” must be a list")
            values = of_operation(StaffingSnapshot, row, operations, documents)
            stored(
                result,
                "staffing",
                StaffingSnapshot,
                STAFFING_KEY,
                values,
                claims=claims,
                add_children=inline_rows("lines", lines),
            )
    for where, row in rows_of(data, "financial_figures"):
        with at(where):
            row, claims = claims_read(
                "financial_figures", FinancialFigure, row, documents
            )
            values = of_operation(FinancialFigure, row, operations, documents)
            stored(
                result,
                "financial_figures",
                FinancialFigure,
                FIGURE_KEY,
                values,
                claims=claims,
            )


def vacancies_load(data, operations, places, result: DatasetLoad) -> None:
    fields = {}
    for where, row in rows_of(data, "fields_of_expertise"):
        with at(where):
            values = field_values(FieldOfExpertise, row)
            expertise = FieldOfExpertise.objects.filter(slug=values["slug"]).first()
            result.count("fields_of_expertise", expertise is None)
            if expertise is None:
                expertise = FieldOfExpertise(**values)
                expertise.full_clean()
                expertise.save()
            fields[values["slug"]] = expertise
    for where, row in rows_of(data, "vacancies"):
        with at(where):
            row = dict(row)
            operation = referenced(operations, row.pop("operation"), "field operation")
            expertise = referenced(
                fields, row.pop("field_of_expertise"), "field of expertise"
            )
            station = referenced(places, row.pop("duty_station"), "place")
            values = field_values(Vacancy, row) | {
                "operation": operation,
                "field_of_expertise": expertise,
                "duty_station": station,
            }
            stored(result, "vacancies", Vacancy, ("number",), values)


def profiles_load(data, operations, result: DatasetLoad) -> None:
    for where, row in rows_of(data, "profiles"):
        with at(where):
            operation = referenced(operations, row["operation"], "field operation")
            language = row.get("locale") or "en"
            index = FieldOperationIndexPage.objects.filter(
                locale__language_code=language
            ).first()
            if index is None:
                result.notes.append(
                    f"{where}: this site has no field operations index in "
                    f"“{language}”, so the profile was not loaded."
                )
                continue
            twins = FieldOperationPage.objects.child_of(index)
            if twins.filter(slug=operation.slug).exists():
                result.count("profiles", False)
                continue
            page = FieldOperationPage(
                slug=operation.slug,
                operation=operation,
                title=row["title"],
                overview=row.get("overview") or [],
            )
            page_create_published(parent=index, page=page)
            operation_groups_create(operation=operation)
            result.count("profiles", True)
