"""A failure nobody caught, in the window: the crash dialog, and a log without personal data.

pytest-qt and pytest put their own exception hooks in place around each test
phase; these tests turn pytest-qt's off (``qt_no_exception_capture``) and
install Kontakt's handler inside the test, so that it is Kontakt's hook that
PySide6 and the threads call.
"""

from __future__ import annotations

import logging
import stat
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, qCritical
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from kontakt.errors import KontaktError
from kontakt.log import log_file, setup_logging
from kontakt.ui import crash_handler
from kontakt.ui.crash_dialog import CrashDialog
from kontakt.ui.crash_handler import CrashHandler
from kontakt.ui.workers import Worker

pytestmark = pytest.mark.qt_no_exception_capture

# Kept out of the raising lines: a traceback shows its source line.
NAME = "Kari Nordmann"
EMAIL = "kari.nordmann@example.org"
PHONE = "+47 912 34 567"
EXPORT = "/tmp/Kari Nordmann/eksport.csv"
SECRETS = (NAME, "Nordmann", EMAIL, "example.org", PHONE, "912 34")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    setup_logging("vindu")  # as __main__ does before the window
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@contextmanager
def installed() -> Iterator[CrashHandler]:
    handler = crash_handler.install()
    try:
        yield handler
    finally:
        if handler.dialog is not None:
            handler.dialog.reject()
        crash_handler.uninstall()


def failing_slot() -> None:
    raise RuntimeError(f"Kunne ikke sende til {NAME} <{EMAIL}>, {PHONE}")


def open_dialog(qtbot: QtBot, handler: CrashHandler) -> CrashDialog:
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert handler.dialog is not None
    return handler.dialog


def crash_dialogs() -> list[CrashDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()
    ]


def test_an_exception_in_a_slot_shows_the_crash_dialog_and_is_logged_privately(
    qtbot: QtBot,
) -> None:
    button = QPushButton("Send")
    qtbot.addWidget(button)
    button.clicked.connect(failing_slot)
    QGuiApplication.clipboard().clear()
    with installed() as handler:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialog = open_dialog(qtbot, handler)

        # What happened, that nothing was lost, where the log is.
        assert dialog.windowTitle() == "Kontakt – noe gikk galt"
        assert dialog.what.text() == (
            "Det oppstod en uventet feil i Kontakt (RuntimeError), så det du holdt på med, "
            "ble ikke fullført. Det er en feil i programmet, ikke noe du gjorde galt."
        )
        assert dialog.lost.text().startswith("Ingenting du har lagret, er tapt")
        assert "et vindu som var åpent og ikke lagret" in dialog.lost.text()
        log = log_file()
        assert f">{log}</a>" in dialog.where.text()
        assert "ingen personopplysninger" in dialog.where.text()
        assert not any(
            secret in label.text() for label in (dialog.what, dialog.where) for secret in SECRETS
        )

        # «Kopier detaljer»: versions and the traceback, without the person.
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        copied = QGuiApplication.clipboard().text()
        assert copied.startswith("Kontakt ")
        assert "Qt 6." in copied and "Python" in copied and "Tidspunkt: " in copied
        assert "in failing_slot" in copied and "builtins.RuntimeError" in copied
        for secret in SECRETS:
            assert secret not in copied
        assert dialog.copied.text().startswith("Detaljene er kopiert")

        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: handler.dialog is None)
    assert sys.excepthook is not handler._excepthook  # put back

    # The log: owner-only, where the failure happened, nobody's name or number.
    assert stat.S_IMODE(log.stat().st_mode) == 0o600 or sys.platform == "win32"
    text = log.read_text(encoding="utf-8")
    assert "ERROR kontakt.failures: ikke fanget: failing_slot, linje" in text
    assert 'test_crash_handler.py", line' in text and "in failing_slot" in text
    assert "builtins.RuntimeError" in text
    for secret in SECRETS:
        assert secret not in text


def test_a_second_failure_while_the_dialog_is_open_is_logged_not_shown(qtbot: QtBot) -> None:
    button = QPushButton("Send")
    qtbot.addWidget(button)
    button.clicked.connect(failing_slot)
    with installed() as handler:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        first = open_dialog(qtbot, handler)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: (
                "another failure while the crash dialog was open"
                in log_file().read_text(encoding="utf-8")
            )
        )
        assert handler.dialog is first
        assert crash_dialogs() == [first]
    text = log_file().read_text(encoding="utf-8")
    assert text.count("ERROR kontakt.failures: ikke fanget: failing_slot") == 2


