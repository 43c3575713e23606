"""«Fil → Database …»: the secretary opens another database without the command line."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter
from kontakt.paths import DatabaseLocation
from kontakt.services.database_choice import (
    ServerDetails,
    choice_path,
    remember,
    remembered,
    window_database,
)
from kontakt.ui.dialogs.database_dialog import DatabaseDialog
from kontakt.ui.launch import open_at_start
from kontakt.ui.window_session import WindowSession


@pytest.fixture
def session(qtbot: QtBot, sqlite_core: Core) -> Iterator[WindowSession]:
    sqlite_core.demo.add_contacts()
    s = WindowSession(sqlite_core, background_checks=False)
    yield s
    for window in (s.window,):
        window.close()
    if s.core is not sqlite_core:
        s.core.close()


def dialog_on(session: WindowSession) -> DatabaseDialog:
    """The dialog as «Fil → Database …» opens it, but not modal (the test drives it)."""
    dialog = DatabaseDialog(session.core.location, session.window)
    dialog.opened.connect(session.window.database_opened.emit)
    dialog.show()
    return dialog


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_a_new_file_chosen_in_the_menu_opens_now_and_at_the_next_start(
    qtbot: QtBot, session: WindowSession, tmp_path: Path
) -> None:
    first_window, first_core = session.window, session.core
    assert first_window.count_label.text() == "300 av 300 kontakter"
    target = tmp_path / "styret" / "kontakt.db"
    (action,) = [a for a in first_window.menuBar().actions()[0].menu().actions()
                 if a.text() == "Database …"]  # fmt: skip

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DatabaseDialog):
            QTimer.singleShot(10, fill_in)
            return
        assert dialog.file_choice.isChecked()
        assert dialog.path_edit.text() == str(first_core.location.path)
        dialog.path_edit.setText(str(target))
        click(qtbot, dialog.open_button)

    QTimer.singleShot(0, fill_in)
    action.trigger()  # returns when the dialog has closed
    qtbot.waitUntil(lambda: session.core.location.path == target)

    assert session.window is not first_window and not first_window.isVisible()
    assert session.window.isVisible()
    assert str(target) in session.window.windowTitle()
    assert session.window.count_label.text() == "0 av 0 kontakter"
    assert session.window.stack.currentWidget() is session.window.empty_state
    assert target.is_file()
    chosen = remembered()
    assert chosen is not None and chosen.path == target
    assert window_database(None, {}).path == target  # the next start without --db
    # The first database was let go of, untouched.
    assert first_core.location.path is not None and first_core.location.path.is_file()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_server_that_does_not_answer_leaves_the_database_in_use(
    qtbot: QtBot, session: WindowSession
) -> None:
    window, core = session.window, session.core
    dialog = dialog_on(session)
    dialog.server_choice.setChecked(True)
    assert not dialog.path_edit.isEnabled() and dialog.host_edit.isEnabled()
    click(qtbot, dialog.open_button)
    assert "«Server» må fylles ut" in dialog.message.text()
    dialog.host_edit.setText("127.0.0.1")
    dialog.port_spin.setValue(_closed_port())
    dialog.database_edit.setText("kontakt")
    dialog.user_edit.setText("kari")
    dialog.password_edit.setText("hemmelig")
    click(qtbot, dialog.open_button)
    qtbot.waitUntil(lambda: "Kan ikke åpne databasen" in dialog.message.text(), timeout=20000)
    qtbot.waitUntil(lambda: dialog.open_button.isEnabled())
    assert "hemmelig" not in dialog.message.text()
    assert dialog.isVisible() and session.window is window and session.core is core
    assert core.search.count(ContactFilter()) == 300
    assert not choice_path().exists()
    dialog.reject()
    assert not dialog.isVisible()


@pytest.mark.postgres
def test_the_boards_server_is_tried_then_opened_and_its_password_kept_in_the_keyring(
    qtbot: QtBot, session: WindowSession, pg_location: DatabaseLocation
) -> None:
    details = ServerDetails.from_url(pg_location.url)
    dialog = dialog_on(session)
    dialog.server_choice.setChecked(True)
    dialog.host_edit.setText(details.host)
    dialog.port_spin.setValue(details.port)
    dialog.database_edit.setText(details.database)
    dialog.user_edit.setText(details.user)
    dialog.password_edit.setText(details.password or "brukes-ikke-av-testserveren")
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: "Tilkoblingen virker" in dialog.message.text(), timeout=20000)
    assert "Databasen er tom" in dialog.message.text()
    qtbot.waitUntil(lambda: dialog.open_button.isEnabled())
    click(qtbot, dialog.open_button)
    qtbot.waitUntil(lambda: session.core.location.path is None, timeout=30000)

    assert f"«{details.database}» på {details.host}" in session.window.windowTitle()
    assert session.window.count_label.text() == "0 av 0 kontakter"
    session.core.contacts.create(ContactDraft(given_name="Kari", family_name="Nordmann"))
    session.window.reload()
    assert session.window.count_label.text() == "1 av 1 kontakter"
    stored = choice_path().read_text(encoding="utf-8")
    assert "brukes-ikke-av-testserveren" not in stored and details.database in stored
    again = remembered()
    assert again is not None
    assert ServerDetails.from_url(again.url).password == (
        details.password or "brukes-ikke-av-testserveren"
    )


def respond_when_shown(kind: type, act: Callable[[QWidget], None]) -> None:
    """When a modal window of ``kind`` is up, do ``act`` to it (as the user would)."""

    def respond() -> None:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, kind):
            try:
                act(shown)
            except BaseException:
                shown.close()  # never leave the test waiting on a modal window
                raise
        else:
            QTimer.singleShot(10, respond)

    QTimer.singleShot(0, respond)


def unreachable_server_remembered() -> DatabaseLocation:
    url = ServerDetails(host="127.0.0.1", database="kontakt", user="kari",
                        password="hemmelig", port=_closed_port()).url()  # fmt: skip
    remember(DatabaseLocation(url=url, path=None))
    location = window_database(None, {})
    assert location.path is None
    return location


def test_when_the_boards_server_is_down_at_start_another_database_can_be_chosen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    location = unreachable_server_remembered()
    local = tmp_path / "lokal.db"
    said: list[str] = []

    def choose_another(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        (button,) = [b for b in box.buttons() if b.text() == "Velg en annen database …"]
        respond_when_shown(DatabaseDialog, pick_local_file)
        click(qtbot, button)

    def pick_local_file(dialog: QWidget) -> None:
        assert isinstance(dialog, DatabaseDialog)
        assert dialog.server_choice.isChecked() and dialog.password_edit.text() == "hemmelig"
        dialog.file_choice.setChecked(True)
        dialog.path_edit.setText(str(local))
        click(qtbot, dialog.open_button)

    respond_when_shown(QMessageBox, choose_another)
    core = open_at_start(location)
    assert core is not None
    try:
        assert "Kan ikke åpne databasen" in said[0] and "hemmelig" not in said[0]
        assert core.location.path == local and local.is_file()
        assert window_database(None, {}).path == local  # and so at the next start
    finally:
        core.close()


def test_when_the_server_is_down_at_start_the_user_may_give_up(qtbot: QtBot) -> None:
    location = unreachable_server_remembered()

    def give_up(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        (button,) = [b for b in box.buttons() if b.text() == "Avslutt"]
        click(qtbot, button)

    respond_when_shown(QMessageBox, give_up)
    assert open_at_start(location) is None
    assert window_database(None, {}).path is None  # still the server, for when it is back
