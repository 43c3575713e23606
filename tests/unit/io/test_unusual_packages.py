"""Files in unusual but honest forms are still read after the size guards of issue 16.

The guards measure every part whatever it is called and count repeats and
shared text; these files come close to them the way real ones do, and must be
read as before: sheets found through the relationships, LibreOffice's trailing
empty repeats, a long note, a photo folded over thousands of lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.fixtures.hostile import (
    HEADER_ROWS,
    ODS_HEADER,
    SPREADSHEETML,
    ods_package,
    xlsx_package,
)

from kontakt.io.importers.table import ImportRefused, list_sheets, read_table
from kontakt.io.vcard import read_vcard_file

KARI = ("Kari Nordmann", "kari@example.no")


def test_a_sheet_found_through_the_relationships_is_read(tmp_path: Path) -> None:
    path = xlsx_package(
        tmp_path / "annet-sted.xlsx",
        sheet_member="xl/other/sheet1.xml",
        sheet_target="other/sheet1.xml",
    )
    table = read_table(path)
    assert table.headers == ("Navn", "E-post") and table.rows[0].cells == KARI


def test_a_workbook_in_another_folder_with_an_absolute_target_is_read(tmp_path: Path) -> None:
    path = xlsx_package(
        tmp_path / "bok.xlsx",
        sheet_member="Data/Ark.bin",
        sheet_target="/Data/Ark.bin",
        workbook_target="/bok/workbook.xml",
    )
    assert list_sheets(path) == ["Ark1"]
    assert read_table(path).rows[0].cells == KARI


def test_prefixed_cells_single_quotes_and_no_references_are_read(tmp_path: Path) -> None:
    sheet = (
        f"<?xml version='1.0' encoding='UTF-8'?><x:worksheet xmlns:x='{SPREADSHEETML}'>"
        "<x:sheetData><x:row><x:c t='inlineStr'><x:is><x:t>Navn</x:t></x:is></x:c>"
        "<x:c t='inlineStr'><x:is><x:t>E-post</x:t></x:is></x:c></x:row>"
        "<x:row r='2'><x:c r='A2' t='inlineStr'><x:is><x:t>Kari Nordmann</x:t></x:is></x:c>"
        "<x:c t='inlineStr'><x:is><x:t>kari@example.no</x:t></x:is></x:c></x:row>"
        "</x:sheetData></x:worksheet>"
    )
    table = read_table(xlsx_package(tmp_path / "prefiks.xlsx", sheet_xml=sheet))
    assert table.rows[0].cells == KARI


def test_shared_strings_repeated_as_in_a_real_list_are_read(tmp_path: Path) -> None:
    """5,000 rows pointing at the same 2,000-character note: 10 MB of copies, under the limit."""
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{SPREADSHEETML}" count="5001" '
        f'uniqueCount="2"><si><t>Merknad</t></si><si><t>{"m" * 2000}</t></si></sst>'
    )
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Navn</t></is></c>'
        '<c r="B1" t="s"><v>0</v></c></row>'
    )
    rows += "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>P{r}</t></is></c>'
        f'<c r="B{r}" t="s"><v>1</v></c></row>'
        for r in range(2, 5002)
    )
    table = read_table(xlsx_package(tmp_path / "merknad.xlsx", rows, shared_strings=strings))
    assert len(table.rows) == 5000 and table.rows[-1].cells == ("P5001", "m" * 2000)


def test_libreoffice_trailing_empty_repeats_are_read(tmp_path: Path) -> None:
    """LibreOffice writes empty columns to 1024 and empty rows to 1,048,576 after the data."""
    rows = ODS_HEADER + (
        '<table:table-row table:style-name="ro1"><table:table-cell office:value-type="string">'
        "<text:p>Kari Nordmann</text:p></table:table-cell>"
        '<table:table-cell office:value-type="string"><text:p>kari@example.no</text:p>'
        '</table:table-cell><table:table-cell table:style-name="ce1" '
        'table:number-columns-repeated="1022"/></table:table-row>'
        '<table:table-row table:style-name="ro1" table:number-rows-repeated="1048573">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    path = ods_package(
        tmp_path / "libreoffice.ods", f'<table:table table:name="Ark1">{rows}</table:table>'
    )
    assert list_sheets(path) == ["Ark1"]
    table = read_table(path)
    assert table.headers == ("Navn", "E-post") and table.rows[0].cells == KARI


def test_a_column_of_repeated_values_in_an_ods_is_read(tmp_path: Path) -> None:
    """Filling a value down 20,000 rows gives one row element repeated: read, not refused."""
    rows = ODS_HEADER + (
        '<table:table-row table:number-rows-repeated="20000"><table:table-cell '
        'office:value-type="string"><text:p>Kari Nordmann</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>kari@example.no</text:p>'
        "</table:table-cell></table:table-row>"
    )
    table = read_table(
        ods_package(tmp_path / "fylt.ods", f'<table:table table:name="Ark1">{rows}</table:table>')
    )
    assert len(table.rows) == 20000


def test_an_ods_just_over_the_area_is_refused_naming_the_sheet(tmp_path: Path) -> None:
    rows = ODS_HEADER + (
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
        'office:value-type="float" office:value="1"/><table:table-cell '
        'table:number-columns-repeated="8"/><table:table-cell office:value-type="float" '
        'office:value="2"/></table:table-row>'
    )
    path = ods_package(
        tmp_path / "ti.ods", f'<table:table table:name="Medlemmer">{rows}</table:table>'
    )
    with pytest.raises(ImportRefused, match=r"Arket «Medlemmer» i «ti.ods» har innhold spredt"):
        list_sheets(path)


def test_a_long_note_and_a_folded_photo_in_a_vcard_are_read(tmp_path: Path) -> None:
    note = "NOTE:" + "Lang merknad. " * 7000  # 98 KB on one line
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "\r\n ".join(["QUJDRA" * 12] * 40000)  # 2.9 MB
    card = "\r\n".join(
        ["BEGIN:VCARD", "VERSION:3.0", "FN:Kari Nordmann", "N:Nordmann;Kari;;;", note, photo,
         "EMAIL:kari@example.no", "END:VCARD", ""]
    )  # fmt: skip
    path = tmp_path / "kari.vcf"
    path.write_text(card, encoding="utf-8")
    (contact,) = read_vcard_file(path).contacts
    assert contact.note.startswith("Lang merknad.") and len(contact.note) > 90_000
    assert contact.emails[0].address == "kari@example.no"


def test_a_csv_with_a_long_quoted_address_field_is_read(tmp_path: Path) -> None:
    address = "Storgata 1\n" * 9000  # 99,000 characters over 9,000 lines, inside quotes
    path = tmp_path / "adresser.csv"
    path.write_text(
        f'Navn;E-post;Adresse\nKari Nordmann;kari@example.no;"{address}"\n', encoding="utf-8"
    )
    table = read_table(path)
    assert table.rows[0].cells[:2] == KARI and len(str(table.rows[0].cells[2])) <= 2000


def test_entities_in_a_sheet_part_not_named_xml_are_refused_not_expanded(tmp_path: Path) -> None:
    """The zip check looks for DTDs in .xml parts; a sheet elsewhere is walked with expat."""
    entities = "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">{entities}]>'
        f'<worksheet xmlns="{SPREADSHEETML}"><sheetData><row><c t="inlineStr"><is><t>&lol9;</t>'
        "</is></c></row></sheetData></worksheet>"
    )
    path = xlsx_package(
        tmp_path / "dtd.xlsx",
        sheet_member="Data/Ark.bin",
        sheet_target="/Data/Ark.bin",
        sheet_xml=sheet,
    )
    with pytest.raises(ImportRefused, match=r"«dtd.xlsx» er skadet"):
        read_table(path)


def test_excel_shared_string_cells_are_counted_exactly_the_fast_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet in Excel's form unpacked in small pieces: no cell is parted from its value."""
    from kontakt.io.importers import extent, raw, zipcheck

    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{SPREADSHEETML}" count="3" '
        'uniqueCount="3"><si><t>Navn</t></si><si><t>E-post</t></si>'
        f"<si><t>{'lang merknad ' * 100}</t></si></sst>"
    )
    rows = '<row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1" t="s"><v>1</v></c></row>'
    rows += "".join(
        f'<row r="{r}" spans="1:2"><c r="A{r}" s="1" t="s"><v>2</v></c>'
        f'<c r="B{r}" s="2"><v>{r}</v></c></row>'
        for r in range(2, 3_002)
    )
    path = xlsx_package(tmp_path / "excel.xlsx", rows, shared_strings=strings)

    def not_careful(*args: object) -> None:
        raise AssertionError("a sheet in Excel's form went the careful way")

    monkeypatch.setattr(extent.WorkbookExtents, "_measure_carefully", not_careful)
    monkeypatch.setattr(zipcheck, "_CHUNK", 101)  # pieces end anywhere, also inside a cell
    monkeypatch.setattr(raw, "MAX_SHEET_TEXT", 1000)  # so that the exact count is needed
    with pytest.raises(ImportRefused, match="gjentar så mye tekst"):
        read_table(path)
    monkeypatch.setattr(raw, "MAX_SHEET_TEXT", 3_000 * 1500)
    assert len(read_table(path).rows) == 3_000


