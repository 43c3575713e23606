"""Files that must be refused whole, quickly and with a clear Norwegian message."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from tests.unit.io.sheet_files import (
    BILLION_LAUGHS,
    ole_file,
    rewrite_zip,
    time_limit,
    write_ods,
    write_raw_xlsx,
    write_xls,
    write_xlsx,
)

from kontakt.io.importers import layout
from kontakt.io.importers.table import ImportRefused, list_sheets, read_table
from kontakt.io.importers.zipcheck import check_zip_directory

OK_ROWS = [["Navn", "E-post"], ["Kari", "kari@example.no"]]


def refusal(path: Path, **options: object) -> str:
    """The message read_table refuses the file with (also checked: list_sheets refuses too)."""
    with pytest.raises(ImportRefused) as refused:
        read_table(path, **options)  # type: ignore[arg-type]
    message = str(refused.value)
    assert "\n" not in message
    assert path.name in message
    return message


def good_xlsx(tmp_path: Path, name: str = "liste.xlsx") -> Path:
    return write_xlsx(tmp_path / name, {"Ark1": OK_ROWS})


# -- the file itself -----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert refusal(tmp_path / "borte.xlsx") == "Fila «borte.xlsx» finnes ikke."
    with pytest.raises(ImportRefused, match="finnes ikke"):
        list_sheets(tmp_path / "borte.csv")


def test_folder(tmp_path: Path) -> None:
    (tmp_path / "mappe.xlsx").mkdir()
    assert refusal(tmp_path / "mappe.xlsx") == "«mappe.xlsx» er en mappe, ikke en fil."
    (tmp_path / "mappe").mkdir()
    assert refusal(tmp_path / "mappe") == "«mappe» er en mappe, ikke en fil."


@pytest.mark.parametrize("name", ["liste.txt", "liste.xlsb", "liste.numbers", "liste"])
def test_unknown_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Navn;E-post\nKari;k@x.no\n")
    message = refusal(path)
    assert message.startswith(f"Fila «{name}» kan ikke importeres: ")
    assert message.endswith("Godtatte filtyper: .xlsx .xlsm .xls .ods .csv .vcf.")


@pytest.mark.parametrize("name", ["stor.xlsx", "stor.csv", "stor.xls"])
def test_file_over_50_mb_is_refused_before_opening(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: no 51 MB written
    started = time.perf_counter()
    assert refusal(path) == f"Fila «{name}» er for stor (51,0 MB); grensen er 50 MB."
    assert time.perf_counter() - started < 1


# -- not what the name says ------------------------------------------------------------------


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "liste.xlsx"
    path.write_text("Navn;E-post\nKari;k@x.no\n")
    assert refusal(path) == (
        "Fila «liste.xlsx» er skadet eller ikke en ekte Excel-fil (fila er ikke en zip-pakke)."
    )


@pytest.mark.parametrize("name", ["liste.xls", "liste.ods", "liste.xlsm"])
def test_random_bytes(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes(range(7, 256)) * 40)
    assert "er skadet eller ikke en ekte" in refusal(path)


def test_html_named_xls(tmp_path: Path) -> None:
    path = tmp_path / "eksport.xls"
    path.write_text("<html><table><tr><td>Navn</td></tr></table></html>")
    assert "nettside" in refusal(path)


def test_xlsx_named_xls_and_xls_named_xlsx(tmp_path: Path) -> None:
    xlsx = good_xlsx(tmp_path)
    renamed = xlsx.rename(tmp_path / "egentlig-xlsx.xls")
    assert "gi den endelsen .xlsx" in refusal(renamed)
    xls = write_xls(tmp_path / "gammel.xls", {"Ark1": OK_ROWS})
    assert "gi den endelsen .xls" in refusal(xls.rename(tmp_path / "egentlig-xls.xlsx"))


def test_truncated_xlsx(tmp_path: Path) -> None:
    path = good_xlsx(tmp_path)
    path.write_bytes(path.read_bytes()[:-200])
    assert "er skadet eller ikke en ekte Excel-fil" in refusal(path)


def test_xlsx_with_a_damaged_member(tmp_path: Path) -> None:
    data = bytearray(good_xlsx(tmp_path).read_bytes())
    start = data.index(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml")
    data[start + 10 : start + 40] = b"\xff" * 30  # inside the deflated sheet
    path = tmp_path / "skadet.xlsx"
    path.write_bytes(bytes(data))
    assert "er skadet eller ikke en ekte Excel-fil" in refusal(path)


# -- passwords -------------------------------------------------------------------------------

PASSWORD = "Fila «{}» er passordbeskyttet. Lagre den uten passord og prøv igjen."


def test_encrypted_xlsx_minimal_fake(tmp_path: Path) -> None:
    path = tmp_path / "hemmelig.xlsx"
    magic = bytes.fromhex("D0CF11E0A1B11AE1")
    path.write_bytes(magic + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64)
    assert refusal(path) == PASSWORD.format("hemmelig.xlsx")


def test_encrypted_xlsx_as_excel_writes_it(tmp_path: Path) -> None:
    """Excel stores a protected .xlsx as an OLE file with an EncryptedPackage stream."""
    path = tmp_path / "hemmelig.xlsx"
    path.write_bytes(ole_file(b"\x00" * 5000, name="EncryptedPackage"))
    assert refusal(path) == PASSWORD.format("hemmelig.xlsx")
    with pytest.raises(ImportRefused, match="passordbeskyttet"):
        list_sheets(path)


def test_encrypted_xls(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "hemmelig.xls", {"Ark1": OK_ROWS}, locked=True)
    assert refusal(path) == PASSWORD.format("hemmelig.xls")


def test_zip_with_encrypted_member(tmp_path: Path) -> None:
    data = bytearray(good_xlsx(tmp_path).read_bytes())
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        data[position + 8] |= 0x01  # general purpose flag: encrypted
        position += 4
    path = tmp_path / "zipkryptert.xlsx"
    path.write_bytes(bytes(data))
    assert refusal(path) == PASSWORD.format("zipkryptert.xlsx")


# -- zip bombs ----------------------------------------------------------------------------


def test_member_with_extreme_compression_ratio(tmp_path: Path) -> None:
    path = rewrite_zip(
        good_xlsx(tmp_path), tmp_path / "bombe.xlsx", {"xl/media/nuller.bin": bytes(2 * 1024**2)}
    )
    message = refusal(path)
    assert message.startswith("Fila «bombe.xlsx» blir ikke lest fordi den ser mistenkelig ut: ")
    assert "«xl/media/nuller.bin» pakkes ut til" in message


def test_300_mb_of_zeros(tmp_path: Path) -> None:
    path = good_xlsx(tmp_path, "stor-bombe.xlsx")
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as member,
    ):
        chunk = bytes(8 * 1024**2)
        for _ in range(300 // 8):
            member.write(chunk)
    assert path.stat().st_size < 1024**2
    with time_limit(10):
        assert "mistenkelig" in refusal(path)


def test_too_many_members(tmp_path: Path) -> None:
    path = good_xlsx(tmp_path, "mange.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        for i in range(1001):
            archive.writestr(f"xl/extra/{i}.txt", "x")
    assert "over 1 000 deler" in refusal(path)


@pytest.mark.parametrize("member", ["../utenfor.xml", "/etc/passwd", "xl/../../x.xml", "C:/x.xml"])
def test_member_names_that_escape(tmp_path: Path, member: str) -> None:
    path = rewrite_zip(good_xlsx(tmp_path), tmp_path / "sti.xlsx", {member: b"<x/>"})
    assert "ulovlig filnavn" in refusal(path)


def test_total_unpacked_size_limit() -> None:
    infos = []
    for i in range(3):
        info = zipfile.ZipInfo(f"del{i}.xml")
        info.file_size = 40
        info.compress_size = 20
        infos.append(info)
    check_zip_directory(Path("x.xlsx"), infos, max_unpacked=120)
    with pytest.raises(ImportRefused, match="pakkes ut til over"):
        check_zip_directory(Path("x.xlsx"), infos, max_unpacked=100)


def test_directory_that_understates_a_member_size(tmp_path: Path) -> None:
    """A zip whose directory claims less than the member unpacks to is caught on unpacking."""
    path = good_xlsx(tmp_path)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    entry = data.rfind(b"PK\x01\x02", 0, data.rindex(name))
    data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))
    assert "mistenkelig" in refusal(path) or "skadet" in refusal(path)


# -- XML attacks ----------------------------------------------------------------------------


def test_billion_laughs_in_shared_strings(tmp_path: Path) -> None:
    path = write_raw_xlsx(
        tmp_path / "latter.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>1</v></c></row>',
        [BILLION_LAUGHS],
    )
    with time_limit(10):
        message = refusal(path)
        with pytest.raises(ImportRefused, match="DTD"):
            list_sheets(path)
    assert "«xl/sharedStrings.xml» inneholder en DTD" in message


def test_external_entity_in_worksheet(tmp_path: Path) -> None:
    path = good_xlsx(tmp_path, "xxe.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    evil = sheet.replace(
        b"<worksheet", b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet', 1
    )
    path = rewrite_zip(path, tmp_path / "xxe2.xlsx", {"xl/worksheets/sheet1.xml": evil})
    assert "DTD" in refusal(path)


def test_billion_laughs_in_ods(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "latter.ods", {"Ark1": OK_ROWS})
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml")
    evil = content.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1)
    path = rewrite_zip(path, tmp_path / "latter2.ods", {"content.xml": evil})
    with time_limit(10):
        assert "DTD" in refusal(path)


# -- sheets far too large for memory ------------------------------------------------------------

_RUN = "import sys; from pathlib import Path; from kontakt.io.importers.table import read_table\n"
_RUN += "try:\n    print(read_table(Path(sys.argv[1])))\nexcept Exception as e:\n    print(e)\n"


def read_in_subprocess(path: Path) -> str:
    """Read in a child process: if calamine aborted, it must not take pytest with it."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_stray_cell_in_the_last_cell_of_the_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "langt-ute.xlsx", {"Ark1": OK_ROWS})
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    workbook["Ark1"].cell(row=1_048_576, column=16_384, value="oi")
    workbook.save(path)
    message = read_in_subprocess(path)
    assert message == (
        "Arket «Ark1» i «langt-ute.xlsx» har innhold spredt over et for stort område (til celle "
        "XFD1048576). Slett innholdet langt ute i arket, eller kopier tabellen til et nytt ark, "
        "og prøv igjen."
    )


