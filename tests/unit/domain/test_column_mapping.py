"""Tests for kontakt.domain.column_mapping: guessing fields from spreadsheet headers."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kontakt.domain.column_mapping import (
    FIELD_LABELS,
    REPEATABLE_FIELDS,
    Field,
    guess_field,
    guess_mapping,
    mapping_key,
)

SAMPLES = Path("/work/shared/interop/csv")


def _header_row(name: str) -> list[str]:
    """Read a sample export's header row in place (the legacy Google file is UTF-16)."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample file {path} is not available")
    raw = path.read_bytes()
    encoding = "utf-8"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    return next(csv.reader(io.StringIO(raw.decode(encoding))))


def _mapped(headers: list[str]) -> dict[str, Field]:
    """The columns that are imported, by header."""
    return {
        headers[index]: field
        for index, field in guess_mapping(headers).items()
        if field is not Field.IGNORE
    }


# -- address book exports ------------------------------------------------------------------


def test_google_contacts_export() -> None:
    assert _mapped(_header_row("google-contacts-export-sample.csv")) == {
        "First Name": Field.GIVEN_NAME,
        "Last Name": Field.FAMILY_NAME,
        "Organization Name": Field.ORGANISATION,
        "Organization Title": Field.TITLE,
        "Notes": Field.NOTES,
        "Labels": Field.LABELS,
        "E-mail 1 - Value": Field.EMAIL,
        "E-mail 2 - Value": Field.EMAIL,
        "E-mail 3 - Value": Field.EMAIL,
        "E-mail 4 - Value": Field.EMAIL,
        "Phone 1 - Value": Field.PHONE,
        "Phone 2 - Value": Field.PHONE,
        "Phone 3 - Value": Field.PHONE,
    }


def test_google_contacts_legacy_export() -> None:
    assert _mapped(_header_row("google-contacts-legacy-google-csv-sample.csv")) == {
        "Name": Field.FULL_NAME,
        "Given Name": Field.GIVEN_NAME,
        "Family Name": Field.FAMILY_NAME,
        "Notes": Field.NOTES,
        "Group Membership": Field.LABELS,
        "E-mail 1 - Value": Field.EMAIL,
        "E-mail 2 - Value": Field.EMAIL,
        "Phone 1 - Value": Field.PHONE,
        "Phone 2 - Value": Field.PHONE,
        "Organization 1 - Name": Field.ORGANISATION,
        "Organization 1 - Title": Field.TITLE,
    }


def test_outlook_export() -> None:
    assert _mapped(_header_row("outlook-export-sample.csv")) == {
        "First Name": Field.GIVEN_NAME,
        "Last Name": Field.FAMILY_NAME,
        "Company": Field.ORGANISATION,
        "Job Title": Field.TITLE,
        "Business Phone": Field.PHONE,
        "Business Phone 2": Field.PHONE,
        "Car Phone": Field.PHONE,
        "Home Phone": Field.PHONE,
        "Home Phone 2": Field.PHONE,
        "Mobile Phone": Field.PHONE,
        "Other Phone": Field.PHONE,
        "Primary Phone": Field.PHONE,
        "Categories": Field.LABELS,
        "E-mail Address": Field.EMAIL,
        "E-mail 2 Address": Field.EMAIL,
        "E-mail 3 Address": Field.EMAIL,
        "Notes": Field.NOTES,
    }


@pytest.mark.parametrize(
    "header",
    [
        "E-mail 1 - Label",
        "E-mail 1 - Type",
        "E-mail Type",
        "E-mail 2 Type",
        "E-mail Display Name",
        "Phone 1 - Label",
        "Phone 1 - Type",
        "Business Fax",
        "Assistant's Phone",
        "Company Main Phone",
        "Given Name Yomi",
        "Phonetic First Name",
        "Organization 1 - Yomi Name",
        "Organization Department",
        "Address 1 - City",
        "Middle Name",
        "Mellomnavn",
        "Nickname",
        "Birthday",
    ],
)
def test_labels_and_variants_are_not_values(header: str) -> None:
    assert guess_field(header) is Field.IGNORE


def test_outlook_courtesy_title_loses_to_job_title() -> None:
    headers = ["Title", "First Name", "Job Title"]
    assert guess_field("Title") is Field.TITLE
    assert guess_mapping(headers) == {0: Field.IGNORE, 1: Field.GIVEN_NAME, 2: Field.TITLE}


