"""Tests for reading .csv files: encodings, delimiters, quoting and real exports."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kontakt.io.importers.csv_reader import decode, detect_delimiter
from kontakt.io.importers.table import ImportRefused, RawRow, list_sheets, read_table

NORWEGIAN = "Fornavn;Etternavn;Sted\r\nÆrlig;Østby;Årdal\r\nBjørn;Dæhlie;Nannestad\r\n"


def write(tmp_path: Path, data: bytes, name: str = "liste.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        NORWEGIAN.encode("utf-8"),
        codecs.BOM_UTF8 + NORWEGIAN.encode("utf-8"),
        NORWEGIAN.encode("cp1252"),
        codecs.BOM_UTF16_LE + NORWEGIAN.encode("utf-16-le"),
        NORWEGIAN.encode("utf-16-be"),
        NORWEGIAN.encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf16-bom", "utf16be-no-bom", "utf16le-no-bom"],
)
def test_encodings(tmp_path: Path, data: bytes) -> None:
    table = read_table(write(tmp_path, data))
    assert table.sheet == ""
    assert table.header_row == 1
    assert table.headers == ("Fornavn", "Etternavn", "Sted")
    assert table.rows == (
        RawRow(2, ("Ærlig", "Østby", "Årdal")),
        RawRow(3, ("Bjørn", "Dæhlie", "Nannestad")),
    )


def test_cp1252_specials_survive() -> None:
    text = "Navn;Notat\r\nKari;«sitat» – 5 €\r\n"
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Navn;Adresse\nKari;Storgata 1, Oslo\nOla;Bygata 2, Bergen\n", ";"),
        ("Navn,Kategorier\nKari,Work;VIP\nOla,Home\n", ","),
        ("Navn\tAdresse\nKari\tStorgata 1, Oslo; 3. etg\n", "\t"),
        ('"Navn","Notat"\n"Kari","a;b;c\nd;e"\n"Ola","x"\n', ","),
        ("Medlemsundersøkelse 2025\nNavn;E-post;Fylke\nKari;k@x.no;Oslo\n", ";"),
        ("bare én kolonne\nog en rad til\n", ","),
    ],
)
def test_delimiter_detection(text: str, delimiter: str) -> None:
    assert detect_delimiter(text) == delimiter


def test_quoted_fields_with_newlines_count_as_one_row(tmp_path: Path) -> None:
    text = 'Navn;Adresse;Notat\r\nKari;"Storgata 1\r\n0155 Oslo";"sier ""hei"""\r\nOla;Bygata;\r\n'
    table = read_table(write(tmp_path, text.encode()))
    assert table.rows == (
        RawRow(2, ("Kari", "Storgata 1\n0155 Oslo", 'sier "hei"')),
        RawRow(3, ("Ola", "Bygata", None)),
    )


def test_title_row_blank_lines_and_ragged_rows(tmp_path: Path) -> None:
    text = (
        "Medlemsundersøkelse 2025;;;\n"
        ";;;\n"
        "Navn;E-post;Telefon;\n"
        "Kari;k@x.no;987 65 432;ekstra;enda mer\n"
        "\n"
        "Ola\n"
    )
    table = read_table(write(tmp_path, text.encode()))
    assert table.header_row == 3
    # The header line has a fourth, empty field: data there is kept, the fifth field is not.
    assert table.headers == ("Navn", "E-post", "Telefon", "Kolonne D")
    assert table.rows == (
        RawRow(4, ("Kari", "k@x.no", "987 65 432", "ekstra")),
        RawRow(6, ("Ola", None, None, None)),
    )


def test_empty_header_field_with_data_below_gets_a_column_name(tmp_path: Path) -> None:
    text = "Navn;;E-post\nKari;notat;k@x.no\n"
    assert read_table(write(tmp_path, text.encode())).headers == ("Navn", "Kolonne B", "E-post")


def test_cells_are_cleaned(tmp_path: Path) -> None:
    text = (
        "Navn;Telefon;Formel;Vanlig\n"
        "  Kari\u00a0 Nordmann\x07 ;'+47 22 33 44 55;'=HYPERLINK(\"x\");'hei\n"
        "Ola;'-5;'@SUM(A1);'\n"
    )
    table = read_table(write(tmp_path, text.encode()))
    assert table.rows[0].cells == ("Kari Nordmann", "+47 22 33 44 55", '=HYPERLINK("x")', "'hei")
    assert table.rows[1].cells == ("Ola", "-5", "@SUM(A1)", "'")


def test_explicit_header_row(tmp_path: Path) -> None:
    text = "Navn;E-post\nKari;k@x.no\nOla;o@x.no\n"
    table = read_table(write(tmp_path, text.encode()), header_row=2)
    assert table.headers == ("Kari", "k@x.no")
    assert table.rows == (RawRow(3, ("Ola", "o@x.no")),)