def test_cells_without_references_far_down(tmp_path: Path) -> None:
    """Another writer's form (no r= on cells) takes the careful path and is measured too."""
    cells = "".join('<c t="s"><v>0</v></c>' for _ in range(25))
    path = write_raw_xlsx(
        tmp_path / "uten-ref.xlsx",
        f'<row r="1">{cells}</row><row r="1048576">{cells}</row>',
        ["x"],
    )
    assert "for stort område (til celle Y1048576)" in read_in_subprocess(path)


def test_cells_without_references_are_read(tmp_path: Path) -> None:
    path = write_raw_xlsx(
        tmp_path / "uten-ref.xlsx",
        '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>'
        '<row r="3"><c t="s" s="0" r="B3"><v>2</v></c><c><v>7</v></c></row>',
        ["Navn", "E-post", "Kari"],
    )
    table = read_table(path)
    assert table.headers == ("Navn", "E-post", "Kolonne C")
    assert [(row.number, row.cells) for row in table.rows] == [(3, (None, "Kari", 7.0))]


def test_far_row_in_a_narrow_sheet_is_measured_exactly_and_read(tmp_path: Path) -> None:
    path = write_raw_xlsx(
        tmp_path / "smal.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c></row>'
        '<row r="1000000"><c r="B1000000" t="s"><v>2</v></c></row>',
        ["Navn", "E-post", "Kari"],
    )
    table = read_table(path)
    assert [row.number for row in table.rows] == [2, 1_000_000]


