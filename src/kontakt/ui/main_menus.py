"""The main window's menus, toolbar and keyboard shortcuts.

The actions on contacts live in :class:`~kontakt.ui.contact_actions.ContactActions`,
the other windows are opened by :class:`~kontakt.ui.window_dialogs.WindowDialogs`;
this module only arranges them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

if TYPE_CHECKING:
    from kontakt.ui.main_window import MainWindow


@dataclass(frozen=True)
class WindowActions:
    """The actions that are in both a menu and the toolbar."""

    import_action: QAction
    export_action: QAction
    compose_action: QAction
    overview_action: QAction


def _action(window: MainWindow, text: str, shortcut: str, tip: str) -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip)
    window.addAction(action)  # the shortcut works with the menu bar hidden too
    return action


def build_menus(window: MainWindow) -> WindowActions:
    """Fill the window's menu bar and toolbar, and bind Ctrl+F and Enter."""
    a = window.contact_actions
    d = window.dialogs
    find = QAction("Søk", window)
    find.setShortcut(QKeySequence.StandardKey.Find)
    find.triggered.connect(window.focus_search)
    window.addAction(find)
    edit_key = QAction("Rediger", window)
    edit_key.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
    edit_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    edit_key.triggered.connect(a.edit_selected)
    window.table.addAction(edit_key)

    actions = WindowActions(
        import_action=_action(
            window,
            "Importer fra Excel …",
            "Ctrl+I",
            "Regneark (.xlsx, .xls, .ods), CSV og kontaktkort (.vcf)",
        ),
        export_action=_action(
            window, "Eksporter …", "Ctrl+E", "Skriv kontaktene til vCard, Excel, CSV eller PDF"
        ),
        compose_action=_action(
            window, "Skriv e-post …", "Ctrl+M", "En personlig e-post til hver i utvalget"
        ),
        overview_action=_action(
            window, "Oversikt …", "", "Fylker og tema: hvor nettverket har folk, og årsoversikten"
        ),
    )
    actions.import_action.triggered.connect(d.open_import)
    actions.export_action.triggered.connect(d.open_export)
    actions.compose_action.triggered.connect(d.open_composer)
    actions.overview_action.setIconText("Oversikt")
    actions.overview_action.triggered.connect(d.open_overview)

    file_menu = window.menuBar().addMenu("&Fil")
    file_menu.addAction(a.new)
    file_menu.addAction(actions.import_action)
    file_menu.addAction(actions.export_action)
    file_menu.addSeparator()
    file_menu.addAction("Database …", d.open_database)
    file_menu.addSeparator()
    file_menu.addAction("Sikkerhetskopier …", d.open_backups)
    file_menu.addAction(window.review_reminder.action)
    file_menu.addSeparator()
    file_menu.addAction("Last inn eksempeldata", d.load_demo)
    file_menu.addSeparator()
    quit_action = file_menu.addAction("Avslutt")
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.close)

    edit_menu = window.menuBar().addMenu("&Rediger")
    edit_menu.addAction(a.undo)
    edit_menu.addSeparator()
    for action in (a.edit, a.merge, a.trash, a.restore, a.empty_trash, find):
        edit_menu.addAction(action)
    edit_menu.addAction("Finn duplikater …", d.open_duplicates)
    edit_menu.addAction("Marker valgte …", d.open_mark_elected)
    edit_menu.addSeparator()
    edit_menu.addAction(window.privacy_actions.export)
    edit_menu.addAction(window.privacy_actions.erase)
    window.menuBar().addMenu(a.bulk_menu(window))

    view_menu = window.menuBar().addMenu("&Vis")
    view_menu.addAction(actions.overview_action)
    view_menu.addAction("Idébank …", d.open_ideabank)
    view_menu.addAction("Medlemsundersøkelsen …", d.open_survey)
    view_menu.addAction(window.followup_actions.open_action)

    mail_menu = window.menuBar().addMenu("&E-post")
    mail_menu.addAction(actions.compose_action)
    mail_menu.addAction("Nytt &nyhetsbrev …", d.open_newsletter)
    mail_menu.addAction("Utsendinger …", d.open_mailings)
    mail_menu.addAction("Hent &svar …", d.open_inbox)
    mail_menu.addAction("Oppdater nyhets&arkivet …", d.refresh_archive)
    mail_menu.addAction("Arrangementer …", d.open_events)
    mail_menu.addAction("Kandidatpakke …", d.open_candidate_pack)
    mail_menu.addSeparator()
    mail_menu.addAction("Innstillinger for e-post …", d.open_mail_settings)

    help_menu = window.menuBar().addMenu("&Hjelp")
    help_menu.addAction("Personvernerklæring …", d.show_privacy_notice)
    help_menu.addSeparator()
    help_menu.addAction("Om Kontakt", d.show_about)

    toolbar = QToolBar("Verktøy")
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for action in (a.new, a.edit, a.trash, a.restore, a.empty_trash, a.undo):
        toolbar.addAction(action)
    toolbar.addSeparator()
    for action in (a.add_topic, a.add_to_list):
        toolbar.addAction(action)
    toolbar.addSeparator()
    for action in (
        actions.import_action,
        actions.export_action,
        actions.compose_action,
        actions.overview_action,
    ):
        toolbar.addAction(action)
    window.addToolBar(toolbar)
    a.set_trash_mode(False)
    return actions