def test_list_sheets_of_csv(tmp_path: Path) -> None:
    assert list_sheets(write(tmp_path, b"a;b\n1;2\n")) == [""]
    assert read_table(write(tmp_path, b"a;b\n1;2\n")).sheets == ("",)


def test_sheet_name_for_csv_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"a;b\nc;d\n")
    assert read_table(path, sheet="").sheet == ""
    with pytest.raises(ImportRefused, match=r"«liste\.csv» er en CSV-fil og har ingen ark"):
        read_table(path, sheet="Ark1")


def test_unclosed_quote_running_past_the_field_limit_is_refused(tmp_path: Path) -> None:
    text = 'Navn;Notat\nKari;"aldri lukket\n' + "tekst " * 30_000
    with pytest.raises(ImportRefused, match=r"«liste\.csv» kan ikke leses fra rad 2: en celle"):
        read_table(write(tmp_path, text.encode()))


def test_spreadsheet_named_csv_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="skadet eller ikke en ekte CSV-fil"):
        read_table(write(tmp_path, b"PK\x03\x04" + b"\x00" * 100))


def test_binary_file_named_csv_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="binære data"):
        read_table(write(tmp_path, bytes(range(256)) * 20))


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b" ; ;\n;;\n", codecs.BOM_UTF8])
def test_empty_csv_is_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ImportRefused) as refused:
        read_table(write(tmp_path, data, "tom.csv"))
    assert str(refused.value) == "Fila «tom.csv» er tom."


def test_header_without_rows_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as refused:
        read_table(write(tmp_path, b"Navn;E-post\n\n", "tom.csv"))
    assert str(refused.value) == (
        "Fila «tom.csv» er tom: det er ingen rader under overskriftsraden (rad 1)."
    )


# -- real exports from ../shared/interop/csv, read in place ------------------------------------


def test_google_contacts_export(interop_dir: Path) -> None:
    table = read_table(interop_dir / "csv" / "google-contacts-export-sample.csv")
    # The 48 columns of the file, and one for the custom field's label (Employee ID).
    assert len(table.headers) == 49
    assert table.headers[:3] == ("First Name", "Middle Name", "Last Name")
    assert table.headers[-3:] == ("Custom Field 1 - Label", "Custom Field 1 - Value", "Employee ID")
    assert [row.number for row in table.rows] == [2, 3, 4]
    grace = dict(zip(table.headers, table.rows[0].cells, strict=True))
    assert grace["Notes"] == 'Line one\nLine two, with comma and "quotes"'
    assert grace["Address 1 - Formatted"] == "1 Main St\nSuite 4\nArlington, VA 22201\nUSA"
    assert grace["Birthday"] == "1906-12-09"
    jose = dict(zip(table.headers, table.rows[1].cells, strict=True))
    assert jose["Last Name"] == "Müller-Łukasiewicz"
    taro = dict(zip(table.headers, table.rows[2].cells, strict=True))
    assert (taro["First Name"], taro["Custom Field 1 - Value"]) == ("太郎", "00042")
    assert taro["Employee ID"] == "00042" and grace["Employee ID"] is None


def test_outlook_export(interop_dir: Path) -> None:
    table = read_table(interop_dir / "csv" / "outlook-export-sample.csv")
    assert len(table.headers) == 92
    assert table.headers[:2] == ("Title", "First Name")
    assert table.headers[-1] == "Web Page"
    assert len(table.rows) == 2
    john = dict(zip(table.headers, table.rows[0].cells, strict=True))
    assert john["Company"] == "Acme, Inc."
    assert john["Categories"] == "Work;VIP"
    assert john["Business Street"] == "123 Main St\nFloor 2"
    assert john["Notes"] == "Prefers phone.\nCall after 10am."
    zoe = dict(zip(table.headers, table.rows[1].cells, strict=True))
    assert (zoe["First Name"], zoe["Last Name"]) == ("Zoë", "Ångström")


def test_outlook_export_in_windows_1252(interop_dir: Path, tmp_path: Path) -> None:
    """Real Outlook writes the ANSI code page; re-encode the sample to check that."""
    original = (interop_dir / "csv" / "outlook-export-sample.csv").read_text(encoding="utf-8")
    path = tmp_path / "outlook-ansi.csv"
    path.write_bytes(original.encode("cp1252"))
    table = read_table(path)
    assert len(table.headers) == 92
    zoe = dict(zip(table.headers, table.rows[1].cells, strict=True))
    assert zoe["Last Name"] == "Ångström"


def test_legacy_google_csv_in_utf16(interop_dir: Path) -> None:
    table = read_table(interop_dir / "csv" / "google-contacts-legacy-google-csv-sample.csv")
    assert len(table.headers) == 56
    assert table.headers[:2] == ("Name", "Given Name")
    assert "Group Membership" in table.headers
    assert len(table.rows) == 1
    ada = dict(zip(table.headers, table.rows[0].cells, strict=True))
    assert ada["Name"] == "Ada Lovelace"
    assert ada["E-mail 1 - Value"] == "ada@example.org"
