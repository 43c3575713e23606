"""``kontakt --self-check``: prove that this installation works, end to end.

Runs a list of named steps against a fresh database in a temporary folder
(never the user's data folder) and prints one line per step::

    OK    migrasjoner                  0.21 s  skjemaversjon 0001
    FEIL  import av regneark: ModuleNotFoundError: No module named 'openpyxl'

Exit 0 when every step passed, 1 otherwise. Its main use is the PyInstaller
bundle: a hidden import or data file left out of the build makes a step fail
(CI builds the bundle and runs this on every change).

A feature adds its own step by writing a function ``(CheckContext) -> str``
(the returned text is a short detail for the OK line; raising means the step
failed) and putting it in :data:`STEPS` before the window step.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # imported by the steps, so that a broken import fails a step, not the run
    from kontakt.app import Core

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


class StepSkipped(Exception):
    """A step could not run because an earlier step it needs failed."""


class CheckFailed(Exception):
    """A step ran but found something wrong (the message says what)."""


@dataclass
class CheckContext:
    """What the steps share: the temporary folder and the database opened in it.

    Attributes:
        workdir: A fresh temporary folder, removed afterwards.
        expected_contacts: How many contacts the steps so far have put in.
    """

    workdir: Path
    expected_contacts: int = 0
    _core: Core | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        """The self-check's SQLite file."""
        return self.workdir / "selvtest.db"

    @property
    def core(self) -> Core:
        """The open database; a step that needs it is skipped if opening failed."""
        if self._core is None:
            raise StepSkipped("databasen ble ikke åpnet")
        return self._core

    def close(self) -> None:
        """Release the database."""
        if self._core is not None:
            self._core.close()
            self._core = None


@dataclass(frozen=True)
class Step:
    """One named check; ``run`` returns a short detail or raises."""

    name: str
    run: Callable[[CheckContext], str]


# -- steps -------------------------------------------------------------------------


def step_migrations(ctx: CheckContext) -> str:
    """Create the database and run every Alembic migration (scripts read from files)."""
    from sqlalchemy import text

    from kontakt.app import open_core
    from kontakt.paths import resolve_database
    from kontakt.storage.migrate import HEAD_REVISION, script_head

    ctx._core = open_core(resolve_database(str(ctx.db_path)))
    with ctx.core.engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision != HEAD_REVISION or script_head() != HEAD_REVISION:
        raise CheckFailed(f"skjemaversjon {revision}, forventet {HEAD_REVISION}")
    return f"skjemaversjon {revision}"


def step_postgresql_driver(ctx: CheckContext) -> str:
    """Load the PostgreSQL dialect and psycopg's compiled libpq wrapper (no server needed)."""
    import psycopg
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://kontakt@127.0.0.1:1/kontakt")
    try:
        if engine.dialect.driver != "psycopg":
            raise CheckFailed(f"fikk driveren {engine.dialect.driver}")
    finally:
        engine.dispose()
    implementation = psycopg.pq.__impl__
    if implementation not in ("c", "binary"):
        raise CheckFailed(f"psycopg bruker «{implementation}», ikke den medfølgende libpq")
    return f"psycopg {psycopg.__version__} ({implementation})"


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


def step_keyring(ctx: CheckContext) -> str:
    """Find keyring's backends (entry points in its metadata) and load this platform's."""
    from importlib.metadata import entry_points

    wanted = {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "SecretService")
    found = {ep.name: ep for ep in entry_points(group="keyring.backends")}
    if wanted not in found:
        raise CheckFailed(f"fant ikke nøkkelring-bakenden {wanted} (fant {sorted(found)})")
    found[wanted].load()
    import keyring

    active = type(keyring.get_keyring())
    return f"{len(found)} bakender, i bruk: {active.__module__}.{active.__name__}"


def step_window(ctx: CheckContext) -> str:
    """Open the main window on the database, check its icon and rows, and close it."""
    if ctx.expected_contacts == 0:
        raise StepSkipped("ingen kontakter ble importert")
    from kontakt.ui.selfcheck_window import open_and_close_window

    return open_and_close_window(ctx.core, ctx.workdir, ctx.expected_contacts)


STEPS: list[Step] = [
    Step("migrasjoner", step_migrations),
    Step("postgresql-driver", step_postgresql_driver),
    Step("import av regneark", step_small_import),
    Step("import med arbeidsprosesser", step_large_import),
    # ---- Later features add their steps here, before the window step: --------
    # a step may use ctx.core (the 6,004 imported contacts) and write its files
    # into ctx.workdir.
    Step("eksport", lambda ctx: str(_outreach().step_exports(ctx))),
    Step("e-post og invitasjon", lambda ctx: str(_outreach().step_mail(ctx))),
    Step("idébank", lambda ctx: str(_ideabank().step_ideabank(ctx))),
    Step("nøkkelring", step_keyring),
    Step("hovedvindu", step_window),
]


def _outreach() -> ModuleType:
    # Imported when its steps run, so that a missing module fails those steps only.
    from kontakt.selfcheck import outreach

    return outreach


def _ideabank() -> ModuleType:
    from kontakt.selfcheck import ideabank

    return ideabank


# -- running -------------------------------------------------------------------------


def run_steps(
    steps: Sequence[Step], ctx: CheckContext, out: TextIO | None, err: TextIO | None
) -> bool:
    """Run every step in order, printing a line for each; True if all passed."""
    passed = True
    width = max(len(step.name) for step in steps)
    for step in steps:
        started = time.perf_counter()
        try:
            detail = step.run(ctx)
        except StepSkipped as skip:
            passed = False
            _write(out, f"--    {step.name}: hoppet over ({skip})")
        except Exception as exc:
            passed = False
            _write(out, f"FEIL  {step.name}: {_one_line(exc)}")
            if not isinstance(exc, CheckFailed):
                _write(err, traceback.format_exc().rstrip())
        else:
            seconds = time.perf_counter() - started
            _write(out, f"OK    {step.name:<{width}} {seconds:5.2f} s  {detail}")
    return passed


def self_check(out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the self-check in a fresh temporary folder; returns the exit code."""
    out = out if out is not None else sys.stdout  # None in a windowed Windows build
    err = err if err is not None else sys.stderr
    from kontakt import __version__

    _write(out, f"Kontakt {__version__}: selvtest")
    prefer_offscreen()
    workdir = Path(tempfile.mkdtemp(prefix="kontakt-selvtest-"))
    ctx = CheckContext(workdir=workdir)
    try:
        passed = run_steps(STEPS, ctx, out, err)
    finally:
        ctx.close()
        shutil.rmtree(workdir, ignore_errors=True)
    _write(out, "Selvtesten er bestått." if passed else "Selvtesten feilet.")
    return 0 if passed else 1


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    message = text[0] if text else ""
    return message if isinstance(exc, CheckFailed) else f"{type(exc).__name__}: {message}"


def _write(stream: TextIO | None, line: str) -> None:
    if stream is not None:
        stream.write(line + "\n")
        stream.flush()


def prefer_offscreen(environ: dict[str, str] | None = None) -> None:
    """Run Qt offscreen unless the caller chose a platform: the check needs no screen."""
    env = os.environ if environ is None else environ
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
