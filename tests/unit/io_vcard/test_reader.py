"""The vCard reader on hand-made files: each repair, problems with card and line, refusals."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from kontakt.domain.records import EmailData, EmailKind, PhoneData, PhoneKind
from kontakt.io.importers.raw import ImportRefused
from kontakt.io.vcard import Repair, VCardFile, read_vcard_bytes, read_vcard_file
from kontakt.io.vcard import reader as reader_module
from kontakt.io.vcard.lines import split_cards


def card(*lines: str, version: str = "3.0") -> str:
    """A card from its content lines (LF line ends; the reader takes any)."""
    head = ["BEGIN:VCARD"] + ([f"VERSION:{version}"] if version else [])
    return "\n".join([*head, *lines, "END:VCARD"]) + "\n"


def read(text: str | bytes) -> VCardFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_vcard_bytes(data, "test.vcf")


def only(text: str | bytes):  # type: ignore[no-untyped-def]
    result = read(text)
    assert result.problems == ()
    assert len(result.contacts) == 1
    return result.contacts[0]


# -- fields --------------------------------------------------------------------------------


def test_all_fields_30() -> None:
    contact = only(
        card(
            "UID:urn:uuid:0B8A2F6E-3F7E-4B8E-9A52-2B8F6F0C1D11",
            "N:Bjørnstad;Åse;Marie;Dr.;",
            "FN:Dr. Åse Marie Bjørnstad",
            "EMAIL;TYPE=INTERNET,HOME:ase@privat.no",
            "EMAIL;TYPE=INTERNET,WORK,PREF:ase@jobb.no",
            "EMAIL:mailto:annen@example.org",
            "TEL;TYPE=WORK:22 33 44 55",
            "TEL;TYPE=CELL,PREF:987 65 432",
            "TEL;TYPE=HOME,FAX:22 00 00 00",
            "TEL;TYPE=HOME:55 66 77 88",
            "ORG:Helse Bergen;Psykiatrisk divisjon",
            "TITLE:Overlege\\, seksjonsleder",
            "CATEGORIES:Psykisk helse,Helse\\, omsorg",
            "CATEGORIES:Rus,psykisk helse",
            "NOTE:Linje 1\\nLinje 2",
        )
    )
    assert contact.uid == "0B8A2F6E-3F7E-4B8E-9A52-2B8F6F0C1D11"
    assert (contact.given_name, contact.family_name) == ("Åse Marie", "Bjørnstad")
    assert contact.formatted_name == "Dr. Åse Marie Bjørnstad"
    assert contact.emails == (
        EmailData("ase@jobb.no", EmailKind.JOBB, primary=True),
        EmailData("ase@privat.no", EmailKind.PRIVAT),
        EmailData("annen@example.org", EmailKind.ANNET),
    )
    assert contact.phones == (
        PhoneData("987 65 432", PhoneKind.MOBIL, primary=True),
        PhoneData("22 33 44 55", PhoneKind.JOBB),
        PhoneData("55 66 77 88", PhoneKind.PRIVAT),
    )
    assert contact.organisation == "Helse Bergen"
    assert contact.departments == ("Psykiatrisk divisjon",)
    assert contact.title == "Overlege, seksjonsleder"
    assert contact.categories == ("Psykisk helse", "Helse, omsorg", "Rus")
    assert contact.note == "Linje 1\nLinje 2"
    assert contact.version == "3.0"
    draft = contact.to_draft()
    assert draft.topics == contact.categories
    assert draft.notes == contact.note
    assert draft.emails == contact.emails


def test_to_draft_takes_the_county_from_the_categories() -> None:
    contact = only(card("N:Hansen;Ola;;;", "CATEGORIES:Rus,vestland,Psykisk helse,Agder"))
    draft = contact.to_draft(county_names=["Vestland", "Agder", "Oslo"])
    assert draft.county == "vestland"
    assert draft.topics == ("Rus", "Psykisk helse", "Agder")
    assert contact.to_draft().topics == contact.categories
    assert contact.to_draft().county == ""


def test_21_base64_photo_without_folding_space() -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Hansen;Ola\r\n"
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n"
        "2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYG\r\n"
        "CAsICQoKCgoKBggLDAsKDAkKCgr==\r\n"
        "\r\n"
        "TEL;CELL:+4798765432\r\nEND:VCARD\r\n"
    )
    contact = only(data)
    assert contact.phones == (PhoneData("+4798765432", PhoneKind.MOBIL),)


def test_folded_photo_lines_are_not_kept() -> None:
    photo = "PHOTO;ENCODING=b:" + "\n ".join(["QUJDRA=="] * 5000)
    (raw,) = split_cards(card("N:Hansen;Ola;;;", photo).encode())
    assert [len(line.parts) for line in raw.lines] == [1, 1, 1]


def test_40_pref_numbers_order_and_tel_uri() -> None:
    contact = only(
        card(
            "FN:Kari Nordmann",
            "EMAIL;TYPE=work;PREF=2:b@example.no",
            "EMAIL;TYPE=home:c@example.no",
            "EMAIL;PREF=1:a@example.no",
            'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+47-22-33-44-55;ext=102',
            "TEL;VALUE=uri;TYPE=cell:tel:+4798765432",
            version="4.0",
        )
    )
    assert [e.address for e in contact.emails] == ["a@example.no", "b@example.no", "c@example.no"]
    assert [e.primary for e in contact.emails] == [True, False, False]
    assert contact.phones == (
        PhoneData("+47-22-33-44-55", PhoneKind.JOBB, primary=True),
        PhoneData("+4798765432", PhoneKind.MOBIL),
    )
    assert (contact.given_name, contact.family_name) == ("Kari", "Nordmann")


def test_grouped_properties_and_apple_labels() -> None:
    contact = only(
        card(
            "N:Hansen;Ola;;;",
            "item1.EMAIL;type=INTERNET;type=pref:ola@example.no",
            "item1.X-ABLabel:_$!<Work>!$_",
            "item2.TEL:+4791234567",
            "item2.X-ABLabel:_$!<Mobile>!$_",
            "item3.TEL:+4722000000",
            "item3.X-ABLabel:Hjem",
            "ITEM4.TEL:+4733000000",
            "item4.X-ABLabel:Sommerhytta",
        )
    )
    assert contact.emails == (EmailData("ola@example.no", EmailKind.JOBB, primary=True),)
    assert contact.phones == (
        PhoneData("+4791234567", PhoneKind.MOBIL),
        PhoneData("+4722000000", PhoneKind.PRIVAT),
        PhoneData("+4733000000", PhoneKind.ANNET),
    )


@pytest.mark.parametrize(
    ("lines", "given", "family"),
    [
        (["FN:Kari Nordmann"], "Kari", "Nordmann"),
        (["FN:Kari Marie Nordmann"], "Kari Marie", "Nordmann"),
        (["FN:Nordmann\\, Kari"], "Kari", "Nordmann"),
        (["FN:Nordmann, Kari"], "Kari", "Nordmann"),  # unescaped comma, repaired
        (["FN:Mamma"], "Mamma", ""),
        (["N:;;;;", "FN:Ola Hansen"], "Ola", "Hansen"),
        (["N:Hansen;Ola;Per,Pål;;", "FN:X"], "Ola Per Pål", "Hansen"),
        (["N:;Conference Call"], "Conference Call", ""),
        (["N:Ødegård", "FN:Ignored Name"], "", "Ødegård"),
    ],
)
def test_names(lines: list[str], given: str, family: str) -> None:
    contact = only(card(*lines, "EMAIL:x@example.no"))
    assert (contact.given_name, contact.family_name) == (given, family)


def test_unescaped_commas_in_30_single_values_are_kept() -> None:
    """vobject alone cuts FN, TITLE and NOTE at the first unescaped comma."""
    contact = read(
        card(
            "FN:Mr. John Richter, James Doe Sr.",
            "TITLE:Leder, helse",
            "NOTE:a, b, c",
            "ORG:Company, The;Avd",
        )
    ).contacts[0]
    assert contact.formatted_name == "Mr. John Richter, James Doe Sr."
    assert contact.title == "Leder, helse"
    assert contact.note == "a, b, c"
    assert contact.organisation == "Company, The"
    assert Repair.UNESCAPED in contact.repairs


# -- vCard 2.1: quoted-printable and character sets -----------------------------------------


def test_21_quoted_printable_soft_breaks_and_charset() -> None:
    data = (
        "BEGIN:VCARD\r\n"
        "VERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=98deg=C3=A5rd;Bj=C3=B8rn;;;\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:F=C3=B8rste linje=0D=0A=\r\n"
        "Andre linje, med komma; og semikolon=\r\n"
        " og mellomrom=\r\n"
        "#ikke en kommentar\r\n"
        "TEL;CELL;PREF:+47 987 65 432\r\n"
        "TEL;WORK;VOICE:22 33 44 55\r\n"
        "EMAIL;INTERNET;PREF:bjorn@example.no\r\n"
        "ORG:Fylkeskommunen\\;Avd, helse;Seksjon\r\n"
        "END:VCARD\r\n"
    ).encode("ascii")
    contact = only(data)
    assert (contact.given_name, contact.family_name) == ("Bjørn", "Ødegård")
    assert contact.note == (
        "Første linje\nAndre linje, med komma; og semikolon og mellomrom#ikke en kommentar"
    )
    assert contact.phones == (
        PhoneData("+47 987 65 432", PhoneKind.MOBIL, primary=True),
        PhoneData("22 33 44 55", PhoneKind.JOBB),
    )
    assert contact.emails == (EmailData("bjorn@example.no", EmailKind.ANNET, primary=True),)
    assert contact.organisation == "Fylkeskommunen;Avd, helse"
    assert contact.departments == ("Seksjon",)
    assert contact.version == "2.1"
    assert Repair.QUOTED_PRINTABLE in contact.repairs


@pytest.mark.parametrize("charset", ["ISO-8859-1", "iso-8859-1", "WINDOWS-1252", "latin1"])
def test_21_declared_charset(charset: str) -> None:
    data = (
        f"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET={charset}:Ærø;Åse;;;\r\n"
        f"ORG;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:S=F8rlandet sykehus\r\nEND:VCARD\r\n"
    ).encode("latin-1")
    contact = only(data)
    assert (contact.given_name, contact.family_name, contact.organisation) == (
        "Åse",
        "Ærø",
        "Sørlandet sykehus",
    )
    assert Repair.CHARSET in contact.repairs


def test_undeclared_windows_1252_is_guessed() -> None:
    data = card("N:Ødegård;Bjørn;;;", "NOTE:Pris: 100 €").encode("cp1252")
    contact = only(data)
    assert (contact.given_name, contact.family_name) == ("Bjørn", "Ødegård")
    assert contact.note == "Pris: 100 €"
    assert Repair.CHARSET in contact.repairs


def test_utf8_with_one_broken_byte_stays_utf8() -> None:
    data = card("N:Ødegård;Bjørn;;;", "NOTE:ok").encode("utf-8").replace(b"ok", b"o\x80k")
    contact = only(data)
    assert contact.family_name == "Ødegård"
    assert contact.note == "o\ufffdk"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: t.encode("utf-32"),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16-native-bom", "utf16le", "utf16be", "utf32"],
)
def test_unicode_file_encodings(encode) -> None:  # type: ignore[no-untyped-def]
    text = card("N:Ødegård;Bjørn;;;", "N;CHARSET=SHIFT_JIS:ignored;;;;", "ORG:Ærøy")
    contact = read(encode(text)).contacts[0]
    assert (contact.given_name, contact.family_name, contact.organisation) == (
        "Bjørn",
        "Ødegård",
        "Ærøy",
    )


# -- structure ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line_end", "repaired"),
    [("\r\n", False), ("\n", False), ("\r\r\n", True), ("\r", True)],
    ids=["crlf", "lf", "crcrlf", "cr"],
)
def test_line_ends(line_end: str, repaired: bool) -> None:
    text = card("N:Hansen;Ola;;;", "NOTE:lang linje som er brettet", "  over to linjer")
    data = text.replace("\n", line_end).encode()
    contact = only(data)
    assert contact.note == "lang linje som er brettet over to linjer"
    assert (Repair.LINE_ENDS in contact.repairs) is repaired


def test_lowercase_names_blank_lines_and_version_last() -> None:
    data = (
        "begin:vcard\nfn:ola hansen\n\nn:hansen;ola\nemail;internet:ola@example.no\n"
        "version:2.1\nend:vcard\n\n\nbegin:vcard\nfn:kari\nversion:2.1\nend:vcard\n"
    )
    result = read(data)
    assert [c.family_name for c in result.contacts] == ["hansen", ""]
    assert result.contacts[0].version == "2.1"
    assert Repair.LOWERCASE in result.contacts[0].repairs
    assert result.contacts[0].emails == (EmailData("ola@example.no"),)


def test_missing_end_in_the_middle_skips_only_that_card() -> None:
    data = (
        card("FN:En Første")
        + "BEGIN:VCARD\nVERSION:3.0\nFN:To Andre\nEMAIL:to@example.no\n"
        + card("FN:Tre Tredje")
    )
    result = read(data)
    assert [c.formatted_name for c in result.contacts] == ["En Første", "Tre Tredje"]
    assert [c.card for c in result.contacts] == [1, 3]
    assert [c.line for c in result.contacts] == [1, 9]
    assert result.cards == 3
    assert [str(p) for p in result.problems] == [
        "Kort 2 (linje 5): mangler END:VCARD – hoppet over"
    ]
    assert result.problems[0].skipped


def test_missing_end_at_the_end_of_the_file() -> None:
    result = read(card("FN:En") + "BEGIN:VCARD\nVERSION:3.0\nFN:To\n")
    assert [c.formatted_name for c in result.contacts] == ["En"]
    assert [p.message for p in result.problems] == [
        "Kort 2 (linje 5): mangler END:VCARD – hoppet over"
    ]


def test_comment_and_garbage_lines_are_reported_with_their_line() -> None:
    data = card("FN:Ola Hansen", "# kommentar", "dette er ikke en egenskap", "ugyldig navn!:x")
    result = read(data)
    assert result.contacts[0].formatted_name == "Ola Hansen"
    assert [p.message for p in result.problems] == [
        "Kort 1 (linje 4): linje 4, 5 og 6 er ikke vCard-data og ble ignorert"
    ]
    assert not result.problems[0].skipped
    assert {Repair.COMMENT_LINES, Repair.BAD_LINES} <= result.contacts[0].repairs


def test_agent_with_an_embedded_card() -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Hansen;Ola\r\nAGENT:\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Sekretær;Siri\r\nTEL:+4712345678\r\nEND:VCARD\r\n"
        "TEL;CELL:+4798765432\r\nEND:VCARD\r\n"
    )
    result = read(data)
    assert result.cards == 1
    (contact,) = result.contacts
    assert contact.family_name == "Hansen"
    assert contact.phones == (PhoneData("+4798765432", PhoneKind.MOBIL),)


def test_binary_properties_are_dropped_even_when_broken() -> None:
    contact = only(
        card(
            "N:Hansen;Ola;;;",
            "PHOTO;ENCODING=b;TYPE=png:data:image/png;base64,iVBORw0KGgo=",
            "LOGO;ENCODING=BASE64:not base64 at all!!",
            "KEY;ENCODING=b:====",
        )
    )
    assert contact.family_name == "Hansen"
    assert Repair.BINARY in contact.repairs


def test_name_missing_is_a_warning_empty_card_is_skipped() -> None:
    result = read(
        card("EMAIL:uten.navn@example.no")
        + card("X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;x", version="")
    )
    assert [c.emails[0].address for c in result.contacts] == ["uten.navn@example.no"]
    assert [(p.message, p.skipped) for p in result.problems] == [
        ("Kort 1 (linje 1): mangler navn (verken N eller FN)", False),
        ("Kort 2 (linje 5): har verken navn, e-post eller telefon – hoppet over", True),
    ]


def test_a_card_vobject_rejects_is_skipped_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever vobject raises for one card, the others are still read."""
    real = reader_module.vobject.readOne

    def picky(text: str, **kwargs: object) -> object:
        if "Ødelagt" in text:
            raise reader_module.vobject.base.ParseError("bad", 3)
        return real(text, **kwargs)

    monkeypatch.setattr(reader_module.vobject, "readOne", picky)
    result = read(card("FN:En") + card("FN:Ødelagt") + card("FN:Tre"))
    assert [c.formatted_name for c in result.contacts] == ["En", "Tre"]
    assert [p.message for p in result.problems] == [
        "Kort 2 (linje 5): kortet er skadet og kunne ikke leses – hoppet over"
    ]


