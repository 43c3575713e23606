"""Search contacts with one filter object, paged and sorted in SQL."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.dates import months_ago
from kontakt.domain.geography import Geography
from kontakt.domain.records import ContactFilter, ContactRow, Page, SearchResult
from kontakt.domain.text import clean, fold
from kontakt.errors import KontaktError, NotFoundError
from kontakt.storage import survey_store
from kontakt.storage.contact_query import (
    ResolvedFilter,
    count_query,
    fts_is_selective,
    id_query,
    trashed_ids,
)
from kontakt.storage.contact_rows import load_rows
from kontakt.storage.models import Contact, ContactList, Label, Topic
from kontakt.storage.text_match import split_terms
from kontakt.storage.vocabulary_models import TopicSynonym


def closest(name: str, candidates: list[str]) -> str:
    """`` Mente du: A, B?`` for the nearest candidates, or ``""``."""
    by_key = {fold(c): c for c in candidates}
    near = difflib.get_close_matches(fold(name), list(by_key), n=3, cutoff=0.6)
    return f" Mente du: {', '.join(by_key[k] for k in near)}?" if near else ""


class SearchService:
    """Finds contacts for the window, the command line and exports.

    Args:
        sessions: Session factory.
        geography: Resolves county and municipality names.
    """

    def __init__(self, sessions: sessionmaker[Session], geography: Geography) -> None:
        self._sessions = sessions
        self._geography = geography

    def resolve(self, session: Session, f: ContactFilter) -> ResolvedFilter:
        """Turn names in the filter into numbers and ids.

        Raises:
            NotFoundError: An unknown county, municipality, topic, list or label,
                with the closest matches in the message.
        """
        counties: tuple[str, ...] = ()
        if clean(f.county):
            counties = tuple(c.number for c in self._geography.successors(f.county))
        municipality = None
        if clean(f.municipality):
            municipality = self._geography.find_municipality(f.municipality).number
        topic_ids = tuple(self._named_id(session, Topic, t, "tema") for t in f.topics if clean(t))
        list_id = (
            self._named_id(session, ContactList, f.list_name, "liste")
            if clean(f.list_name)
            else None
        )
        label_ids = tuple(
            self._named_id(session, Label, n, "etikett") for n in f.labels if clean(n)
        )
        return ResolvedFilter(
            terms=split_terms(f.text),
            county_numbers=counties,
            municipality_number=municipality,
            topic_ids=topic_ids,
            any_topic=f.any_topic,
            role_kind=f.role_kind.value if f.role_kind else None,
            role_level=f.role_level.value if f.role_level else None,
            confirmed_since=(
                months_ago(f.confirmed_months) if f.confirmed_months is not None else None
            ),
            list_id=list_id,
            label_ids=label_ids,
            trashed=f.trashed,
            **self._survey_parts(session, f),
            uids=f.uids,
        )

    @classmethod
    def _survey_parts(cls, session: Session, f: ContactFilter) -> dict[str, Any]:
        """survey_id, survey_question_id and survey_values of the resolved filter."""
        if not clean(f.survey):
            if clean(f.survey_question) or clean(f.survey_answer):
                raise KontaktError("Et spørsmål i filteret krever en undersøkelse (--survey).")
            return {}
        survey_id = cls._survey_id(session, f.survey)
        if not clean(f.survey_question):
            if clean(f.survey_answer):
                raise KontaktError("Et svar i filteret krever et spørsmål.")
            return {"survey_id": survey_id}
        question = survey_store.find_question(session, survey_id, clean(f.survey_question))
        if question is None:
            texts = [q.text for q in survey_store.questions(session, survey_id)]
            raise NotFoundError(
                f"Undersøkelsen «{clean(f.survey)}» har ikke spørsmålet "
                f"«{clean(f.survey_question)}».{closest(f.survey_question, texts)}"
            )
        values = (
            survey_store.matching_values(session, question, f.survey_answer)
            if clean(f.survey_answer)
            else None
        )
        return {"survey_id": survey_id, "survey_question_id": question.id, "survey_values": values}

    @staticmethod
    def _survey_id(session: Session, name: str) -> int:
        found = survey_store.find(session, name)
        if found is None:
            names = survey_store.names(session)
            raise NotFoundError(f"Ukjent undersøkelse «{clean(name)}».{closest(name, names)}")
        return found.id

    @staticmethod
    def _named_id(
        session: Session, model: type[Topic | ContactList | Label], name: str, what: str
    ) -> int:
        found = session.scalar(select(model.id).where(model.name_key == fold(clean(name))))
        if found is None and model is Topic:
            # A synonym stands for its topic (issue 21): «psykiatri» -> Psykisk helse.
            found = session.scalar(
                select(TopicSynonym.topic_id).where(TopicSynonym.word_key == fold(clean(name)))
            )
        if found is None:
            names = list(session.scalars(select(model.name)))
            raise NotFoundError(f"Ukjent {what} «{clean(name)}».{closest(name, names)}")
        return found

    def search(self, f: ContactFilter, page: Page | None = None) -> SearchResult:
        """One page of contacts matching the filter, and how many match in all."""
        page = page or Page()
        with self._sessions() as session:
            resolved = self.resolve(session, f)
            dialect = session.get_bind().dialect.name
            if dialect == "sqlite":
                use_fts = fts_is_selective(session.connection(), resolved.terms)
                resolved = replace(resolved, use_fts=use_fts)
            ids = list(session.scalars(id_query(resolved, page, dialect)))
            complete = page.limit is None or (not page.offset and len(ids) < page.limit)
            if complete:
                total: int | None = page.offset + len(ids)
            elif page.count_total:
                total = session.scalar(count_query(resolved, dialect)) or 0
            else:
                total = None
            rows = load_rows(session.connection(), ids, self._geography)
            return SearchResult(rows=tuple(rows), total=total, offset=page.offset)

    def count(self, f: ContactFilter) -> int:
        """How many contacts match the filter."""
        with self._sessions() as session:
            resolved = self.resolve(session, f)
            return session.scalar(count_query(resolved, session.get_bind().dialect.name)) or 0

    def county_counts(self) -> dict[str, int]:
        """Live contacts per county number (counties without contacts are absent)."""
        # Counted from the county index, minus the few trashed contacts (see topics()).
        with self._sessions() as session:
            every = session.execute(
                select(Contact.county_number, func.count())
                .where(Contact.county_number.is_not(None))
                .group_by(Contact.county_number)
            ).all()
            trashed = dict(
                session.execute(
                    select(Contact.county_number, func.count())
                    .where(Contact.id.in_(trashed_ids()), Contact.county_number.is_not(None))
                    .group_by(Contact.county_number)
                ).all()
            )
            return {
                str(number): int(count) - int(trashed.get(number, 0))
                for number, count in every
                if int(count) - int(trashed.get(number, 0)) > 0
            }

    def rows_by_uid(self, uids: Sequence[str]) -> list[ContactRow]:
        """The contacts with these uids (trashed ones too; unknown uids are left out)."""
        found: list[ContactRow] = []
        with self._sessions() as session:
            for start in range(0, len(uids), 500):
                chunk = list(uids[start : start + 500])
                ids = list(session.scalars(select(Contact.id).where(Contact.uid.in_(chunk))))
                found.extend(load_rows(session.connection(), ids, self._geography))
        return found

    def all_rows(self, f: ContactFilter, page: Page | None = None) -> list[ContactRow]:
        """Every contact matching the filter, in page order (no limit)."""
        base = page or Page()
        return list(self.search(f, Page(0, None, base.sort, base.descending)).rows)
