"""Turn a resolved contact filter into SQL: conditions, order and paging.

Free text is matched by :mod:`kontakt.storage.text_match`. On SQLite the FTS5
trigram index answers in under a millisecond where a LIKE scan of 100,000 rows
takes about 35 ms, but only when it narrows the search (:func:`fts_is_selective`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    exists,
    func,
    select,
    text,
)

from kontakt.domain.records import Page, SortField
from kontakt.storage.models import Contact, ListMember, Role, contact_label, contact_topic
from kontakt.storage.survey_models import SurveyAnswer, SurveyResponse
from kontakt.storage.text_match import fts_query, fts_terms_of, text_conditions


@dataclass(frozen=True, slots=True)
class ResolvedFilter:
    """A ``ContactFilter`` with names turned into numbers and ids."""

    terms: tuple[str, ...] = ()
    county_numbers: tuple[str, ...] = ()
    municipality_number: str | None = None
    topic_ids: tuple[int, ...] = ()
    # The contact needs one of topic_ids rather than all.
    any_topic: bool = False
    role_kind: str | None = None
    role_level: str | None = None
    confirmed_since: dt.date | None = None
    list_id: int | None = None
    label_ids: tuple[int, ...] = ()
    trashed: bool = False
    survey_id: int | None = None
    # With survey_id: the question answered, and the stored answers that count
    # (None: any answer; () matches nobody).
    survey_question_id: int | None = None
    survey_values: tuple[str, ...] | None = None
    uids: tuple[str, ...] = ()
    # SQLite only: match text through the FTS5 index (see fts_is_selective).
    use_fts: bool = True


# Above this many index hits, walking the name-ordered index with LIKE finds a
# page sooner than fetching and sorting every hit (measured in bench/).
FTS_SELECTIVE_LIMIT = 1000


def fts_is_selective(conn: Connection, terms: tuple[str, ...]) -> bool:
    """True if the FTS5 index narrows the text terms to few contacts.

    A common trigram ("sen") hits half of all contacts: reading them all from
    the index costs more than a LIKE scan that stops after the first page. A
    rare one ("xq7") is the opposite. Counting hits up to a cap costs ~0.2 ms.
    """
    fts = fts_terms_of(terms)
    if not fts:
        return False
    probe = text(
        "SELECT count(*) FROM (SELECT rowid FROM contact_fts WHERE contact_fts MATCH :q LIMIT :n)"
    )
    hits = conn.execute(probe, {"q": fts_query(fts), "n": FTS_SELECTIVE_LIMIT + 1}).scalar()
    return (hits or 0) <= FTS_SELECTIVE_LIMIT


def conditions(f: ResolvedFilter, dialect: str) -> list[ColumnElement[bool]]:
    """WHERE conditions (ANDed) for the filter on the ``contact`` table."""
    where: list[ColumnElement[bool]] = [
        Contact.deleted_at.is_not(None) if f.trashed else Contact.deleted_at.is_(None)
    ]
    fts_table = "contact_fts" if dialect == "sqlite" and f.use_fts else None
    where.extend(text_conditions(f.terms, Contact.id, Contact.search_text, fts_table))
    if f.county_numbers:
        where.append(Contact.county_number.in_(f.county_numbers))
    if f.municipality_number:
        where.append(Contact.municipality_number == f.municipality_number)
    if f.any_topic and f.topic_ids:
        where.append(
            exists().where(
                contact_topic.c.contact_id == Contact.id,
                contact_topic.c.topic_id.in_(f.topic_ids),
            )
        )
    else:
        for topic_id in f.topic_ids:
            where.append(
                exists().where(
                    contact_topic.c.contact_id == Contact.id, contact_topic.c.topic_id == topic_id
                )
            )
    if f.role_kind or f.role_level:
        role = [Role.contact_id == Contact.id]
        if f.role_kind:
            role.append(Role.kind == f.role_kind)
        if f.role_level:
            role.append(Role.level == f.role_level)
        where.append(exists().where(*role))
    if f.confirmed_since is not None:
        where.append(Contact.last_confirmed >= f.confirmed_since)
    if f.list_id is not None:
        where.append(
            exists().where(ListMember.contact_id == Contact.id, ListMember.list_id == f.list_id)
        )
    for label_id in f.label_ids:
        where.append(
            exists().where(
                contact_label.c.contact_id == Contact.id, contact_label.c.label_id == label_id
            )
        )
    if f.survey_id is not None:
        where.append(_survey_condition(f))
    if f.uids:
        where.append(Contact.uid.in_(f.uids))
    return where


def _survey_condition(f: ResolvedFilter) -> ColumnElement[bool]:
    """The contact answered the survey (the question; with one of the values)."""
    answered = [SurveyResponse.contact_id == Contact.id, SurveyResponse.survey_id == f.survey_id]
    if f.survey_question_id is None:
        return exists().where(*answered)
    # Who gave the answer, found once (uncorrelated) from the question's answers: as a
    # correlated EXISTS, SQLite without statistics walks every answer to the question
    # for each contact (67 s over 20,000 contacts, bench/bench_survey_view.py).
    gave = [
        SurveyAnswer.question_id == f.survey_question_id,
        SurveyResponse.survey_id == f.survey_id,
    ]
    if f.survey_values is not None:
        gave.append(SurveyAnswer.value.in_(f.survey_values))
    who = (
        select(SurveyResponse.contact_id)
        .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
        .where(*gave)
    )
    return Contact.id.in_(who)


def id_query(f: ResolvedFilter, page: Page, dialect: str) -> Select[int]:
    """Ids of one page of matching contacts in the requested order."""
    order: list[ColumnElement[Any]] = []
    primary: ColumnElement[Any]
    primary = {
        SortField.NAME: Contact.sort_key,
        SortField.ORGANISATION: Contact.organisation_sort,
        SortField.MUNICIPALITY: Contact.municipality_sort,
        SortField.COUNTY: Contact.county_sort,
        SortField.UPDATED: Contact.updated_at,
    }[page.sort].expression
    order.append(primary.desc() if page.descending else primary.asc())
    if page.sort is not SortField.NAME:
        order.append(Contact.sort_key.asc())
    order.append(Contact.id.desc() if page.descending else Contact.id.asc())
    query = select(Contact.id).where(and_(*conditions(f, dialect))).order_by(*order)
    if page.offset:
        query = query.offset(page.offset)
    if page.limit is not None:
        query = query.limit(page.limit)
    return query


def trashed_ids() -> Select[int]:
    """Ids of the contacts in the trash (few), as a subquery that uses the deleted_at index.

    Used to subtract the trash from counts taken over a whole index, which is
    far cheaper than checking every row's contact for deleted_at.
    """
    return select(Contact.id).where(Contact.deleted_at.is_not(None))


def count_query(f: ResolvedFilter, dialect: str) -> Select[int]:
    """Number of contacts matching the filter."""
    return select(func.count()).select_from(Contact).where(and_(*conditions(f, dialect)))