def test_a_kontakt_error_in_a_slot_is_a_plain_message(qtbot: QtBot) -> None:
    def refuse() -> None:
        raise KontaktError("Fila finnes ikke.\nVelg en annen fil.")

    button = QPushButton("Åpne")
    qtbot.addWidget(button)
    button.clicked.connect(refuse)
    with installed() as handler:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: handler.box is not None and handler.box.isVisible())
        assert handler.box is not None
        assert handler.box.text() == "Fila finnes ikke.\nVelg en annen fil."
        assert handler.box.icon() == QMessageBox.Icon.Critical
        assert handler.dialog is None and crash_dialogs() == []
        handler.box.reject()
    text = log_file().read_text(encoding="utf-8")
    assert "INFO kontakt.ui.crash_handler: KontaktError reached the event loop (refuse" in text
    assert "kontakt.failures" not in text and "Fila" not in text


def test_a_full_disk_in_a_slot_is_its_norwegian_sentence_and_logged(qtbot: QtBot) -> None:
    def write() -> None:
        raise OSError(28, "No space left on device", EXPORT)

    button = QPushButton("Eksporter")
    qtbot.addWidget(button)
    button.clicked.connect(write)
    with installed() as handler:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: handler.box is not None and handler.box.isVisible())
        assert handler.box is not None
        assert handler.box.text().startswith("Disken er full")
        assert handler.dialog is None
        handler.box.reject()
    text = log_file().read_text(encoding="utf-8")
    assert "builtins.OSError [ENOSPC]" in text and "eksport.csv" not in text


def test_a_bug_in_a_background_job_shows_the_crash_dialog(qtbot: QtBot) -> None:
    errors: list[object] = []

    def job(n: int) -> None:
        raise KeyError(f"{EMAIL} {n}")

    with installed() as handler:
        worker = Worker(job, 3)
        worker.signals.error.connect(errors.append)
        with qtbot.waitSignal(worker.signals.finished, timeout=10_000):
            worker.start()
        dialog = open_dialog(qtbot, handler)
        assert "(KeyError)" in dialog.what.text()
        assert "in job" in dialog.details and EMAIL not in dialog.details
    assert len(errors) == 1 and isinstance(errors[0], KeyError)  # the page hears of it too
    text = log_file().read_text(encoding="utf-8")
    assert "ERROR kontakt.failures: ikke fanget: bakgrunnsjobb " in text
    assert "job" in text and EMAIL not in text


def test_an_expected_failure_in_a_background_job_is_left_to_the_page(qtbot: QtBot) -> None:
    def job() -> None:
        raise KontaktError("Fila er tom.")

    with installed() as handler:
        worker = Worker(job)
        with qtbot.waitSignal(worker.signals.error, timeout=10_000) as error:
            worker.start()
        qtbot.wait(50)
        assert handler.dialog is None and handler.box is None
    assert isinstance(error.args[0], KontaktError)


def test_a_bug_in_a_python_thread_shows_the_crash_dialog(qtbot: QtBot) -> None:
    def work() -> None:
        raise ValueError(PHONE)

    with installed() as handler:
        thread = threading.Thread(target=work, name="sender")
        thread.start()
        thread.join()
        dialog = open_dialog(qtbot, handler)
        assert "(ValueError)" in dialog.what.text()
    text = log_file().read_text(encoding="utf-8")
    assert "ikke fanget: tråd sender, work, linje" in text and PHONE not in text


def test_qt_critical_messages_are_logged(qtbot: QtBot) -> None:
    with installed():
        qCritical(f"could not open the file of {EMAIL}")
    text = log_file().read_text(encoding="utf-8")
    assert "ERROR kontakt.ui.crash_handler: Qt: could not open the file of [e-post]" in text


def test_a_failure_before_the_event_loop_shows_the_dialog_until_closed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kontakt import __main__ as entry
    from kontakt.ui import launch

    def broken_start(db_arg: str | None) -> int:
        raise AttributeError(EMAIL)

    monkeypatch.setattr(launch, "launch", broken_start)
    seen: list[str] = []

    def close_it() -> None:
        dialogs = crash_dialogs()
        if not dialogs:
            QTimer.singleShot(20, close_it)
            return
        seen.append(dialogs[0].what.text())
        dialogs[0].close_button.click()

    QTimer.singleShot(20, close_it)
    assert entry.open_window(None) == 1
    assert seen and "(AttributeError)" in seen[0]
    assert crash_handler._installed is None and crash_dialogs() == []
    assert "ikke fanget: oppstart" in log_file().read_text(encoding="utf-8")


def test_the_log_folder_button_opens_the_folder(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kontakt.ui import crash_dialog

    opened: list[str] = []
    monkeypatch.setattr(
        crash_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    dialog = CrashDialog(RuntimeError(), None, Path("/x/logg/kontakt.log"), "detaljer")
    qtbot.addWidget(dialog)
    assert "kunne ikke skrives til loggfila /x/logg/kontakt.log" in dialog.where.text()
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert opened == ["/x/logg"]
