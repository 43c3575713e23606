"""Turn a resolved idea-bank filter into SQL, and load list rows for a page of documents.

Free text is matched against ``document.search_text`` (the casefolded title,
text and file texts), each word as a substring, so «sykehus» finds
«Lokalsykehuset» and «fødetilbud» finds «FØDETILBUDET» on every backend. On
SQLite, words of three or more characters go through the FTS5 trigram index
(``document_fts``); shorter ones fall back to LIKE. On PostgreSQL, LIKE is
served by the pg_trgm GIN index (``ix_document_search_trgm``) when it exists.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    and_,
    case,
    distinct,
    exists,
    func,
    select,
    true,
)
from sqlalchemy.orm import Session

from kontakt.domain.document_uses import UseOutcome
from kontakt.domain.documents import (
    DocumentKind,
    DocumentOrder,
    DocumentRow,
    DocumentStatus,
    Person,
    UseFilter,
)
from kontakt.domain.geography import County, Geography, Municipality
from kontakt.domain.records import Place
from kontakt.domain.text import sort_key
from kontakt.errors import NotFoundError
from kontakt.storage.ideabank_models import (
    Document,
    DocumentAuthor,
    DocumentFileRecord,
    DocumentUse,
    document_topic,
)
from kontakt.storage.models import Contact, Topic
from kontakt.storage.text_match import text_conditions


@dataclass(frozen=True, slots=True)
class ResolvedDocumentFilter:
    """A ``DocumentFilter`` with names turned into numbers and ids."""

    terms: tuple[str, ...] = ()
    kind: str | None = None
    topic_ids: tuple[int, ...] = ()
    county_numbers: tuple[str, ...] = ()
    year: int | None = None
    status: str | None = None
    use: UseFilter | None = None
    order: DocumentOrder = DocumentOrder.NEWEST


def _place_key() -> ColumnElement[str | None]:
    """One place of a use: its municipality, else its county (see domain.document_uses)."""
    return func.coalesce(DocumentUse.municipality_number, DocumentUse.county_number)


def used_places() -> ScalarSelect[int]:
    """How many distinct places the outer query's document was used in."""
    return (
        select(func.count(distinct(_place_key())))
        .where(DocumentUse.document_id == Document.id)
        .scalar_subquery()
    )


def _use_condition(use: UseFilter) -> ColumnElement[bool]:
    used = exists().where(DocumentUse.document_id == Document.id)
    if use is UseFilter.NEVER:
        return ~used
    if use is UseFilter.ADOPTED:
        return exists().where(
            DocumentUse.document_id == Document.id,
            DocumentUse.outcome == UseOutcome.VEDTATT.value,
        )
    return used


def conditions(f: ResolvedDocumentFilter, dialect: str) -> list[ColumnElement[bool]]:
    """WHERE conditions (ANDed) on the ``document`` table."""
    where: list[ColumnElement[bool]] = []
    fts_table = "document_fts" if dialect == "sqlite" else None
    where.extend(text_conditions(f.terms, Document.id, Document.search_text, fts_table))
    if f.kind:
        where.append(Document.kind == f.kind)
    if f.status:
        where.append(Document.status == f.status)
    if f.county_numbers:
        where.append(Document.county_number.in_(f.county_numbers))
    if f.year is not None:
        where.append(Document.date >= dt.date(f.year, 1, 1))
        where.append(Document.date < dt.date(f.year + 1, 1, 1))
    if f.use is not None:
        where.append(_use_condition(f.use))
    for topic_id in f.topic_ids:
        where.append(
            exists().where(
                document_topic.c.document_id == Document.id, document_topic.c.topic_id == topic_id
            )
        )
    return where


def id_query(f: ResolvedDocumentFilter, dialect: str) -> Select[int]:
    """Ids of every matching document, newest date first (undated last), then newest added.

    Ordered by use, the documents used in the most places come first, then as above.
    """
    newest = (Document.date.desc().nulls_last(), Document.id.desc())
    order = (used_places().desc(), *newest) if f.order is DocumentOrder.MOST_USED else newest
    return select(Document.id).where(and_(true(), *conditions(f, dialect))).order_by(*order)


def place_of(
    geography: Geography, county: str | None, municipality: str | None
) -> tuple[Place | None, Place | None]:
    """(county, municipality) as shown, from the stored numbers.

    A number the geography no longer knows (after a future reform) is shown as
    the number itself rather than hiding the document.
    """

    def shown(number: str | None, lookup: Callable[[str], County | Municipality]) -> Place | None:
        if not number:
            return None
        try:
            return Place(number, lookup(number).name)
        except NotFoundError:
            return Place(number, number)

    return shown(county, geography.county), shown(municipality, geography.municipality)


def load_rows(session: Session, ids: Sequence[int], geography: Geography) -> list[DocumentRow]:
    """List rows for these documents, in the order of ``ids`` (five queries in all)."""
    if not ids:
        return []
    wanted = list(ids)
    topics: dict[int, list[str]] = defaultdict(list)
    for doc_id, name in session.execute(
        select(document_topic.c.document_id, Topic.name)
        .join(Topic, Topic.id == document_topic.c.topic_id)
        .where(document_topic.c.document_id.in_(wanted))
    ):
        topics[doc_id].append(name)
    authors: dict[int, list[Person]] = defaultdict(list)
    for doc_id, uid, given, family in session.execute(
        select(DocumentAuthor.document_id, Contact.uid, Contact.given_name, Contact.family_name)
        .join(Contact, Contact.id == DocumentAuthor.contact_id)
        .where(DocumentAuthor.document_id.in_(wanted))
        .order_by(DocumentAuthor.document_id, DocumentAuthor.position)
    ):
        authors[doc_id].append(Person(uid, " ".join(p for p in (given, family) if p)))
    files = {
        doc_id: int(count)
        for doc_id, count in session.execute(
            select(DocumentFileRecord.document_id, func.count())
            .where(DocumentFileRecord.document_id.in_(wanted))
            .group_by(DocumentFileRecord.document_id)
        )
    }
    use_counts = {
        doc_id: (int(places), int(adopted or 0))
        for doc_id, places, adopted in session.execute(
            select(
                DocumentUse.document_id,
                func.count(distinct(_place_key())),
                func.count(
                    distinct(case((DocumentUse.outcome == UseOutcome.VEDTATT.value, _place_key())))
                ),
            )
            .where(DocumentUse.document_id.in_(wanted))
            .group_by(DocumentUse.document_id)
        )
    }
    by_id: dict[int, DocumentRow] = {}
    for d in session.execute(
        select(
            Document.id,
            Document.uid,
            Document.title,
            Document.kind,
            Document.status,
            Document.date,
            Document.county_number,
            Document.municipality_number,
            Document.updated_at,
        ).where(Document.id.in_(wanted))
    ):
        county, municipality = place_of(geography, d.county_number, d.municipality_number)
        by_id[d.id] = DocumentRow(
            id=d.id,
            uid=d.uid,
            title=d.title,
            kind=DocumentKind(d.kind),
            status=DocumentStatus(d.status),
            date=d.date,
            county=county,
            municipality=municipality,
            topics=tuple(sorted(topics[d.id], key=sort_key)),
            authors=tuple(authors[d.id]),
            file_count=files.get(d.id, 0),
            updated_at=d.updated_at,
            used_places=use_counts.get(d.id, (0, 0))[0],
            adopted_places=use_counts.get(d.id, (0, 0))[1],
        )
    return [by_id[i] for i in wanted if i in by_id]
