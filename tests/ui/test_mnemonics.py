"""No two fields or buttons of one window share an Alt+letter (the second is unreachable)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.records import ContactFilter
from kontakt.ui.dialogs.composer import ComposerDialog
from kontakt.ui.dialogs.contact_editor import ContactEditor
from kontakt.ui.dialogs.database_dialog import DatabaseDialog
from kontakt.ui.dialogs.event_form import EventFormDialog
from kontakt.ui.dialogs.events_dialog import EventsDialog
from kontakt.ui.dialogs.export_dialog import ExportDialog
from kontakt.ui.dialogs.inbox_dialog import InboxDialog
from kontakt.ui.dialogs.mail_settings import MailSettingsDialog
from kontakt.ui.dialogs.newsletter_dialog import NewsletterDialog, NewsletterServices
from kontakt.ui.main_window import MainWindow
from kontakt.ui.window_dialogs import composer_services

_MNEMONIC = re.compile(r"&([^&\s])")


def _letter(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def mnemonics(window: QWidget) -> Counter[str]:
    """Alt+letters of the visible labels with a buddy, buttons, group boxes and tabs of a
    window (a field on another tab may share a letter: only the shown one answers)."""

    def shown(w: QWidget) -> bool:
        return w.isVisibleTo(window)

    texts = [w.text() for w in window.findChildren(QLabel) if w.buddy() and shown(w)]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if shown(b)]
    texts += [g.title() for g in window.findChildren(QGroupBox) if shown(g)]
    for tabs in window.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    return Counter(letter for letter in map(_letter, texts) if letter)


def assert_unique(window: QWidget) -> None:
    twice = {letter: n for letter, n in mnemonics(window).items() if n > 1}
    assert not twice, f"{window.windowTitle() or type(window).__name__}: Alt+{twice}"


@pytest.mark.parametrize(
    "make",
    [
        lambda core: EventFormDialog(core.events),
        lambda core: MailSettingsDialog(core.outbox, core.inbox),
        lambda core: ContactEditor(core.geography, ["Rus"], lambda d: None),
        lambda core: ExportDialog(core.exports, core.catalog, [], ContactFilter(), "alle"),
        lambda core: ComposerDialog(composer_services(core), [], ContactFilter(), "alle"),
        lambda core: NewsletterDialog(
            composer_services(core),
            NewsletterServices(core.newsletters, core.newsletter_sections),
            [],
            ContactFilter(),
            "alle",
        ),
        lambda core: DatabaseDialog(core.location),
        lambda core: InboxDialog(core.inbox),
        lambda core: EventsDialog(core.events, composer_services(core), None, core.event_mail),
    ],
    ids=[
        "event form",
        "mail settings",
        "contact editor",
        "export",
        "composer",
        "newsletter",
        "database",
        "inbox",
        "events",
    ],
)
def test_each_dialog_has_unique_alt_letters(qtbot: QtBot, sqlite_core: Core, make) -> None:  # type: ignore[no-untyped-def]
    dialog = make(sqlite_core)
    qtbot.addWidget(dialog)
    dialog.show()
    assert mnemonics(dialog), "no Alt+letters found at all: the check would prove nothing"
    assert_unique(dialog)


def test_the_menu_bar_has_unique_alt_letters(qtbot: QtBot, sqlite_core: Core) -> None:
    window = MainWindow(sqlite_core)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions() if a.text()]
    letters = Counter(map(_letter, titles))
    assert None not in letters, titles
    assert all(n == 1 for n in letters.values()), titles
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        entries = [a.text() for a in menu.actions() if a.text()] if menu else []
        twice = {k: n for k, n in Counter(filter(None, map(_letter, entries))).items() if n > 1}
        assert not twice, (menu_action.text(), twice)