# -- found by the structure fuzz test -------------------------------------------------------


def test_rows_of_a_table_nested_in_a_cell_count_for_the_outer_table(tmp_path: Path) -> None:
    """calamine ends the outer cell at the nested cell's end and takes the nested rows as its own
    (1.1 GB): a million rows one column wide, under the outer table's six columns."""
    nested = (
        '<table:table table:name="Inne"><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
        "</table:table>"
    )
    six = '<table:table-cell office:value-type="float" office:value="2"/>' * 5
    rows = ODS_HEADER + (
        f'<table:table-row>{six}<table:table-cell office:value-type="string"><text:p>a</text:p>'
        f"{nested}</table:table-cell></table:table-row>"
    )
    path = ods_package(
        tmp_path / "nostet.ods", f'<table:table table:name="Ark1">{rows}</table:table>'
    )
    with pytest.raises(ImportRefused, match=r"Arket «Ark1» i «nostet.ods» har innhold spredt"):
        list_sheets(path)


def test_a_column_past_xfd_is_refused_even_in_a_small_area(tmp_path: Path) -> None:
    """ZZZZ is column 475,254: two rows of it are under the cell limit but took 1.3 GB."""
    far = '<row r="2"><c r="ZZZZ2" t="inlineStr"><is><t>x</t></is></c></row>'
    path = xlsx_package(tmp_path / "bred.xlsx", HEADER_ROWS.split('<row r="2">')[0] + far)
    with pytest.raises(ImportRefused, match=r"for stort område \(til celle ZZZZ2\)"):
        read_table(path)


def test_rows_count_in_the_grid_budget(tmp_path: Path) -> None:
    """Two million rows of ten columns (exactly the cell limit) took 920 MB: refused now."""
    far = '<row r="2000000"><c r="J2000000" t="inlineStr"><is><t>x</t></is></c></row>'
    path = xlsx_package(tmp_path / "hoy.xlsx", HEADER_ROWS + far)
    with pytest.raises(ImportRefused, match=r"for stort område \(til celle J2000000\)"):
        read_table(path)