# -- Norwegian headers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Navn", Field.FULL_NAME),
        ("Fullt navn", Field.FULL_NAME),
        ("Fornavn og etternavn", Field.FULL_NAME),
        ("Fornavn", Field.GIVEN_NAME),
        ("FORNAVN", Field.GIVEN_NAME),
        ("Etternavn", Field.FAMILY_NAME),
        ("E-post", Field.EMAIL),
        ("Epost", Field.EMAIL),
        ("E-postadresse", Field.EMAIL),
        ("e-post adresse", Field.EMAIL),
        ("Email", Field.EMAIL),
        ("E-mail", Field.EMAIL),
        ("Mail", Field.EMAIL),
        ("E-post (jobb)", Field.EMAIL),
        ("Mobil", Field.PHONE),
        ("Mobilnummer", Field.PHONE),
        ("Telefon", Field.PHONE),
        ("Tlf", Field.PHONE),
        ("Tlf.nr", Field.PHONE),
        ("Tlf. nr.", Field.PHONE),
        ("Telefonnummer", Field.PHONE),
        ("Phone", Field.PHONE),
        ("Mobile", Field.PHONE),
        ("Kommune", Field.MUNICIPALITY),
        ("Kommunenr", Field.MUNICIPALITY_NUMBER),
        ("Kommunenr.", Field.MUNICIPALITY_NUMBER),
        ("Kommunenummer", Field.MUNICIPALITY_NUMBER),
        ("Fylke", Field.COUNTY),
        ("Parti", Field.PARTY),
        ("Verv", Field.ROLE),
        ("Rolle", Field.ROLE),
        ("Posisjon", Field.ROLE),
        ("Politiske verv", Field.ROLE),
        ("Organisasjon", Field.ORGANISATION),
        ("Fagforening", Field.ORGANISATION),
        ("Forbund", Field.ORGANISATION),
        ("Arbeidsgiver", Field.ORGANISATION),
        ("Arbeidssted", Field.ORGANISATION),
        ("Stilling", Field.TITLE),
        ("Tittel", Field.TITLE),
        ("Tema", Field.TOPICS),
        ("Interesser", Field.TOPICS),
        ("Interesseområder", Field.TOPICS),
        ("Interesseomraader", Field.TOPICS),
        ("Interesseomrader", Field.TOPICS),
        ("Saker", Field.TOPICS),
        ("Merknad", Field.NOTES),
        ("Kommentar", Field.NOTES),
        ("Notat", Field.NOTES),
        ("Notater", Field.NOTES),
        ("Etiketter", Field.LABELS),
        ("Name", Field.FULL_NAME),
        ("First Name", Field.GIVEN_NAME),
        ("Last Name", Field.FAMILY_NAME),
        ("Given Name", Field.GIVEN_NAME),
        ("Family Name", Field.FAMILY_NAME),
        ("Organization", Field.ORGANISATION),
        ("Company", Field.ORGANISATION),
        ("Job Title", Field.TITLE),
        ("Notes", Field.NOTES),
        ("Group Membership", Field.LABELS),
        ("Categories", Field.LABELS),
    ],
)
def test_known_headers(header: str, field: Field) -> None:
    assert guess_field(header) is field


@pytest.mark.parametrize(
    "header", ["  e-POST ", "E_post", "E.post", "\ufeffE-post", "E\u00a0post", "e - post"]
)
def test_case_punctuation_and_spacing_are_ignored(header: str) -> None:
    assert guess_field(header) is Field.EMAIL


@pytest.mark.parametrize("header", ["Ønsker nyhetsbrev", "Onsker nyhetsbrev", "Oensker nyhetsbrev"])
def test_norwegian_letters_may_be_spelt_out(header: str) -> None:
    assert guess_field(header) is Field.EMAIL_CONSENT


@pytest.mark.parametrize("header", ["", "   ", "Skostørrelse", "Kolonne1", "?"])
def test_unknown_headers_are_ignored(header: str) -> None:
    assert guess_field(header) is Field.IGNORE


# -- surveys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Hva heter du?", Field.FULL_NAME),
        ("Hva er fornavnet ditt?", Field.GIVEN_NAME),
        ("Hvilken kommune bor du i?", Field.MUNICIPALITY),
        ("Hvor bor du?", Field.MUNICIPALITY),
        ("Hvilket fylke bor du i?", Field.COUNTY),
        ("Hva er e-postadressen din?", Field.EMAIL),
        ("Hva er mobilnummeret ditt?", Field.PHONE),
        ("Kan vi kontakte deg på e-post?", Field.EMAIL_CONSENT),
        ("Ønsker du å motta nyhetsbrev på e-post?", Field.EMAIL_CONSENT),
        ("Kan vi kontakte deg på telefon?", Field.IGNORE),
        ("Har du verv?", Field.HAS_ROLE),
        ("Har du tillitsverv eller politiske verv?", Field.HAS_ROLE),
        ("Hvilke temaer er du interessert i?", Field.TOPICS),
        ("Hvilke saker er du opptatt av?", Field.TOPICS),
        ("Hvor jobber du?", Field.ORGANISATION),
        ("Hva jobber du som?", Field.TITLE),
        ("Har du andre kommentarer?", Field.NOTES),
        ("Tidsmerke", Field.IGNORE),
        ("Timestamp", Field.IGNORE),
        ("Starttidspunkt", Field.IGNORE),
        ("Fullføringstidspunkt", Field.IGNORE),
        ("ID", Field.IGNORE),
    ],
)
def test_survey_questions(question: str, field: Field) -> None:
    assert guess_field(question) is field


