"""Tests for kontakt.io.importers.table: reading .xlsx, .ods and .xls sheets into RawTables."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from tests.unit.io.sheet_files import write_ods, write_xls, write_xlsx

from kontakt.io.importers.table import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportRefused,
    RawRow,
    RawTable,
    column_letter,
    list_sheets,
    read_table,
)

# -- column_letter and constants ---------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "letters"),
    [
        (0, "A"),
        (2, "C"),
        (25, "Z"),
        (26, "AA"),
        (27, "AB"),
        (701, "ZZ"),
        (702, "AAA"),
        (16383, "XFD"),
    ],
)
def test_column_letter(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def test_column_letter_refuses_negative_index() -> None:
    with pytest.raises(ValueError):
        column_letter(-1)


def test_limits() -> None:
    assert MAX_FILE_BYTES == 50 * 1024 * 1024
    assert MAX_ROWS == 200_000


# -- .xlsx: values ------------------------------------------------------------------------


def test_xlsx_values_keep_their_types(tmp_path: Path) -> None:
    born = datetime.date(1971, 5, 17)
    seen = datetime.datetime(2025, 3, 1, 14, 30)
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {
            "Ark1": [
                ["Navn", "Mobil", "Født", "Sist sett", "Medlem", "Antall"],
                ["Kari Nordmann", 98765432.0, born, seen, True, 3],
            ]
        },
    )
    table = read_table(path)
    assert table == RawTable(
        path=path,
        sheet="Ark1",
        header_row=1,
        headers=("Navn", "Mobil", "Født", "Sist sett", "Medlem", "Antall"),
        rows=(RawRow(2, ("Kari Nordmann", 98765432.0, born, seen, True, 3.0)),),
    )
    mobile = table.rows[0].cells[1]
    assert isinstance(mobile, float)
    assert mobile.is_integer()


def test_xlsx_text_is_cleaned_but_keeps_line_breaks(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {
            "Ark1": [
                ["  Navn  ", "Adresse\nlinje", "Notat"],
                ["  Kari\u00a0\u00a0Nordmann ", " Storgata 1 \n\n 0155  Oslo ", "x" * 2500],
                ["'=SUM(A1:A2)", "'+47 22 33 44 55", "'hei"],
            ]
        },
    )
    table = read_table(path)
    assert table.headers == ("Navn", "Adresse linje", "Notat")
    assert table.rows[0].cells[:2] == ("Kari Nordmann", "Storgata 1\n\n0155 Oslo")
    assert table.rows[0].cells[2] == "x" * 2000
    assert table.rows[1].cells == ("=SUM(A1:A2)", "+47 22 33 44 55", "'hei")


def test_xlsx_empty_cells_are_none_and_rows_are_padded(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {"Ark1": [["Navn", "E-post", "Telefon"], ["Ola", None, ""], ["Kari", "k@x.no", "   "]]},
    )
    table = read_table(path)
    assert [row.cells for row in table.rows] == [("Ola", None, None), ("Kari", "k@x.no", None)]


def test_formula_without_stored_result_reads_as_empty(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "liste.xlsx", {"Ark1": [["Navn", "Sum"], ["Ola", "=1+2"]]})
    assert read_table(path).rows[0].cells == ("Ola", None)


# -- .xlsx: header detection ----------------------------------------------------------------


def test_title_row_and_blank_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "undersøkelse.xlsx",
        {
            "Ark1": [
                ["Medlemsundersøkelse 2025"],
                [],
                ["Fornavn", "Etternavn", "E-post", "Fylke"],
                ["Kari", "Nordmann", "kari@example.no", "Oslo"],
                [],
                ["Ola", "Hansen", "ola@example.no", "Vestland"],
            ]
        },
    )
    table = read_table(path)
    assert table.header_row == 3
    assert table.headers == ("Fornavn", "Etternavn", "E-post", "Fylke")
    assert [row.number for row in table.rows] == [4, 6]


def test_two_cell_title_above_a_wide_header_is_skipped(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {
            "Ark1": [
                ["Medlemsliste", "Utskrevet mars"],
                ["Fornavn", "Etternavn", "E-post", "Telefon", "Fylke"],
                ["Kari", "Nordmann", "kari@example.no", 98765432.0, "Oslo"],
            ]
        },
    )
    assert read_table(path).header_row == 2


def test_numeric_rows_are_not_taken_for_the_header(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {
            "Ark1": [
                [2025, 1, 2, 3],
                ["Navn", "Mobil", "Postnr", "Fødselsdato"],
                ["Kari", 98765432.0, "0155", datetime.date(1980, 1, 1)],
            ]
        },
    )
    table = read_table(path)
    assert table.header_row == 2
    assert table.headers == ("Navn", "Mobil", "Postnr", "Fødselsdato")


def test_explicit_header_row(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {"Ark1": [["a", "b"], ["c", "d"], ["Navn", "E-post"], ["Kari", "k@x.no"]]},
    )
    table = read_table(path, header_row=3)
    assert table.header_row == 3
    assert table.headers == ("Navn", "E-post")
    assert table.rows == (RawRow(4, ("Kari", "k@x.no")),)


def test_explicit_header_row_that_is_empty_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "liste.xlsx", {"Ark1": [["Navn", "E-post"], ["Kari", "k@x"]]})
    with pytest.raises(ImportRefused, match=r"^Rad 7 i arket «Ark1» i «liste\.xlsx» er tom"):
        read_table(path, header_row=7)
    with pytest.raises(ImportRefused, match="radnummer"):
        read_table(path, header_row=0)


def test_empty_and_duplicate_headers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {
            "Ark1": [
                ["Navn", None, "E-post", "e-post", "E-post", 2025.0],
                ["Kari", "x", "a@x.no", "b@x.no", "c@x.no", 1],
            ]
        },
    )
    assert read_table(path).headers == (
        "Navn",
        "Kolonne B",
        "E-post",
        "e-post 2",
        "E-post 3",
        "2025",
    )


def test_data_right_of_the_headers_gets_a_column_name(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {"Ark1": [["Navn", "E-post"], ["Kari", "k@x.no", None, "husk å ringe"], ["Ola"]]},
    )
    table = read_table(path)
    assert table.headers == ("Navn", "E-post", "Kolonne C", "Kolonne D")
    assert table.rows[1].cells == ("Ola", None, None, None)


def test_table_starting_in_column_b_keeps_column_letters(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {"Ark1": [[None, "Navn", "E-post"], [None, "Kari", "k@x.no"]]},
    )
    table = read_table(path)
    assert table.headers == ("Kolonne A", "Navn", "E-post")
    assert table.rows[0].cells == (None, "Kari", "k@x.no")


# -- .xlsx: merged header cells --------------------------------------------------------------


def test_merged_header_cell_is_repeated_with_suffixes(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {
            "Ark1": [
                ["Navn", "Fylke", "Kontaktinfo", None, None],
                ["Kari", "Oslo", "k@x.no", "987", "x"],
            ]
        },
        merges={"Ark1": ["C1:E1"]},
    )
    assert read_table(path).headers == (
        "Navn",
        "Fylke",
        "Kontaktinfo",
        "Kontaktinfo 2",
        "Kontaktinfo 3",
    )


def test_merged_group_row_above_sub_headers_is_combined(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {
            "Ark1": [
                ["Medlemsundersøkelse 2025"],
                [],
                ["Navn", "Kontaktinfo", None, "Fylke"],
                [None, "E-post", "Telefon", None],
                ["Kari Nordmann", "kari@example.no", 98765432.0, "Oslo"],
            ]
        },
        merges={"Ark1": ["A3:A4", "B3:C3", "D3:D4"]},
    )
    table = read_table(path)
    assert table.header_row == 4
    assert table.headers == ("Navn", "Kontaktinfo E-post", "Kontaktinfo Telefon", "Fylke")
    assert table.rows == (RawRow(5, ("Kari Nordmann", "kari@example.no", 98765432.0, "Oslo")),)


def test_merged_group_row_is_combined_with_an_explicit_sub_header_row(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {
            "Ark1": [
                ["Navn", "Kontaktinfo", None],
                ["Fornavn", "E-post", "Telefon"],
                ["Kari", "kari@example.no", "987 65 432"],
            ]
        },
        merges={"Ark1": ["B1:C1"]},
    )
    table = read_table(path, header_row=2)
    assert table.headers == ("Navn Fornavn", "Kontaktinfo E-post", "Kontaktinfo Telefon")


def test_merged_header_above_data_is_not_taken_for_a_group_row(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {
            "Ark1": [
                ["Navn", None, "E-post"],
                ["Kari", "Nordmann", "kari@example.no"],
                ["Ola", "Hansen", "ola@example.no"],
            ]
        },
        merges={"Ark1": ["A1:B1"]},
    )
    table = read_table(path)
    assert table.header_row == 1
    assert table.headers == ("Navn", "Navn 2", "E-post")
    assert len(table.rows) == 2


# -- sheets ---------------------------------------------------------------------------------


def test_list_sheets_and_pick_by_name(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "fylker.xlsx",
        {
            "Oslo": [["Navn", "E-post"], ["Kari", "k@x.no"]],
            "Vestland": [["Navn", "E-post"], ["Ola", "o@x.no"], ["Per", "p@x.no"]],
            "Skjult": [["Navn", "E-post"], ["Siri", "s@x.no"]],
        },
        hidden=["Skjult"],
    )
    assert list_sheets(path) == ["Oslo", "Vestland", "Skjult"]
    table = read_table(path, sheet="Vestland")
    assert table.sheet == "Vestland"
    assert table.sheets == ("Oslo", "Vestland", "Skjult")  # read along, no second pass
    assert [row.cells[0] for row in table.rows] == ["Ola", "Per"]


def test_first_visible_sheet_with_data_is_the_default(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {
            "Skjult": [["Navn", "E-post"], ["Siri", "s@x.no"]],
            "Tomt": [],
            "Data": [["Navn", "E-post"], ["Kari", "k@x.no"]],
        },
        hidden=["Skjult"],
    )
    assert read_table(path).sheet == "Data"


def test_hidden_sheet_is_used_when_no_visible_sheet_has_data(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "liste.xlsx",
        {"Tomt": [], "Skjult": [["Navn", "E-post"], ["Siri", "s@x.no"]]},
        hidden=["Skjult"],
    )
    assert read_table(path).sheet == "Skjult"


def test_unknown_sheet_is_refused_with_the_sheet_names(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "x.xlsx", {"Ark1": [["a", "b"], ["c", "d"]], "Ark2": [["a", "b"], ["c", "d"]]}
    )
    with pytest.raises(ImportRefused) as refused:
        read_table(path, sheet="Ark3")
    assert str(refused.value) == "Fila «x.xlsx» har ikke arket «Ark3». Arkene heter: Ark1, Ark2."


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "makro.xlsm", {"Ark1": [["Navn", "E-post"], ["Kari", "k@x.no"]]})
    assert read_table(path).rows == (RawRow(2, ("Kari", "k@x.no")),)


# -- .ods and .xls --------------------------------------------------------------------------


def test_ods(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "liste.ods",
        {
            "Tomt": [],
            "Medlemmer": [
                ["Medlemsliste"],
                [],
                ["Navn", "Mobil", "Født"],
                ["Kari  Nordmann", 98765432, datetime.date(1971, 5, 17)],
            ],
        },
    )
    assert list_sheets(path) == ["Tomt", "Medlemmer"]
    table = read_table(path)
    assert table.sheets == ("Tomt", "Medlemmer")
    assert (table.sheet, table.header_row, table.headers) == (
        "Medlemmer",
        3,
        ("Navn", "Mobil", "Født"),
    )
    name, mobile, born = table.rows[0].cells
    assert name == "Kari Nordmann"
    assert mobile == 98765432
    assert born in (datetime.date(1971, 5, 17), datetime.datetime(1971, 5, 17))


def test_xls_with_merged_group_header(tmp_path: Path) -> None:
    path = write_xls(
        tmp_path / "gammel.xls",
        {
            "Ark1": [
                ["Medlemsliste"],
                [],
                ["Navn", "Kontaktinfo", None],
                [None, "E-post", "Telefon"],
                ["Kari", "kari@example.no", 98765432],
            ]
        },
        merges=[(2, 3, 0, 0), (2, 2, 1, 2)],
    )
    assert list_sheets(path) == ["Ark1"]
    table = read_table(path)
    assert table.header_row == 4
    assert table.headers == ("Navn", "Kontaktinfo E-post", "Kontaktinfo Telefon")
    assert table.rows == (RawRow(5, ("Kari", "kari@example.no", 98765432.0)),)


def test_uppercase_suffix_is_accepted(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "LISTE.XLSX", {"Ark1": [["Navn", "E-post"], ["Kari", "k@x.no"]]})
    assert read_table(path).rows[0].cells == ("Kari", "k@x.no")


def test_path_as_string_is_accepted(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "liste.xlsx", {"Ark1": [["Navn", "E-post"], ["Kari", "k@x.no"]]})
    assert read_table(str(path)).path == path  # type: ignore[arg-type]