def test_text_outside_cards_is_ignored() -> None:
    result = read("Eksportert fra Telefon\n\n" + card("FN:Ola Hansen") + "slutt\n")
    assert [c.line for c in result.contacts] == [3]
    assert result.problems == ()


# -- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Fila «test.vcf» er tom."),
        (b"  \r\n\n", "Fila «test.vcf» er tom."),
        (b"Fornavn;Etternavn\nOla;Hansen\n", "Fila «test.vcf» er ikke en vCard-fil"),
        (b"PK\x03\x04\x00\x00binary", "Fila «test.vcf» er ikke en vCard-fil"),
        (b"END:VCARD\nBEGIN:VCARDX\n", "Fila «test.vcf» er ikke en vCard-fil"),
    ],
)
def test_not_a_vcard_file(data: bytes, message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        read_vcard_bytes(data, "test.vcf")


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match=re.escape("«borte.vcf» finnes ikke")):
        read_vcard_file(tmp_path / "borte.vcf")
    folder = tmp_path / "mappe.vcf"
    folder.mkdir()
    with pytest.raises(ImportRefused, match=re.escape("«mappe.vcf» er en mappe")):
        read_vcard_file(folder)


def test_too_large_and_too_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "stor.vcf"
    path.write_bytes(card("FN:Ola").encode() * 3)
    monkeypatch.setattr(reader_module, "MAX_FILE_BYTES", 20)
    with pytest.raises(ImportRefused, match=re.escape("«stor.vcf» er for stor")):
        read_vcard_file(path)
    monkeypatch.setattr(reader_module, "MAX_FILE_BYTES", 10**6)
    monkeypatch.setattr(reader_module, "MAX_CARDS", 2)
    with pytest.raises(ImportRefused, match="mer enn 2 kort"):
        read_vcard_file(path)
    monkeypatch.setattr(reader_module, "MAX_CARDS", 2000)
    with pytest.raises(ImportRefused) as refused:
        read_vcard_bytes(card("FN:Ola").encode() * 2001, "a,b.vcf")
    assert str(refused.value) == "Fila «a,b.vcf» har mer enn 2 000 kort; del den opp."
    monkeypatch.setattr(reader_module, "MAX_CARDS", 3)
    assert len(read_vcard_file(path).contacts) == 3
