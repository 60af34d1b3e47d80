"""The dataset export: every public fact of one or all field operations."""

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
