"""Ideas that travel: where a document was used, counted per place, on both backends.

A secretary records that the interpellation on the birth clinic was put
forward in Bergen, Sunnfjord and Stord, adopted in two of them, put forward
twice in Bergen, and used by the county council; the page then says how far
it has travelled, and the list sorts and filters by it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from tests.storage.test_mailing import SENDER

from kontakt.app import Core
from kontakt.domain.document_uses import UseDraft, UseOutcome
from kontakt.domain.documents import DocumentDraft, DocumentFilter, DocumentOrder, UseFilter
from kontakt.domain.records import ContactDraft, EmailData
from kontakt.domain.year_summary import summary_lines
from kontakt.errors import NotFoundError, ValidationError
from kontakt.services.scope import ContactScope
from kontakt.storage.ideabank_models import DocumentUse


@pytest.fixture
def official(core: Core) -> str:
    draft = ContactDraft(
        given_name="Åse", family_name="Ødegård", emails=(EmailData("ase@example.no"),)
    )
    return core.contacts.create(draft).uid


@pytest.fixture
def documents(core: Core) -> tuple[int, int, int]:
    add = core.ideabank.add
    return (
        add(DocumentDraft("Interpellasjon om fødetilbudet", date=dt.date(2024, 3, 1))),
        add(DocumentDraft("Høringssvar om fastlegene", date=dt.date(2025, 1, 1))),
        add(DocumentDraft("Leserinnlegg om rus", date=dt.date(2026, 1, 1))),
    )


def record(core: Core, doc: int, outcome: UseOutcome | None, **place: str) -> int:
    return core.document_uses.add(doc, UseDraft(outcome=outcome, **place))


def test_summary_counts_distinct_places_per_outcome(
    core: Core, official: str, documents: tuple[int, int, int]
) -> None:
    doc = documents[0]
    assert core.document_uses.summary(doc).text() == "Ikke brukt ennå."
    core.document_uses.add(
        doc,
        UseDraft(
            municipality="Bergen",
            date=dt.date(2025, 2, 3),
            outcome=UseOutcome.AVVIST,
            by=official,
            link="www.bergen.kommune.no/sak/1",
            note="Nytt forsøk neste år",
        ),
    )
    record(core, doc, UseOutcome.VEDTATT, municipality="Bergen")  # twice in Bergen: one place
    record(core, doc, UseOutcome.VEDTATT, municipality="Sunnfjord")
    record(core, doc, UseOutcome.FREMMET, municipality="Stord")
    record(core, doc, None, municipality="Trondheim")  # used, no outcome yet
    assert core.document_uses.summary(doc).text() == (
        "Brukt i 4 kommuner: fremmet i 3, vedtatt i 2, avvist i 1"
    )
    record(core, doc, UseOutcome.FREMMET, county="Vestland")  # the county council
    summary = core.document_uses.summary(doc)
    assert (summary.uses, summary.used.municipalities, summary.used.counties) == (6, 4, 1)
    assert summary.text() == (
        "Brukt i 4 kommuner og 1 fylke: fremmet i 3 kommuner og 1 fylke, "
        "vedtatt i 2 kommuner, avvist i 1 kommune"
    )
    (first,) = [u for u in core.document_uses.uses(doc) if u.by is not None]
    assert first.by is not None and first.by.name == "Åse Ødegård"
    assert first.municipality is not None and first.municipality.number == "4601"
    assert first.county is not None and first.county.number == "46"
    assert first.link == "https://www.bergen.kommune.no/sak/1"
    counties = core.document_uses.per_county(doc)
    assert [(c.county.name, len(c.uses)) for c in counties] == [
        ("Trøndelag - Trööndelage", 1),
        ("Vestland", 5),
    ]
    assert counties[1].summary.by_outcome[UseOutcome.VEDTATT].municipalities == 2


def test_edit_and_delete_can_be_undone(
    core: Core, official: str, documents: tuple[int, int, int]
) -> None:
    doc = documents[0]
    use_id = core.document_uses.add(
        doc, UseDraft(municipality="Stord", outcome=UseOutcome.FREMMET, by=official)
    )
    before = core.document_uses.update(
        use_id, UseDraft(municipality="Stord", outcome=UseOutcome.VEDTATT, by=official)
    )
    assert core.document_uses.summary(doc).text() == "Brukt: fremmet i 1 kommune, vedtatt i 1"
    core.document_uses.update(use_id, before)  # undo the edit
    record(core, doc, None, county="Agder")
    assert core.document_uses.summary(doc).text() == (
        "Brukt i 1 kommune og 1 fylke: fremmet i 1 kommune"
    )
    core.document_uses.delete(core.document_uses.uses(doc)[0].id)
    assert core.document_uses.summary(doc).text() == "Brukt: fremmet i 1 kommune"
    removed = core.document_uses.delete(use_id)
    assert core.document_uses.uses(doc) == []
    core.document_uses.restore(removed)  # undo the delete
    (back,) = core.document_uses.uses(doc)
    assert back.outcome is UseOutcome.FREMMET and back.by is not None
    assert back.by.uid == official


def test_bad_input_is_refused_in_norwegian_and_nothing_is_stored(
    core: Core, documents: tuple[int, int, int]
) -> None:
    doc = documents[0]
    with pytest.raises(NotFoundError, match="Bergn"):
        record(core, doc, None, municipality="Bergn")
    with pytest.raises(ValidationError, match="Velg kommunen eller fylket"):
        record(core, doc, None)
    with pytest.raises(NotFoundError, match="Fant ingen kontakt med id ingen-slik"):
        core.document_uses.add(doc, UseDraft(county="Agder", by="ingen-slik"))
    with pytest.raises(ValidationError, match="nettadresse"):
        core.document_uses.add(doc, UseDraft(county="Agder", link="ftp://x"))
    with pytest.raises(NotFoundError, match=r"dokument nr\. 999"):
        record(core, 999, None, county="Agder")
    with core.sessions() as session:
        assert session.query(DocumentUse).count() == 0


def test_the_list_filters_and_sorts_by_use(core: Core, documents: tuple[int, int, int]) -> None:
    fodsel, fastlege, rus = documents
    record(core, fastlege, UseOutcome.FREMMET, municipality="Bergen")
    for place in ("Bergen", "Stord", "Sunnfjord"):
        record(core, fodsel, UseOutcome.AVVIST, municipality=place)
    record(core, fastlege, UseOutcome.VEDTATT, municipality="Bergen")  # Bergen again

    def ids(**criteria: object) -> list[int]:
        return [r.id for r in core.ideabank.search(DocumentFilter(**criteria)).rows]  # type: ignore[arg-type]

    assert ids() == [rus, fastlege, fodsel]  # newest first
    assert ids(order=DocumentOrder.MOST_USED) == [fodsel, fastlege, rus]
    assert ids(use=UseFilter.USED) == [fastlege, fodsel]
    assert ids(use=UseFilter.ADOPTED) == [fastlege]
    assert ids(use=UseFilter.NEVER) == [rus]
    rows = {r.id: r for r in core.ideabank.search(DocumentFilter()).rows}
    assert (rows[fodsel].used_places, rows[fodsel].adopted_places) == (3, 0)
    assert (rows[fastlege].used_places, rows[fastlege].adopted_places) == (1, 1)


def test_an_erased_person_s_uses_stay_without_the_name(
    core: Core, official: str, documents: tuple[int, int, int]
) -> None:
    doc = documents[0]
    core.document_uses.add(
        doc, UseDraft(municipality="Bergen", outcome=UseOutcome.VEDTATT, by=official)
    )
    core.privacy.erase(official)
    (use,) = core.document_uses.uses(doc)
    assert use.by is None
    assert use.outcome is UseOutcome.VEDTATT and use.place_name == "Bergen"
    assert core.document_uses.summary(doc).text() == "Brukt: fremmet i 1 kommune, vedtatt i 1"


def test_the_year_summary_counts_the_year_s_uses_and_outcomes(
    core: Core, documents: tuple[int, int, int]
) -> None:
    fodsel, fastlege, _rus = documents
    this_year = dt.date.today().year

    def use(doc: int, outcome: UseOutcome | None, when: dt.date | None, place: str) -> None:
        core.document_uses.add(doc, UseDraft(municipality=place, outcome=outcome, date=when))

    use(fodsel, UseOutcome.VEDTATT, dt.date(2025, 3, 1), "Bergen")
    use(fodsel, UseOutcome.AVVIST, dt.date(2025, 12, 31), "Stord")
    use(fastlege, UseOutcome.VEDTATT, dt.date(2025, 1, 1), "Bergen")
    use(fastlege, UseOutcome.FREMMET, dt.date(2024, 12, 31), "Voss")  # the year before
    use(fastlege, None, None, "Sunnfjord")  # undated: the year it was recorded
    year_2025 = core.year_summary.summary(2025).document_uses
    assert (year_2025.uses, year_2025.documents, year_2025.places) == (3, 2, 2)
    assert dict(year_2025.outcomes) == {"fremmet": 0, "vedtatt": 2, "avvist": 1, "trukket": 0}
    assert core.year_summary.summary(2024).document_uses.uses == 1
    assert core.year_summary.summary(this_year).document_uses.uses == (
        2 if this_year == 2025 else 1
    )
    lines = {line.label: line for line in summary_lines(core.year_summary.summary(2025))}
    assert lines["Idébanken: dokumenter brukt"].count == 2
    assert lines["Idébanken: dokumenter brukt"].note == "3 ganger, på 2 steder."
    assert lines["Idébanken: forslag vedtatt"].count == 2
    assert lines["Idébanken: forslag vedtatt"].note == "Utfall: vedtatt 2, avvist 1."


def test_a_reply_prefills_the_document_the_mailing_carried(
    core: Core, documents: tuple[int, int, int]
) -> None:
    county_only = core.contacts.create(
        ContactDraft(given_name="Fylkes", family_name="Politiker", county="Agder",
                     emails=(EmailData("fp@example.no"),))
    )  # fmt: skip
    plan = core.mailings.plan(ContactScope(uids=(county_only.uid,)))
    draft = core.ideabank.mail_draft(documents[1])
    mailing = core.ideabank.create_mailing(documents[1], draft, SENDER, plan)
    offer = core.document_uses.from_reply(mailing, county_only.uid, dt.date(2026, 5, 1))
    assert offer is not None and offer.document_id == documents[1]
    assert offer.draft == UseDraft(county="42", date=dt.date(2026, 5, 1), by=county_only.uid)
    plain = core.mailings.create(draft, SENDER, plan, "")
    assert core.document_uses.from_reply(plain, county_only.uid) is None
