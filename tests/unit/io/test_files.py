"""The one module every file Kontakt writes goes through: owner-only, whole or nothing,
and a device or pipe written through, never replaced."""

from __future__ import annotations

import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kontakt.errors import KontaktError
from kontakt.io import files
from kontakt.io.files import (
    atomic_path,
    check_target,
    write_bytes_atomically,
    write_json_atomically,
    write_text_atomically,
)


@pytest.fixture(autouse=True)
def ordinary_umask() -> Iterator[None]:
    """The usual umask (files 0644): what makes a file private must be Kontakt."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_each_way_of_writing_makes_an_owner_only_file(tmp_path: Path) -> None:
    write_bytes_atomically(tmp_path / "a.ics", b"BEGIN:VCALENDAR")
    write_text_atomically(tmp_path / "b.txt", "Kari Nordmann")
    write_json_atomically(tmp_path / "c.json", {"navn": "Kari"})
    with atomic_path(tmp_path / "d.xlsx") as tmp:
        assert mode(tmp) == 0o600  # private while it is written, too
        tmp.write_bytes(b"PK")
    assert {p.name: mode(p) for p in tmp_path.iterdir()} == {
        "a.ics": 0o600,
        "b.txt": 0o600,
        "c.json": 0o600,
        "d.xlsx": 0o600,
    }
    assert (tmp_path / "c.json").read_text(encoding="utf-8") == '{\n  "navn": "Kari"\n}\n'


def test_a_world_readable_file_written_over_becomes_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "liste.csv"
    target.write_text("gammel")
    os.chmod(target, 0o644)
    write_text_atomically(target, "ny")
    assert target.read_text() == "ny"
    assert mode(target) == 0o600


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "liste.csv"
    target.write_text("forrige")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("halv")
        raise RuntimeError("avbrutt")
    assert target.read_text() == "forrige"
    assert [p.name for p in tmp_path.iterdir()] == ["liste.csv"]


def test_a_symbolic_link_stays_and_its_file_gets_the_text(tmp_path: Path) -> None:
    real = tmp_path / "ekte.csv"
    real.write_text("gammel")
    link = tmp_path / "lenke.csv"
    link.symlink_to(real)
    write_text_atomically(link, "ny")
    assert link.is_symlink()
    assert real.read_text() == "ny" and mode(real) == 0o600


def test_a_named_pipe_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "rør"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        write_bytes_atomically(fifo, b"Kari;Nordmann\r\n" * 10_000)
    finally:
        reader.join(timeout=30)
    assert received == [b"Kari;Nordmann\r\n" * 10_000]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["rør"]


def null_node(folder: Path) -> Path | None:
    """A null device node made in ``folder`` (None unless we are root)."""
    node = folder / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        return None
    return node


def test_a_device_node_made_here_stays_a_device(tmp_path: Path) -> None:
    node = null_node(tmp_path)
    if node is None:
        pytest.skip("lager bare enheter som root")
    write_text_atomically(node, "Kari Nordmann\n")
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_dev_null_stays_a_device(tmp_path: Path) -> None:
    # Tried first on a node of our own, so that a regression fails there and
    # never replaces the machine's /dev/null.
    node = null_node(tmp_path)
    if node is not None:
        write_text_atomically(node, "x")
        assert stat.S_ISCHR(os.stat(node).st_mode)
    write_text_atomically(Path("/dev/null"), "Kari Nordmann\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_socket_is_refused_in_norwegian_before_any_work(tmp_path: Path) -> None:
    path = tmp_path / "sokkel"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(KontaktError, match="ikke en vanlig fil"):
            check_target(path)
        with pytest.raises(KontaktError, match="ikke en vanlig fil"), atomic_path(path):
            pytest.fail("the block must not run")
        assert stat.S_ISSOCK(os.stat(path).st_mode)


def test_a_folder_and_a_missing_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(KontaktError, match="det er en mappe"):
        check_target(tmp_path)
    with pytest.raises(KontaktError, match="finnes ikke"):
        write_text_atomically(tmp_path / "borte" / "x.csv", "x")


def test_a_named_pipe_nobody_reads_is_given_up_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "PIPE_WAIT_SECONDS", 0.3)
    fifo = tmp_path / "rør"
    os.mkfifo(fifo)
    with pytest.raises(KontaktError, match="ingen program leser fra røret"):
        write_text_atomically(fifo, "Kari Nordmann")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["rør"]


def test_a_full_device_is_a_clear_error(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("ingen /dev/full her")
    with pytest.raises(KontaktError, match="Kan ikke skrive /dev/full"):
        write_bytes_atomically(Path("/dev/full"), b"x" * 100_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
