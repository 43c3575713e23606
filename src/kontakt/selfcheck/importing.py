"""Self-check steps for importing: a small spreadsheet with æøå, and one large
enough that its rows are planned in worker processes (spawned; in the bundle
they re-run the executable).
"""

from __future__ import annotations

import os
from pathlib import Path

from kontakt.selfcheck.context import CheckContext, CheckFailed

# Rows in the larger import: over the importer's PARALLEL_FROM, so its rows are
# planned in worker processes (spawn; in the bundle they re-run the executable).
LARGE_IMPORT_ROWS = 6000
# Norwegian and Swedish numbers: phonenumbers loads each region's metadata lazily.
SMALL_SHEET_HEADERS = ["Fornavn", "Etternavn", "Kommune", "E-post", "Mobil", "Tema"]
SMALL_SHEET_ROWS: list[list[object]] = [
    ["Åse", "Ødegård", "Tromsø", "ase.odegard@example.org", 98765432, "Psykisk helse"],
    ["Bjørn", "Kværnæs", "Bærum", "bjorn.kvaernaes@example.org", "+47 412 34 567", "Rus"],
    ["Ærle", "Strøm-Løvås", "Ålesund", "aerle@example.org", "+46 70 123 45 67", "Eldreomsorg"],
    ["Kari", "Nordmann", "Bodø", "kari.nordmann@example.org", "0047 98765433", "Sykehus"],
]


def step_small_import(ctx: CheckContext) -> str:
    """Import a small .xlsx with æøå, as ``kontakt import`` does, and find the people again."""
    from openpyxl import Workbook

    from kontakt.domain.records import ContactFilter

    path = ctx.workdir / "kontakter.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kontakter"
    sheet.append(SMALL_SHEET_HEADERS)
    for row in SMALL_SHEET_ROWS:
        sheet.append(row)
    book.save(path)

    report = _import(ctx, path, len(SMALL_SHEET_ROWS))
    found = ctx.core.search.search(ContactFilter(text="ødegård")).rows
    if len(found) != 1:
        raise CheckFailed(f"søk etter «ødegård» fant {len(found)} kontakter, ikke 1")
    person = found[0]
    place = person.municipality.name if person.municipality else ""
    phones = [p.number for p in person.phones]
    if (person.given_name, place, phones) != ("Åse", "Tromsø", ["+4798765432"]):
        raise CheckFailed(f"fant {person.full_name}, {place}, {phones}")
    swede = ctx.core.search.search(ContactFilter(text="aerle@example.org")).rows
    numbers = [p.number for p in swede[0].phones] if swede else []
    if numbers != ["+46701234567"]:
        raise CheckFailed(f"det svenske nummeret ble lest som {numbers}")
    return report


def step_large_import(ctx: CheckContext) -> str:
    """Import enough rows that the importer plans them in worker processes."""
    import csv

    from kontakt.services.importing.workers import MAX_WORKERS, PARALLEL_FROM

    assert LARGE_IMPORT_ROWS >= PARALLEL_FROM
    places = ("Oslo", "Bergen", "Trondheim", "Stavanger", "Kristiansand", "Tromsø", "Bodø")
    path = ctx.workdir / "mange.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Fornavn", "Etternavn", "Kommune", "E-post", "Mobil"])
        for i in range(LARGE_IMPORT_ROWS):
            writer.writerow(
                [f"Test{i}", "Prøvesen", places[i % len(places)], f"test{i}@example.org",
                 str(40_000_000 + i)]
            )  # fmt: skip
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    return f"{_import(ctx, path, LARGE_IMPORT_ROWS)}, planlagt i {workers} prosesser"


def _import(ctx: CheckContext, path: Path, rows: int) -> str:
    from kontakt.services.importing.model import ImportOptions

    preview = ctx.core.imports.preview(path, ImportOptions())
    report = ctx.core.imports.apply(preview)
    if report.errors or report.created != rows:
        first = report.errors[0].text() if report.errors else ""
        raise CheckFailed(f"opprettet {report.created} av {rows} kontakter. {first}".strip())
    ctx.expected_contacts += rows
    return f"{rows} kontakter opprettet"
