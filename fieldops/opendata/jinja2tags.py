"""Functions of the profile's open-data section in Jinja2 (see
core/jinja2tags.py)."""

from jinja2 import Environment
from jinja2.ext import Extension

from fieldops.opendata.dataset.format import CSV_TABLES
from fieldops.opendata.templatetags.open_data import as_of_query


class OpenDataExtension(Extension):
    """`as_of_query(profile)` and CSV_TABLES, the CSV files of an export."""

    def __init__(self, environment: Environment):
        super().__init__(environment)
        environment.globals.update(as_of_query=as_of_query, CSV_TABLES=CSV_TABLES)