def test_microsoft_forms_export() -> None:
    headers = [
        "ID",
        "Starttidspunkt",
        "Fullføringstidspunkt",
        "E-post",
        "Navn",
        "Hva heter du?",
        "Hvilken kommune bor du i?",
        "Kan vi kontakte deg på e-post?",
        "Har du verv?",
        "Hvilke temaer er du interessert i?",
    ]
    assert guess_mapping(headers) == {
        0: Field.IGNORE,
        1: Field.IGNORE,
        2: Field.IGNORE,
        3: Field.EMAIL,
        # The respondent's account name is empty for anonymous forms: the question wins.
        4: Field.IGNORE,
        5: Field.FULL_NAME,
        6: Field.MUNICIPALITY,
        7: Field.EMAIL_CONSENT,
        8: Field.HAS_ROLE,
        9: Field.TOPICS,
    }


def test_forms_account_name_is_used_when_no_question_asks_for_the_name() -> None:
    headers = ["ID", "Starttidspunkt", "Fullføringstidspunkt", "E-post", "Navn", "Har du verv?"]
    assert guess_mapping(headers)[4] is Field.FULL_NAME


def test_google_forms_export() -> None:
    headers = ["Tidsmerke", "E-postadresse", "Hva heter du?", "Hvilke temaer er du interessert i?"]
    assert list(guess_mapping(headers).values()) == [
        Field.IGNORE,
        Field.EMAIL,
        Field.FULL_NAME,
        Field.TOPICS,
    ]


def test_county_chapter_list() -> None:
    headers = ["Navn", "Kommune", "Parti", "Verv", "E-post", "Mobil", "Tema"]
    assert guess_mapping(headers) == {
        0: Field.FULL_NAME,
        1: Field.MUNICIPALITY,
        2: Field.PARTY,
        3: Field.ROLE,
        4: Field.EMAIL,
        5: Field.PHONE,
        6: Field.TOPICS,
    }


# -- one column per field --------------------------------------------------------------------


def test_single_fields_go_to_the_surest_column() -> None:
    headers = ["Fagforening", "Arbeidsgiver", "Organisasjon"]
    assert guess_mapping(headers) == {0: Field.IGNORE, 1: Field.IGNORE, 2: Field.ORGANISATION}


def test_leftmost_column_wins_a_tie() -> None:
    headers = ["Navn", "Kommune", "Navn", "Kommune"]
    assert guess_mapping(headers) == {
        0: Field.FULL_NAME,
        1: Field.MUNICIPALITY,
        2: Field.IGNORE,
        3: Field.IGNORE,
    }


def test_repeatable_fields_keep_every_column() -> None:
    headers = ["E-post", "E-post privat", "Mobil", "Telefon jobb", "Verv", "Rolle", "Tema", "Saker"]
    assert list(guess_mapping(headers).values()) == [
        Field.EMAIL,
        Field.EMAIL,
        Field.PHONE,
        Field.PHONE,
        Field.ROLE,
        Field.ROLE,
        Field.TOPICS,
        Field.TOPICS,
    ]


def test_repeatable_fields_are_the_documented_ones() -> None:
    assert (
        frozenset({Field.EMAIL, Field.PHONE, Field.TOPICS, Field.NOTES, Field.LABELS, Field.ROLE})
        | {Field.IGNORE}
        == REPEATABLE_FIELDS
    )


@given(st.lists(st.text(max_size=40), max_size=30))
def test_mapping_covers_every_column_and_uses_single_fields_once(headers: list[str]) -> None:
    mapping = guess_mapping(headers)
    assert sorted(mapping) == list(range(len(headers)))
    single = [field for field in mapping.values() if field not in REPEATABLE_FIELDS]
    assert len(single) == len(set(single))


def test_every_field_has_a_norwegian_label() -> None:
    assert set(FIELD_LABELS) == set(Field)
    assert FIELD_LABELS[Field.EMAIL] == "E-post"
    assert all(label.strip() for label in FIELD_LABELS.values())


# -- mapping_key -----------------------------------------------------------------------------


def test_mapping_key_is_stable_and_ignores_case_and_spacing() -> None:
    headers = ["Navn", "E-post", "Mobil"]
    key = mapping_key(headers)
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    assert mapping_key(list(headers)) == key
    assert mapping_key(["NAVN", " e-post ", "mobil"]) == key
    # A spreadsheet's unused columns at the end do not change the key.
    assert mapping_key([*headers, "", " "]) == key
    # The key is a fixed function of the headers, the same in every run of the program.
    assert mapping_key(["Navn"]) == mapping_key(("navn",))


def test_mapping_key_is_order_sensitive() -> None:
    assert mapping_key(["Navn", "E-post"]) != mapping_key(["E-post", "Navn"])
    assert mapping_key(["Navn", "E-post"]) != mapping_key(["Navn", "E-post", "Mobil"])
    assert mapping_key(["a,b"]) != mapping_key(["a", "b"])
