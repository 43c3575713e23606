"""Exports read back: each format written from a real database and checked in the file."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.fixtures.awkward import add_awkward

from kontakt.app import Core, open_core
from kontakt.domain.exporting import ExportFormat, ExportOptions
from kontakt.domain.records import ContactFilter
from kontakt.errors import KontaktError
from kontakt.paths import resolve_database
from kontakt.services.exporting import ExportScope


@pytest.fixture
def other_core(tmp_path: Path) -> Iterator[Core]:
    core = open_core(resolve_database(str(tmp_path / "andre.db")))
    yield core
    core.close()


@pytest.fixture
def stored(sqlite_core: Core) -> Core:
    add_awkward(sqlite_core)
    return sqlite_core


def test_xlsx_list_has_title_bold_frozen_header_filter_and_only_strings(
    stored: Core, tmp_path: Path
) -> None:
    target = tmp_path / "liste.xlsx"
    result = stored.exports.export(
        ExportFormat.XLSX, target, options=ExportOptions(title="Alle i nettverket")
    )
    assert result.count == 3
    ws = load_workbook(target).active
    assert ws is not None
    title = str(ws["A1"].value)
    assert "Alle i nettverket" in title and dt.date.today().strftime("%d.%m.%Y") in title
    headers = [c.value for c in ws[2]]
    assert headers[:4] == ["Fornavn", "Etternavn", "Kommune", "Fylke"]
    assert "Notater" not in headers  # notes are off by default
    assert all(c.font.bold for c in ws[2])
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == f"A2:{ws.cell(2, len(headers)).column_letter}5"
    assert ws.column_dimensions["A"].width >= 8
    rows = {str(r[1].value): r for r in ws.iter_rows(min_row=3)}
    ola = rows["Nordmann"]
    org = ola[headers.index("Organisasjon")]
    assert org.value == '=HYPERLINK("http://x.example","klikk")'
    assert org.data_type == "s"  # text, never a formula
    for row in ws.iter_rows(min_row=1):
        bad = [(c.coordinate, c.data_type) for c in row if c.data_type not in ("s", "n")]
        assert not bad
    ase = rows["Ødegård-Æsøy"]
    assert ase[headers.index("Tema")].value == "Psykisk helse, Rus"
    assert ase[headers.index("Fylke")].value == "Vestland"
    assert ase[headers.index("Telefon")].value == "912 34 567"  # private number left out


def test_xlsx_with_notes_and_private_numbers_when_chosen(stored: Core, tmp_path: Path) -> None:
    target = tmp_path / "liste.xlsx"
    options = ExportOptions(include_notes=True, include_private=True)
    stored.exports.export(ExportFormat.XLSX, target, options=options)
    ws = load_workbook(target).active
    assert ws is not None
    headers = [c.value for c in ws[2]]
    rows = {str(r[1].value): r for r in ws.iter_rows(min_row=3)}
    ase = rows["Ødegård-Æsøy"]
    assert "END:VCARD" in str(ase[headers.index("Notater")].value)
    assert "22 33 44 55" in str(ase[headers.index("Telefon")].value)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_google_csv_has_googles_own_layout_and_neutralised_formulas(
    stored: Core, tmp_path: Path, interop_dir: Path
) -> None:
    target = tmp_path / "google.csv"
    stored.exports.export(ExportFormat.CSV_GOOGLE, target)
    sample = (interop_dir / "csv" / "google-contacts-export-sample.csv").read_text("utf-8")
    extra = ",".join(f"Custom Field {n} - Label,Custom Field {n} - Value" for n in range(2, 7))
    # As Google writes it: UTF-8 without a byte order mark.
    assert target.read_text("utf-8").splitlines()[0] == f"{sample.splitlines()[0]},{extra}"
    assert target.read_bytes().count(b"\r\n") >= 4
    rows = {r["Last Name"]: r for r in _read_csv(target)}
    ase = rows["Ødegård-Æsøy"]
    assert ase["First Name"] == "Åse Marit"
    assert ase["Organization Name"] == "Fagforbundet; Vestland, avd. 1"
    assert ase["E-mail 1 - Label"] == "* Work"
    assert ase["E-mail 1 - Value"] == "ase@example.no"
    assert ase["Phone 1 - Value"] == "+47 912 34 567"
    assert ase["Phone 2 - Value"] == ""  # the private number is off by default
    assert ase["Labels"] == "Psykisk helse ::: Rus ::: Vestland"
    assert (ase["Custom Field 1 - Label"], ase["Custom Field 2 - Label"]) == ("Kontakt-id", "Verv")
    assert ase["Custom Field 2 - Value"] == (
        "Hovedtillitsvalgt, Fagforbundet Vestland (tillitsvalgt, fylke)"
    )
    assert ase["Notes"] == ""
    ola = rows["Nordmann"]
    assert ola["Organization Name"].startswith("'=")
    assert ola["Organization Title"] == "'@SUM(1+1)"
    assert rows[""]["Organization Name"] == "'+cmd|' /C calc'!A0"


def test_outlook_csv_has_outlooks_own_layout(
    stored: Core, tmp_path: Path, interop_dir: Path
) -> None:
    target = tmp_path / "outlook.csv"
    options = ExportOptions(include_notes=True)
    stored.exports.export(ExportFormat.CSV_OUTLOOK, target, options=options)
    sample = (interop_dir / "csv" / "outlook-export-sample.csv").read_text("utf-8")
    # UTF-8 with a byte order mark: what Outlook for Windows and Excel need to read æøå.
    assert target.read_bytes().startswith(b'\xef\xbb\xbf"Title",')
    assert target.read_text("utf-8-sig").splitlines()[0] == sample.splitlines()[0]
    rows = {r["Last Name"]: r for r in _read_csv(target)}
    ase = rows["Ødegård-Æsøy"]
    assert ase["Company"] == "Fagforbundet; Vestland, avd. 1"
    assert ase["E-mail Address"] == "ase@example.no"
    assert ase["E-mail Type"] == "SMTP"
    assert ase["Mobile Phone"] == "+47 912 34 567"
    assert ase["Categories"] == "Psykisk helse;Rus;Vestland"
    assert ase["Notes"].startswith("Første linje\nEND:VCARD")
    assert rows["Nordmann"]["Notes"].startswith("'-2+3\n\n[Kontakt]\nKontakt-id: ")
    assert rows[""]["Business Phone"] == "+47 400 00 001"


@pytest.mark.parametrize("fmt", [ExportFormat.CSV_GOOGLE, ExportFormat.CSV_OUTLOOK])
def test_csv_exports_import_back_into_kontakt(
    stored: Core, fmt: ExportFormat, tmp_path: Path, other_core: Core
) -> None:
    target = tmp_path / f"{fmt.value}.csv"
    stored.exports.export(fmt, target)
    report = other_core.imports.apply(other_core.imports.preview(target))
    assert report.created == 3, report.errors
    back = {r.family_name: r for r in other_core.search.all_rows(ContactFilter())}
    ase = back["Ødegård-Æsøy"]
    assert ase.given_name == "Åse Marit"
    assert ase.organisation == "Fagforbundet; Vestland, avd. 1"
    assert [e.address for e in ase.emails] == ["ase@example.no", "ase.privat@example.no"]
    assert ase.primary_phone == "+4791234567"


def _pdf_text(reader: PdfReader, page: int | None = None) -> str:
    pages = reader.pages if page is None else [reader.pages[page]]
    return re.sub(r"[ \t]+", " ", "\n".join(p.extract_text() for p in pages))


def test_pdf_list_is_grouped_by_county_with_pages_and_date(stored: Core, tmp_path: Path) -> None:
    target = tmp_path / "liste.pdf"
    stored.exports.export(ExportFormat.PDF, target, options=ExportOptions(title="Helse"))
    reader = PdfReader(target)
    text = _pdf_text(reader)
    assert "Kontakter – Helse" in text
    assert "Vestland (1)" in text and "Oslo - Oslove (1)" in text
    assert "Nordland - Nordlánnda (1)" in text
    assert text.index("Nordland") < text.index("Oslo - Oslove (1)") < text.index("Vestland (1)")
    flat = " ".join(text.split())  # long cells wrap onto a second line
    assert "Åse Marit Ødegård-Æsøy" in flat
    assert "Hovedtillitsvalgt, Fagforbundet Vestland" in flat  # wrapped, not cut
    assert "912 34 567" in text and "ase@example.no" in text
    assert f"Side 1 av {len(reader.pages)}" in text
    assert f"Skrevet ut {dt.date.today():%d.%m.%Y}" in text
    page = reader.pages[0].mediabox
    assert (round(float(page.width) / 72 * 25.4), round(float(page.height) / 72 * 25.4)) == (
        210,
        297,
    )


def test_pdf_of_many_contacts_runs_over_pages_with_numbers(
    sqlite_core: Core, tmp_path: Path
) -> None:

    sqlite_core.demo.add_contacts()
    target = tmp_path / "alle.pdf"
    sqlite_core.exports.export(ExportFormat.PDF, target)
    reader = PdfReader(target)
    pages = len(reader.pages)
    assert pages >= 5
    last = _pdf_text(reader, -1)
    assert f"Side {pages} av {pages}" in last


def test_scope_of_chosen_contacts_keeps_their_order_and_never_the_trash(
    core: Core, tmp_path: Path
) -> None:
    ase, ola, tove = add_awkward(core)
    core.contacts.trash([ola.uid])
    scope = ExportScope(uids=(tove.uid, ola.uid, ase.uid))
    assert core.exports.count(scope) == 2
    assert [r.uid for r in core.exports.rows(scope)] == [tove.uid, ase.uid]
    trash = ExportScope(filter=ContactFilter(trashed=True))
    assert core.exports.count(trash) == 2
    assert {r.uid for r in core.exports.rows(trash)} == {ase.uid, tove.uid}


def test_a_filter_scope_writes_only_matching_contacts(stored: Core, tmp_path: Path) -> None:
    target = tmp_path / "vestland.csv"
    scope = ExportScope(filter=ContactFilter(county="Vestland"))
    result = stored.exports.export(ExportFormat.CSV_GOOGLE, target, scope)
    assert result.count == 1
    assert [r["Last Name"] for r in _read_csv(target)] == ["Ødegård-Æsøy"]


def test_a_cancelled_export_leaves_the_old_file_and_no_temporary(
    stored: Core, tmp_path: Path
) -> None:
    target = tmp_path / "liste.csv"
    target.write_text("gammel fil\n", encoding="utf-8")
    steps = stored.exports.export_steps(ExportFormat.CSV_GOOGLE, target)
    assert next(steps) == (0, 3)
    steps.close()
    assert target.read_text(encoding="utf-8") == "gammel fil\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_failing_export_leaves_nothing_under_the_name(stored: Core, tmp_path: Path) -> None:
    target = tmp_path / "mangler" / "liste.xlsx"
    with pytest.raises(KontaktError, match="mangler"):
        stored.exports.export(ExportFormat.XLSX, target)
    target = tmp_path / "liste.xlsx"
    target.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(KontaktError, match=r"liste\.xlsx"):
        stored.exports.export(ExportFormat.XLSX, target)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
