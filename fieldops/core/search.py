"""The search backend of every search box that uses Wagtail's search (the admin's
listings, choosers and page search, the public vacancy search): Wagtail's database
backend, given only the words of each query.

The database backend passes a query's terms into the engine's own query language
(SQLite FTS5's MATCH, PostgreSQL's tsquery) without escaping all of it: an
unbalanced quote is a syntax error on SQLite, and each term nests one expression
deeper, so a query of a thousand words exhausts Python's recursion limit. Words
are what the index holds anyway, so nothing findable is lost.
"""

import functools
import re

from wagtail.search.backends import database
from wagtail.search.query import And, Not, Or, Phrase, PlainText

# More words than this no longer narrow a search; the rest are dropped.
MAX_WORDS = 32

# Letters and digits: the index's tokenizers split words at anything else,
# underscores included.
WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> str:
    """The first MAX_WORDS words of `text`, separated by single spaces: no
    quote, operator or control character of any search engine's syntax."""
    return " ".join(WORD.findall(text)[:MAX_WORDS])


def words_only(query):
    """`query` (a string or a Wagtail search query) with each of its texts
    reduced to its words; an empty string when no words are left, which the
    backend answers with no results."""
    if isinstance(query, str):
        return search_words(query)
    if isinstance(query, PlainText):
        text = search_words(query.query_string)
        return text and PlainText(text, query.operator, query.boost)
    if isinstance(query, Phrase):
        text = search_words(query.query_string)
        return text and Phrase(text)
    if isinstance(query, Not):
        inner = words_only(query.subquery)
        return inner and Not(inner)
    if isinstance(query, And | Or):
        parts = [words_only(each) for each in query.subqueries[:MAX_WORDS]]
        parts = [each for each in parts if each]
        if len(parts) > 1:
            return type(query)(parts)
        return parts[0] if parts else ""
    return query


class WordsOnly:
    """A search backend that searches only the words of each query."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(
            query_compiler_class, words_only(query), model_or_queryset, **kwargs
        )


@functools.cache
def _words_only(backend_class: type) -> type:
    return type(backend_class.__name__, (WordsOnly, backend_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail imports
    """Wagtail's database backend for the database in use (which it chooses by
    the connection), searching only words."""
    return _words_only(type(database.SearchBackend(params)))(params)
