"""The log file: owner-only, rotating, and without e-mail addresses, phone numbers or
exception texts, whatever the code hands it."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kontakt import log as kontakt_log
from kontakt.log import (
    EMAIL_MASK,
    PHONE_MASK,
    PrivateFileHandler,
    failure_details,
    log_file,
    mask,
    record_failure,
    setup_logging,
)

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """setup_logging changes the root logger: put it back for the next test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.parametrize(
    "text",
    [
        "kari.nordmann@example.org",
        "Kari.Nordmann+nettverk@sv.example.no",
        "ærlig.øvre@bølgen.no",
        "<per@example.com>",
    ],
)
def test_e_mail_addresses_are_masked(text: str) -> None:
    masked = mask(f"sendt til {text}, ferdig")
    assert "@" not in masked
    assert EMAIL_MASK in masked and masked.startswith("sendt til ") and "ferdig" in masked


@pytest.mark.parametrize(
    "number",
    [
        "91234567",
        "912 34 567",
        "91 23 45 67",
        "+4791234567",
        "+47 912 34 567",
        "0047 91234567",
        "+1 202 555 0143",
        "01019912345",  # a national identity number
    ],
)
def test_phone_numbers_are_masked(number: str) -> None:
    masked = mask(f"ring {number} i dag")
    assert masked == f"ring {PHONE_MASK} i dag"


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-01 12:00:00",
        "line 1234, in run",
        "20 000 kontakter",
        "1 000 000 rader",
        "sqlite3.OperationalError [SQLITE_FULL]",
        "uid 3f2a1b4c-aa12-4bb3-9c1d-0e2f3a4b5c6d",
    ],
)
def test_dates_counts_and_codes_stay_readable(text: str) -> None:
    assert mask(text) == text


def test_the_home_folder_is_shown_as_a_tilde() -> None:
    home = str(Path.home())
    assert mask(f'File "{home}/kontakt/app.py", line 3') == 'File "~/kontakt/app.py", line 3'


def _raise_with_personal_data() -> None:
    try:
        raise ValueError(f"inner {EMAIL}")
    except ValueError as exc:
        raise RuntimeError(f"{NAME} {PHONE}") from exc


# Named, not written in the raising lines: a traceback shows the source line.
NAME = "Kari Nordmann"
EMAIL = "kari@example.org"
PHONE = "912 34 567"


def test_failure_details_hold_frames_and_types_but_no_exception_text() -> None:
    with pytest.raises(RuntimeError) as caught:
        _raise_with_personal_data()
    details = failure_details(caught.value)
    assert "in _raise_with_personal_data" in details
    assert "builtins.ValueError" in details and "builtins.RuntimeError" in details
    assert "Som førte til" in details
    for secret in ("Kari", "Nordmann", EMAIL, PHONE):
        assert secret not in details


@POSIX
def test_setup_makes_an_owner_only_log_with_a_start_line() -> None:
    path = setup_logging("kontakt list")
    assert path == log_file() and path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text(encoding="utf-8")
    assert "INFO kontakt.log: start: kontakt list; Kontakt " in text


@POSIX
def test_a_file_made_with_looser_rights_is_made_owner_only() -> None:
    path = log_file()
    path.parent.mkdir(parents=True)
    path.write_text("old line\n", encoding="utf-8")
    path.chmod(0o644)
    setup_logging("vindu")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8").startswith("old line\n")


def test_log_messages_are_masked_and_exception_texts_left_out() -> None:
    path = setup_logging("vindu")
    assert path is not None
    logger = logging.getLogger("kontakt.test")
    logger.warning("mail to %s (%s) failed", EMAIL, PHONE)
    try:
        _raise_with_personal_data()
    except RuntimeError:
        logger.exception("sending failed")
    text = path.read_text(encoding="utf-8")
    assert f"WARNING kontakt.test: mail to {EMAIL_MASK} ({PHONE_MASK}) failed" in text
    assert "ERROR kontakt.test: sending failed\nTraceback (most recent call last):" in text
    assert "builtins.RuntimeError" in text
    for secret in ("Kari", EMAIL, PHONE, "34 567"):  # not "912": a process id may hold it
        assert secret not in text


@POSIX
def test_the_file_rolls_over_and_the_old_ones_stay_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "kontakt.log"
    handler = PrivateFileHandler(path)
    handler.maxBytes = 2_000
    logger = logging.getLogger("kontakt.test.rollover")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for i in range(200):
            logger.warning("line %d of the rollover test", i)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
        handler.close()
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == [
        "kontakt.log",
        "kontakt.log.1",
        "kontakt.log.2",
        "kontakt.log.3",
    ]
    for f in files:
        assert f.stat().st_size <= 2_000 + 200
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    assert "line 199 of" in path.read_text(encoding="utf-8")


def test_record_failure_writes_the_file_even_without_setup() -> None:
    # Tests and scripts call the command line's run() without __main__.
    with pytest.raises(RuntimeError) as caught:
        _raise_with_personal_data()
    path = record_failure(caught.value, "kontakt list")
    assert path == log_file()
    text = path.read_text(encoding="utf-8")
    assert "ERROR kontakt.failures: kontakt list\n" in text and "builtins.RuntimeError" in text


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_log_that_cannot_be_written_is_none_and_silent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = log_file().parent
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        assert record_failure(RuntimeError("x"), "kontakt list") is None
    finally:
        folder.chmod(0o700)
    assert capsys.readouterr().err == ""


def test_a_record_that_cannot_be_written_is_none_and_silent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging("kontakt import")

    def full(self: PrivateFileHandler, record: logging.LogRecord) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kontakt_log.RotatingFileHandler, "shouldRollover", full)
    assert record_failure(RuntimeError("x"), "kontakt import") is None
    assert capsys.readouterr().err == ""
