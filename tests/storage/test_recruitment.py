"""Who could fill an empty overview cell, on SQLite and PostgreSQL: each kind of
reason, the order, reserved contacts marked, the trash and other counties left out."""

from __future__ import annotations

import datetime as dt

import pytest

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, EmailData, EmailKind, RoleData, RoleKind, RoleLevel
from kontakt.errors import NotFoundError
from kontakt.services.recruitment import RESERVED
from kontakt.storage import survey_store
from kontakt.storage.models import Contact
from kontakt.storage.survey_store import NewResponse

TROMSØ, OSLO = "5501", "0301"
QUESTIONS = (
    (1, "Hvilke temaer er du mest opptatt av?", "multi"),
    (2, "Vil du engasjere deg lokalt?", "choice"),
    (3, "Hva er viktigst i din kommune?", "text"),
)


def person(
    core: Core,
    given: str,
    municipality: str = TROMSØ,
    roles: tuple[RoleData, ...] = (),
    opted_out: bool = False,
) -> str:
    draft = ContactDraft(
        given_name=given,
        family_name="Nilsen",
        emails=(EmailData(f"{given.lower()}@example.org", EmailKind.PRIVAT, True),),
        municipality=municipality,
        roles=roles,
        opted_out=opted_out,
    )
    return core.contacts.create(draft).uid


def survey(
    core: Core, name: str, year: int, answers: dict[str, tuple[tuple[int, str], ...]]
) -> None:
    with core.sessions.begin() as session:
        ids = dict(session.query(Contact.uid, Contact.id).filter(Contact.uid.in_(answers)).all())
        responses = [
            NewResponse(ids[uid], dt.datetime(year, 5, 1, tzinfo=dt.UTC), row, values)
            for row, (uid, values) in enumerate(answers.items(), start=2)
        ]
        survey_store.create(session, name, year, f"{name}.xlsx", None, QUESTIONS, responses)


@pytest.fixture
def people(core: Core) -> dict[str, str]:
    candidate = RoleData(
        RoleKind.KANDIDAT,
        election="kommunestyrevalget 2027",
        list_name="SV",
        list_place=4,
        municipality=TROMSØ,
        county="55",
    )
    committee = RoleData(
        RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Helse- og omsorgsutvalget", "Medlem"
    )
    council = RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Tromsø kommunestyre", "Medlem")
    uids = {
        "anne": person(core, "Anne"),
        "bo": person(core, "Bo"),
        "cato": person(core, "Cato", roles=(candidate,), opted_out=True),
        "dina": person(core, "Dina", roles=(committee,)),
        "eva": person(core, "Eva"),
        "finn": person(core, "Finn", municipality=OSLO),
        "gro": person(core, "Gro"),
        "hans": person(core, "Hans", roles=(council,)),
    }
    survey(
        core,
        "Medlemsundersøkelsen 2025",
        2025,
        {
            uids["anne"]: ((1, "Psykisk helse;Narkotika;"),),  # «narkotika»: a synonym of Rus
            uids["bo"]: ((1, "Rus;Eldreomsorg"), (2, "Ja, gjerne")),
            uids["eva"]: ((2, "Ja"),),
            uids["finn"]: ((1, "Rus"), (2, "Ja")),
            uids["gro"]: ((1, "Fastlege"), (2, "Nei"), (3, "Rus og engasjement")),
        },
    )
    survey(core, "Medlemsundersøkelsen 2024", 2024, {uids["bo"]: ((2, "Ja"),)})
    core.contacts.trash([uids["eva"]])
    return uids


def test_each_reason_strongest_first(core: Core, people: dict[str, str]) -> None:
    found = core.recruitment.prospects("Troms", "rus")
    by_uid = {p.uid: p for p in found}
    names = {uid: name for name, uid in people.items()}

    # Trashed Eva, Oslo's Finn, Gro (said no; Rus only in free text) and Hans
    # (a council, not a health committee) are not offered.
    assert sorted(names[p.uid] for p in found) == ["anne", "bo", "cato", "dina"]
    assert len(found) == len(by_uid)  # one row per person
    # Bo chose Rus and will contribute: strongest; then Anne (a synonym), then
    # the candidate, then the committee member.
    assert [names[p.uid] for p in found] == ["bo", "anne", "cato", "dina"]

    bo = by_uid[people["bo"]]
    # The newest survey's «ja» only, not 2024's as well.
    assert bo.reasons == [
        "svarte i Medlemsundersøkelsen 2025: interessert i Rus",
        "vil bidra (Medlemsundersøkelsen 2025)",
    ]
    assert bo.municipality == "Tromsø" and not bo.reserved
    assert by_uid[people["anne"]].reasons == [
        "svarte i Medlemsundersøkelsen 2025: interessert i Narkotika"
    ]
    cato = by_uid[people["cato"]]
    assert cato.reserved
    assert cato.reasons == ["kandidat, kommunestyrevalget 2027, Tromsø", RESERVED]
    assert by_uid[people["dina"]].reasons == ["medlem av Helse- og omsorgsutvalget, Tromsø kommune"]
    assert cato.to_json()["reserved"] is True


def test_a_restored_contact_counts_again(core: Core, people: dict[str, str]) -> None:
    core.contacts.restore([people["eva"]])
    found = {p.uid: p for p in core.recruitment.prospects("55", "Rus")}
    assert found[people["eva"]].reasons == ["vil bidra (Medlemsundersøkelsen 2025)"]


def test_other_topic_has_no_topic_reason(core: Core, people: dict[str, str]) -> None:
    found = {p.uid: p for p in core.recruitment.prospects("Troms", "Fastlege")}
    assert found[people["gro"]].reasons == [
        "svarte i Medlemsundersøkelsen 2025: interessert i Fastlege"
    ]
    assert people["anne"] not in found  # chose Psykisk helse and Rus only
    assert found[people["bo"]].reasons == ["vil bidra (Medlemsundersøkelsen 2025)"]


def test_unknown_topic_and_county(core: Core) -> None:
    with pytest.raises(NotFoundError, match="Ukjent tema «Russ»"):
        core.recruitment.prospects("Troms", "Russ")
    with pytest.raises(NotFoundError):
        core.recruitment.prospects("Atlantis", "Rus")


def test_gaps_are_the_empty_cells(core: Core) -> None:
    person(core, "Ida")  # no topics: every cell is empty
    core.contacts.create(ContactDraft(given_name="Jo", municipality=TROMSØ, topics=("Rus",)))
    gaps = core.recruitment.gaps("Troms")
    assert gaps and all(c.county_number == "55" and c.count == 0 for c in gaps)
    assert "Rus" not in {c.topic for c in gaps}
    assert len(core.recruitment.gaps()) > len(gaps)
