"""The vCard writer: content, options, escaping, folding, validity and vobject read-back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from tests.unit.io_vcard.contacts import (
    make_row,
    validator_errors,
    vobject_cards,
    vobject_summary,
)

from kontakt.domain.records import PhoneData, PhoneKind, Place, RoleData, RoleKind, RoleLevel
from kontakt.domain.role_text import parse_roles_cell
from kontakt.io.vcard import VCardOptions, read_vcard_bytes, vcard_text, write_vcards

ALL = VCardOptions(include_notes=True, include_private=True)


def unfolded(text: str) -> list[str]:
    """The content lines of a written card, unfolded."""
    return text.replace("\r\n ", "").split("\r\n")


def test_default_card_30() -> None:
    text = vcard_text(make_row())
    assert unfolded(text) == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Kontakt//Kontakt//NB",
        "UID:0b8a2f6e-3f7e-4b8e-9a52-2b8f6f0c1d11",
        "N:Bjørnstad;Åse Marie;;;",
        "FN:Åse Marie Bjørnstad",
        "EMAIL;TYPE=INTERNET,WORK,PREF:ase.bjornstad@example.no",
        "EMAIL;TYPE=INTERNET,HOME:ase@privat.example.com",
        "TEL;TYPE=CELL,PREF:+4798765432",
        "TEL;TYPE=WORK:+4722334455",
        "ADR:;;;Bergen;Vestland;;Norge",
        "ORG:Helse Bergen",
        "TITLE:Hovedtillitsvalgt",
        "CATEGORIES:Psykisk helse,Rus,Vestland",
        "REV:2025-03-01T09:30:15Z",
        "END:VCARD",
        "",
    ]


def test_card_40() -> None:
    text = vcard_text(make_row(), VCardOptions(version="4.0", include_private=True))
    assert unfolded(text) == [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "PRODID:-//Kontakt//Kontakt//NB",
        "UID:urn:uuid:0b8a2f6e-3f7e-4b8e-9a52-2b8f6f0c1d11",
        "N:Bjørnstad;Åse Marie;;;",
        "FN:Åse Marie Bjørnstad",
        "EMAIL;TYPE=work;PREF=1:ase.bjornstad@example.no",
        "EMAIL;TYPE=home:ase@privat.example.com",
        "TEL;VALUE=uri;TYPE=cell;PREF=1:tel:+4798765432",
        "TEL;VALUE=uri;TYPE=work:tel:+4722334455",
        "TEL;VALUE=uri;TYPE=home:tel:+4755667788",
        "ADR:;;;Bergen;Vestland;;Norge",
        "ORG:Helse Bergen",
        "TITLE:Hovedtillitsvalgt",
        "CATEGORIES:Psykisk helse,Rus,Vestland",
        "REV:20250301T093015Z",
        "END:VCARD",
        "",
    ]


def test_40_uid_that_is_no_uuid_stays_text() -> None:
    text = vcard_text(make_row(uid="kontakt-17"), VCardOptions(version="4.0"))
    assert "UID:kontakt-17\r\n" in text
    upper = "0B8A2F6E-3F7E-4B8E-9A52-2B8F6F0C1D11"
    text = vcard_text(make_row(uid=upper), VCardOptions(version="4.0"))
    assert f"UID:urn:uuid:{upper}\r\n" in text


def test_options_notes_private_county() -> None:
    row = make_row()
    default = vcard_text(row)
    assert "NOTE" not in default
    assert "+4755667788" not in default  # the private number
    assert "privat.example.com" in default  # e-mail addresses are always written
    everything = vcard_text(row, ALL)
    assert "NOTE:Møtte på landsmøtet.\r\n" in everything
    assert "EMAIL;TYPE=INTERNET,HOME:ase@privat.example.com\r\n" in everything
    assert "TEL;TYPE=HOME:+4755667788\r\n" in everything
    no_county = vcard_text(row, VCardOptions(include_county=False))
    assert "CATEGORIES:Psykisk helse,Rus\r\n" in no_county


def test_primary_private_number_left_out_makes_next_preferred() -> None:
    row = make_row(
        phones=(
            PhoneData("+4791234567", PhoneKind.PRIVAT, primary=True),
            PhoneData("+4722000000", PhoneKind.JOBB),
        ),
    )
    lines = unfolded(vcard_text(row))
    assert "TEL;TYPE=WORK,PREF:+4722000000" in lines
    assert not any("+4791234567" in line for line in lines)


def test_primary_written_first_and_kinds() -> None:
    row = make_row(
        phones=(
            PhoneData("+4722000000", PhoneKind.ANNET),
            PhoneData("+4791234567", PhoneKind.MOBIL, primary=True),
        ),
    )
    tels = [line for line in unfolded(vcard_text(row)) if line.startswith("TEL")]
    assert tels == ["TEL;TYPE=CELL,PREF:+4791234567", "TEL:+4722000000"]


def test_awkward_values_escaped() -> None:
    row = make_row(
        given_name="Per, jr.",
        family_name="Øst; Vest\\Nord",
        organisation="SV; Stortingsgruppa, helse",
        title="Rådgiver\nhelse",
        topics=("Helse, omsorg", "Rus;avhengighet", "A\\B"),
        county=Place("03", "Oslo"),
        notes="Første linje\r\nEND:VCARD\nBEGIN:VCARD\nsiste",
    )
    lines = unfolded(vcard_text(row, ALL))
    assert "N:Øst\\; Vest\\\\Nord;Per\\, jr.;;;" in lines
    assert "FN:Per\\, jr. Øst\\; Vest\\\\Nord" in lines
    assert "ORG:SV\\; Stortingsgruppa\\, helse" in lines
    assert "TITLE:Rådgiver\\nhelse" in lines
    assert "CATEGORIES:Helse\\, omsorg,Rus\\;avhengighet,A\\\\B,Oslo" in lines
    assert "NOTE:Første linje\\nEND:VCARD\\nBEGIN:VCARD\\nsiste" in lines
    assert lines.count("END:VCARD") == 1


def test_empty_fields() -> None:
    row = make_row(
        given_name="",
        family_name="Nordmann",
        emails=(),
        phones=(),
        organisation="",
        title="",
        topics=(),
        county=None,
        municipality=None,
        notes="",
    )
    lines = unfolded(vcard_text(row, ALL))
    assert lines[3:7] == [
        "UID:0b8a2f6e-3f7e-4b8e-9a52-2b8f6f0c1d11",
        "N:Nordmann;;;;",
        "FN:Nordmann",
        "REV:2025-03-01T09:30:15Z",
    ]
    fields = ("EMAIL", "TEL", "ADR", "ORG", "TITLE", "CATEGORIES", "NOTE", "X-KONTAKT")
    assert not any(line.startswith(fields) for line in lines)


@pytest.mark.parametrize(
    ("changes", "fn"),
    [
        ({"organisation": "Fagforbundet"}, "Fagforbundet"),
        ({"organisation": ""}, "ase.bjornstad@example.no"),
        ({"organisation": "", "emails": ()}, "+4798765432"),
    ],
)
def test_fn_without_a_name(changes: dict[str, object], fn: str) -> None:
    text = vcard_text(make_row(given_name="", family_name="", **changes))
    assert f"\r\nN:;;;;\r\nFN:{fn}\r\n" in text


def test_rev_in_utc() -> None:
    oslo = dt.timezone(dt.timedelta(hours=2))
    row = make_row(updated_at=dt.datetime(2025, 6, 1, 12, 0, tzinfo=oslo))
    assert "REV:2025-06-01T10:00:00Z\r\n" in vcard_text(row)
    assert "REV:20250601T100000Z\r\n" in vcard_text(row, VCardOptions(version="4.0"))


def test_crlf_folding_and_utf8() -> None:
    row = make_row(notes="Æ" * 100 + " ø " * 50, title="T" * 200)
    out = io.BytesIO()
    write_vcards([row], out, ALL)
    data = out.getvalue()
    data.decode("utf-8")
    assert data.endswith(b"END:VCARD\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    physical = data.split(b"\r\n")
    assert max(len(line) for line in physical) == 75
    assert all(len(line) <= 75 for line in physical)
    for line in physical:
        line.decode("utf-8")  # no line ends inside a character
    assert sum(line.startswith(b" ") for line in physical) >= 6


def test_many_cards_streamed_in_batches() -> None:
    rows = (make_row(id=i, uid=f"uid-{i}", given_name=f"Kari {i}") for i in range(2503))
    out = io.BytesIO()
    assert write_vcards(rows, out) == 2503
    data = out.getvalue()
    assert data.count(b"BEGIN:VCARD\r\n") == 2503
    assert data.count(b"END:VCARD\r\n") == 2503
    assert "FN:Kari 2502 Bjørnstad\r\n".encode() in data


def test_text_stream() -> None:
    out = io.StringIO(newline="")
    assert write_vcards([make_row(), make_row(uid="2")], out) == 2
    text = out.getvalue()
    assert text.count("BEGIN:VCARD\r\n") == 2
    assert text == vcard_text(make_row()) + vcard_text(make_row(uid="2"))


def test_text_file_utf8(tmp_path: Path) -> None:
    path = tmp_path / "k.vcf"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_vcards([make_row()], handle)
    assert path.read_bytes() == vcard_text(make_row()).encode("utf-8")


def test_text_stream_in_other_encoding_refused(tmp_path: Path) -> None:
    with (
        (tmp_path / "k.vcf").open("w", encoding="cp1252", newline="") as handle,
        pytest.raises(ValueError, match="UTF-8"),
    ):
        write_vcards([make_row()], handle)


def test_unknown_version_refused() -> None:
    with pytest.raises(ValueError, match=r"2\.1"):
        vcard_text(make_row(), VCardOptions(version="2.1"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"2\.1"):
        write_vcards([], io.BytesIO(), VCardOptions(version="2.1"))  # type: ignore[arg-type]


# -- the independent validator and vobject --------------------------------------------------

AWKWARD = [
    make_row(),
    make_row(given_name="", family_name="Ødegård", emails=(), organisation="", topics=()),
    make_row(
        given_name="Per, jr.",
        family_name="Øst; Vest\\Nord",
        organisation="SV; Stortingsgruppa, helse",
        title="Rådgiver, «helse»: sykehus",
        topics=("Helse, omsorg", "Rus;avhengighet", "Bakslask\\"),
        notes="Første linje\r\nEND:VCARD\n\nBEGIN:VCARD\nVERSION:2.1\nsiste: ferdig",
    ),
    make_row(
        given_name="Kristoffer Johannes Magnus Sigurd",
        family_name="Kristoffersen-Åsheim-Ødegård-Ærøy",
        notes="Lang linje " + "æøå ÆØÅ " * 80,
        title="Spesialrådgiver " * 10,
        topics=tuple(f"Tema {i} med æøå" for i in range(12)),
    ),
    make_row(emails=(), phones=(), county=None, notes="", uid="ikke-en-uuid"),
]


def test_written_30_passes_the_validator(tmp_path: Path) -> None:
    path = tmp_path / "kontakter.vcf"
    with path.open("wb") as handle:
        assert write_vcards(AWKWARD, handle, ALL) == len(AWKWARD)
    assert validator_errors(path) == ""


def test_validator_catches_a_broken_card(tmp_path: Path) -> None:
    """The check above can fail: an unescaped semicolon in FN is an error."""
    path = tmp_path / "galt.vcf"
    text = vcard_text(make_row()).replace("FN:Åse Marie Bjørnstad", "FN:Åse; Bjørnstad")
    path.write_bytes(text.encode("utf-8"))
    assert validator_errors(path) != ""


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vobject_reads_back_the_same_data(version: str) -> None:
    options = VCardOptions(version=version, include_notes=True, include_private=True)  # type: ignore[arg-type]
    out = io.BytesIO()
    write_vcards(AWKWARD, out, options)
    cards = vobject_cards(out.getvalue())
    assert len(cards) == len(AWKWARD)
    for row, card in zip(AWKWARD, cards, strict=True):
        got = vobject_summary(card)
        assert got["family"] == row.family_name
        assert got["given"] == row.given_name
        assert got["fn"] == (row.full_name or row.organisation or row.primary_email)
        assert sorted(address for address, _ in got["emails"]) == sorted(
            e.address for e in row.emails
        )
        tel_prefix = "tel:" if version == "4.0" else ""
        assert sorted(number for number, _ in got["phones"]) == sorted(
            tel_prefix + p.number for p in row.phones
        )
        assert got["org"] == ([[row.organisation]] if row.organisation else [])
        assert got["title"] == ([row.title] if row.title else [])
        expected_categories = [*row.topics, *([row.county.name] if row.county else [])]
        assert got["categories"] == expected_categories
        assert got["note"] == ([row.notes.replace("\r\n", "\n")] if row.notes else [])
        uid = row.uid
        if version == "4.0" and uid.count("-") == 4:
            uid = "urn:uuid:" + uid
        assert got["uid"] == [uid]
        preferred = [address for address, types in got["emails"] if "pref" in types]
        if version == "3.0":
            assert preferred == [e.address for e in row.emails if e.primary][:1]


def test_place_roles_and_reservation_read_back() -> None:
    roles = (
        RoleData(
            RoleKind.FOLKEVALGT,
            RoleLevel.KOMMUNE,
            "Herøy (Nordland) kommunestyre",
            "Medlem",
            "SV",
            dt.date(2023, 10, 1),
        ),
        RoleData(RoleKind.ANNET, None, "Nettverket; Bergen", "Leder, styret"),
    )
    row = make_row(roles=roles, opted_out=True)
    for version in ("3.0", "4.0"):
        text = vcard_text(row, VCardOptions(version=version))  # type: ignore[arg-type]
        assert "ADR:;;;Bergen;Vestland;;Norge\r\n" in text
        assert "X-KONTAKT-RESERVED:TRUE\r\n" in text
        card = read_vcard_bytes(text.encode()).contacts[0]
        assert (card.locality, card.region, card.reserved) == ("Bergen", "Vestland", True)
        assert parse_roles_cell("; ".join(card.roles)) == list(roles)
        assert card.to_draft(["Vestland"]).opted_out
        assert vobject_cards(text.encode())[0].contents["x-kontakt-reserved"][0].value == "TRUE"
    assert "X-KONTAKT-RESERVED" not in vcard_text(make_row())
