"""Finding duplicates already inside: the secretary asks which records may be one person.

Runs on a real SQLite file and on PostgreSQL (the ``core`` fixture). Each
story stores contacts through the contact service, as the window would, and
asks the finder what it proposes.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update

from kontakt.app import Core, open_core
from kontakt.domain.records import ContactDraft, EmailData, PhoneData
from kontakt.errors import NotFoundError, ValidationError
from kontakt.paths import DatabaseLocation
from kontakt.services.duplicates import DuplicatePair, Evidence
from kontakt.storage.models import Contact

BERGEN = "4601"
OSLO = "0301"


def add(core: Core, given: str, family: str, muni: str = "", email: str = "", phone: str = "",
        org: str = "") -> str:  # fmt: skip
    draft = ContactDraft(
        given_name=given,
        family_name=family,
        municipality=muni,
        organisation=org,
        emails=(EmailData(email),) if email else (),
        phones=(PhoneData(phone),) if phone else (),
    )
    return core.contacts.create(draft).uid


def pair_of(pairs: list[DuplicatePair], uid_1: str, uid_2: str) -> DuplicatePair | None:
    wanted = {uid_1, uid_2}
    return next((p for p in pairs if {p.a.uid, p.b.uid} == wanted), None)


def test_same_phone_is_proposed_with_the_number(core: Core) -> None:
    kari = add(core, "Kari", "Nordmann", BERGEN, "kari@example.org", "912 34 567")
    k2 = add(core, "K.", "Hansen-Nordmann", OSLO, "kh@example.net", "+47 91234567")
    add(core, "Per", "Olsen", OSLO, phone="98765432")
    pairs = core.duplicates.find()
    assert len(pairs) == 1
    found = pair_of(pairs, kari, k2)
    assert found is not None
    assert found.reason_texts == ["samme telefon +4791234567"]
    assert (found.a.uid, found.b.uid) == (kari, k2)  # the older record first
    assert found.group == 1


def test_shared_mailbox_on_two_people_is_no_duplicate(core: Core) -> None:
    add(core, "Anne", "Berg", BERGEN, "post@kommune.no")
    add(core, "Jon", "Dahl", OSLO, "post@kommune.no")
    assert core.duplicates.find() == []


def test_same_personal_email_is_proposed(core: Core) -> None:
    a = add(core, "Ola", "Nordmann", email="Ola@X.no")
    b = add(core, "Ola Johan", "Nordmann", email="ola@x.no")
    found = pair_of(core.duplicates.find(), a, b)
    assert found is not None
    assert found.reason_texts == ["samme personlige e-post ola@x.no"]


def test_similar_name_in_same_municipality_is_proposed(core: Core) -> None:
    a = add(core, "Ingrid", "Kristiansen", BERGEN, "ingrid@example.org")
    b = add(core, "Ingrid", "Kristiansenn", BERGEN)
    found = pair_of(core.duplicates.find(), a, b)
    assert found is not None
    assert found.reason_texts == ["lignende navn i samme kommune (Bergen)"]


def test_same_name_in_different_municipalities_is_not_proposed(core: Core) -> None:
    add(core, "Ingrid", "Kristiansen", BERGEN)
    add(core, "Ingrid", "Kristiansen", OSLO)
    assert core.duplicates.find() == []


def test_two_people_with_their_own_addresses_are_not_paired_by_name(core: Core) -> None:
    add(core, "Ingrid", "Kristiansen", BERGEN, "ingrid.k@example.org")
    add(core, "Ingrid", "Kristiansen", BERGEN, "ingrid.kristiansen@example.net")
    assert core.duplicates.find() == []


def test_same_name_and_organisation_is_the_weakest_reason(core: Core) -> None:
    strong_a = add(core, "Siri", "Lund", phone="41234567")
    strong_b = add(core, "Siri", "Lunde", phone="41234567")
    weak_a = add(core, "Tor", "Moe", OSLO, "tor@a.no", org="Fagforbundet")
    weak_b = add(core, "Tor", "Moe", BERGEN, "tor@b.no", org="fagforbundet")
    pairs = core.duplicates.find()
    assert [{p.a.uid, p.b.uid} for p in pairs] == [{strong_a, strong_b}, {weak_a, weak_b}]
    assert pairs[1].reason_texts == ["samme navn og organisasjon (Fagforbundet)"]
    assert [p.group for p in pairs] == [1, 2]


def test_several_reasons_are_stronger_than_one_and_strongest_first(core: Core) -> None:
    one_a = add(core, "Arne", "Vik", phone="45678901")
    one_b = add(core, "Arne", "Viken", phone="45678901")
    two_a = add(core, "Berit", "Ås", BERGEN, "berit@x.no", "47654321")
    two_b = add(core, "Berit", "Ås", BERGEN, phone="47654321")
    pairs = core.duplicates.find()
    assert [{p.a.uid, p.b.uid} for p in pairs] == [{two_a, two_b}, {one_a, one_b}]
    assert pairs[0].reason_texts == [
        "samme telefon +4747654321",
        "samme navn i samme kommune (Bergen)",
    ]
    assert pairs[0].strength > pairs[1].strength
    assert pairs[0].reasons[0].evidence is Evidence.PHONE


def test_three_records_of_one_person_are_one_group(core: Core) -> None:
    a = add(core, "Liv", "Strand", BERGEN, "liv@x.no")
    b = add(core, "Liv", "Strand", BERGEN, phone="93456789")
    c = add(core, "Liv S.", "Strand", OSLO, "liv.s@y.no", "93456789")
    add(core, "Ola", "Hansen", OSLO, phone="90000001")
    d = add(core, "Ola", "Hansen", OSLO)
    pairs = core.duplicates.find()
    groups = {frozenset((p.a.uid, p.b.uid)): p.group for p in pairs}
    assert groups[frozenset((a, b))] == groups[frozenset((b, c))]
    others = [p for p in pairs if d in (p.a.uid, p.b.uid)]
    assert len(others) == 1 and others[0].group != groups[frozenset((a, b))]


def test_a_trashed_contact_is_not_proposed(core: Core) -> None:
    add(core, "Kari", "Nordmann", BERGEN, phone="91234567")
    gone = add(core, "Kari", "Nordmann", BERGEN, phone="91234567")
    core.contacts.trash([gone])
    assert core.duplicates.find() == []


def test_not_the_same_person_is_not_proposed_again(core: Core) -> None:
    a = add(core, "Kari", "Nordmann", BERGEN, phone="91234567")
    b = add(core, "Kari", "Nordmann", BERGEN)
    assert core.duplicates.mark_not_duplicate(b, a) is True
    assert core.duplicates.mark_not_duplicate(a, b) is False  # remembered already
    assert core.duplicates.find() == []
    assert core.duplicates.unmark_not_duplicate(a, b) is True
    assert pair_of(core.duplicates.find(), a, b) is not None


def test_not_the_same_person_is_remembered_after_reopening(
    sqlite_location: DatabaseLocation,
) -> None:
    core = open_core(sqlite_location)
    try:
        a = add(core, "Kari", "Nordmann", BERGEN, phone="91234567")
        b = add(core, "Kari", "Nordmann", BERGEN)
        core.duplicates.mark_not_duplicate(a, b)
    finally:
        core.close()
    again = open_core(sqlite_location)
    try:
        assert again.duplicates.find() == []
    finally:
        again.close()


def test_not_the_same_person_refuses_nonsense(core: Core) -> None:
    a = add(core, "Kari", "Nordmann", BERGEN)
    with pytest.raises(ValidationError, match="seg selv"):
        core.duplicates.mark_not_duplicate(a, a)
    with pytest.raises(NotFoundError, match="Fant ingen kontakt"):
        core.duplicates.mark_not_duplicate(a, "no-such-uid")


def test_an_empty_database_has_no_duplicates(core: Core) -> None:
    assert core.duplicates.find() == []


def test_contacts_without_a_name_are_paired_only_by_phone_or_email(core: Core) -> None:
    a = add(core, "Kari", "Nordmann", BERGEN, phone="91234567")
    b = add(core, "Kari", "Nordmann", BERGEN, phone="91234567")
    c = add(core, "Per", "Hansen", BERGEN)
    d = add(core, "Pål", "Hansen", BERGEN)
    with core.sessions.begin() as session:  # as an old database or a bare vCard may hold them
        session.execute(
            update(Contact)
            .where(Contact.uid.in_([a, b, c, d]))
            .values(given_name="", family_name="")
        )
    pairs = core.duplicates.find()
    assert len(pairs) == 1
    assert pairs[0].reason_texts == ["samme telefon +4791234567"]
    assert pairs[0].a.name == "(uten navn)"


def test_a_switchboard_number_on_many_people_floods_nothing(core: Core) -> None:
    for n in range(8):
        add(core, f"Person{n}", f"Etternavn{n}", phone="22222222")
    assert core.duplicates.find() == []


def test_progress_steps_end_with_the_pairs(core: Core) -> None:
    add(core, "Kari", "Nordmann", BERGEN, phone="91234567")
    add(core, "Kari", "Nordmann", BERGEN)
    steps = core.duplicates.steps()
    seen = []
    try:
        while True:
            seen.append(next(steps))
    except StopIteration as stop:
        pairs = stop.value
    assert seen[-1][0] == seen[-1][1] and len(pairs) == 1
    assert all(done <= total for done, total in seen)
