"""Free-text matching shared by the contact and the idébank queries.

Terms are casefolded words matched against a table's ``search_text`` column
(casefolded in Python when the row is written, so "øys" finds "Øystein" on
every backend). On SQLite, terms of three or more characters go through the
table's FTS5 trigram index; shorter ones fall back to LIKE. On PostgreSQL,
LIKE is served by the pg_trgm index when it exists.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, literal_column, select, text
from sqlalchemy.orm import InstrumentedAttribute

from kontakt.domain.control_chars import drop_controls
from kontakt.domain.text import fold

_FTS_MIN = 3


def split_terms(text_value: str) -> tuple[str, ...]:
    """The casefolded words of a free-text search, without control characters
    (a pasted NUL would otherwise reach PostgreSQL, which refuses it)."""
    return tuple(fold(drop_controls(text_value)).split())


def fts_terms_of(terms: tuple[str, ...]) -> list[str]:
    """The terms long enough for the trigram index."""
    return [t for t in terms if len(t) >= _FTS_MIN]


def like_pattern(term: str) -> str:
    """``%term%`` with LIKE's wildcards in the term escaped (escape character ``\\``)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_query(terms: list[str]) -> str:
    """An FTS5 query that all the terms must match."""
    # Each term as an FTS5 string literal: no operator or column syntax leaks through.
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def text_conditions(
    terms: tuple[str, ...],
    row_id: InstrumentedAttribute[int],
    search_text: InstrumentedAttribute[str],
    fts_table: str | None,
) -> list[ColumnElement[bool]]:
    """Conditions (ANDed) that every term occurs in ``search_text``.

    Args:
        terms: Casefolded words (:func:`split_terms`).
        row_id: The table's id, equal to the FTS table's rowid.
        search_text: The table's casefolded text column.
        fts_table: The FTS5 trigram table to use for the long terms, or None
            (PostgreSQL, or when the index would not narrow the search).
    """
    fts_terms = fts_terms_of(terms) if fts_table else []
    where: list[ColumnElement[bool]] = []
    if fts_table and fts_terms:
        match = text(f"{fts_table} MATCH :{fts_table}_q").bindparams(
            **{f"{fts_table}_q": fts_query(fts_terms)}
        )
        where.append(
            row_id.in_(select(literal_column("rowid")).select_from(text(fts_table)).where(match))
        )
    where.extend(
        search_text.like(like_pattern(term), escape="\\") for term in terms if term not in fts_terms
    )
    return where
