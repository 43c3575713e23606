"""Files the command line writes: owner-only whatever the umask, and a device or
a named pipe given as the output is written to, never replaced."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.e2e.test_cli import kontakt
from tests.fixtures.sheets import CHAPTER_HEADERS, CHAPTER_ROWS, write_xlsx

FORMATS = ["vcard", "vcard4", "xlsx", "csv-google", "csv-outlook", "pdf"]


@pytest.fixture(autouse=True)
def ordinary_umask() -> Iterator[None]:
    """umask 022 (new files 0644), inherited by the kontakt process: what makes the
    files private must be Kontakt, not the umask."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("private") / "kontakt.db"
    result = kontakt("demo", db=db)
    assert result.returncode == 0, result.stderr
    return db


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_is_readable_by_its_owner_only(
    demo_db: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"liste.{fmt}"
    out.write_text("forrige liste")  # an older file, 0644, written over
    result = kontakt("export", fmt, "-o", str(out), "--county", "Finnmark", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert mode(out) == 0o600
    assert out.read_bytes() != b"forrige liste"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_the_access_export_and_its_pdf_are_owner_only(demo_db: Path, tmp_path: Path) -> None:
    uid = json.loads(kontakt("list", "--json", "--limit", "1", db=demo_db).stdout)[0]["uid"]
    out = tmp_path / "innsyn.json"
    result = kontakt("privacy", "export", uid, "-o", str(out), db=demo_db)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))
    assert (mode(out), mode(out.with_suffix(".pdf"))) == (0o600, 0o600)


def test_the_import_report_is_owner_only(tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "liste.xlsx", CHAPTER_HEADERS, CHAPTER_ROWS)
    report = tmp_path / "rapport.json"
    result = kontakt("import", str(sheet), "--yes", "--report", str(report), db=tmp_path / "k.db")
    assert result.returncode == 0, result.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["created"] == 3
    assert mode(report) == 0o600


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_an_export_to_a_named_pipe_goes_to_the_program_reading_it(
    demo_db: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "rør"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = kontakt("export", "csv-google", "-o", str(fifo), "--county", "Finnmark", db=demo_db)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received, "nothing reached the reader"
    rows = csv_rows(received[0])
    assert len(rows) > 0 and f"Skrev {len(rows)} kontakter" in result.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["rør"]


def own_null_device(folder: Path) -> Path | None:
    """A null device node in ``folder``, or None when we may not make one (not root)."""
    node = folder / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        return None
    return node


def test_an_export_to_a_device_leaves_the_device(demo_db: Path, tmp_path: Path) -> None:
    node = own_null_device(tmp_path)
    if node is None:
        pytest.skip("bare root kan lage en enhet")
    result = kontakt("export", "csv-google", "-o", str(node), db=demo_db)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_export_to_dev_null_as_root_keeps_dev_null(demo_db: Path, tmp_path: Path) -> None:
    # First on a device node of our own, so that a regression fails there and
    # never turns the machine's /dev/null into a file.
    node = own_null_device(tmp_path)
    if node is not None:
        assert kontakt("export", "xlsx", "-o", str(node), db=demo_db).returncode == 0
        assert stat.S_ISCHR(os.stat(node).st_mode)
    for fmt in ("csv-google", "xlsx"):
        result = kontakt("export", fmt, "-o", "/dev/null", db=demo_db)
        assert result.returncode == 0, result.stderr
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_to_standard_output(demo_db: Path) -> None:
    result = kontakt("export", "csv-outlook", "-o", "/dev/stdout", "--county", "Oslo", db=demo_db)
    assert result.returncode == 0, result.stderr
    data, _, said = result.stdout.rpartition("Skrev ")
    assert said.startswith(f"{len(csv_rows(data.encode()))} kontakter til /dev/stdout")


def test_a_socket_as_target_is_refused_in_one_norwegian_line(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "sokkel"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = kontakt("export", "csv-google", "-o", str(path), db=demo_db)
        assert result.returncode == 1
        assert result.stderr.startswith("kontakt: Kan ikke skrive")
        assert "ikke en vanlig fil" in result.stderr
        assert result.stderr.count("\n") == 1
        assert stat.S_ISSOCK(os.stat(path).st_mode)