def test_ods_with_repeated_cells_filling_the_sheet(tmp_path: Path) -> None:
    bomb = (
        '<table:table table:name="Ark1"><table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    path = write_ods(tmp_path / "gjentatt.ods", {}, raw_tables=bomb)
    assert "for stort område" in read_in_subprocess(path)


# -- empty sheets, unknown sheets, too many rows ---------------------------------------------


def test_empty_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"Ark1": []})
    assert refusal(path) == "Arket «Ark1» i «x.xlsx» er tomt."
    assert refusal(path, sheet="Ark1") == "Arket «Ark1» i «x.xlsx» er tomt."


def test_sheet_with_only_blank_cells(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"Ark1": [[" ", None], [None, "\u00a0"]]})
    assert refusal(path) == "Arket «Ark1» i «x.xlsx» er tomt."


def test_sheet_with_header_only(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"Ark1": [["Overskrift"], [], ["Navn", "E-post"]]})
    assert refusal(path) == (
        "Arket «Ark1» i «x.xlsx» er tomt: det er ingen rader under overskriftsraden (rad 3)."
    )


def test_unknown_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", {"Ark1": OK_ROWS, "Ark2": OK_ROWS})
    assert refusal(path, sheet="Ark3") == (
        "Fila «x.xlsx» har ikke arket «Ark3». Arkene heter: Ark1, Ark2."
    )


def test_more_than_200_000_rows(tmp_path: Path) -> None:
    path = tmp_path / "mange.csv"
    path.write_text("Navn;Nr\n" + "".join(f"P{i};{i}\n" for i in range(200_001)))
    started = time.perf_counter()
    assert refusal(path) == (
        "Fila «mange.csv» har mer enn 200 000 rader med data. "
        "Del opp fila og importer delene hver for seg."
    )
    assert time.perf_counter() - started < 20


def test_row_limit_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "MAX_ROWS", 3)
    path = write_xlsx(
        tmp_path / "x.xlsx", {"Ark1": [["Navn", "Nr"], *[["P", i] for i in range(3)]]}
    )
    assert len(read_table(path).rows) == 3
    path = write_xlsx(
        tmp_path / "y.xlsx", {"Ark1": [["Navn", "Nr"], *[["P", i] for i in range(4)]]}
    )
    assert "har mer enn 3 rader med data" in refusal(path)
