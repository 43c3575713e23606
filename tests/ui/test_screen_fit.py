"""Every window fits a small laptop screen: 1280 x 720 (a 1920 x 1080 laptop at 150 %).

The windows open in a separate process whose offscreen screen has that size
(the tests' own screen is 800 x 800), with the sample data loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kontakt.ui.screen_fit import MARGIN_HEIGHT, MARGIN_WIDTH, fit_to_screen

OPEN_EVERY_WINDOW = r"""
import json, sys, tempfile
from pathlib import Path
from kontakt.ui.launch import make_application
app = make_application()
from kontakt.app import open_core
from kontakt.paths import resolve_database
from kontakt.ui.dialogs.backups_dialog import BackupsDialog
from kontakt.ui.dialogs.composer import ComposerDialog
from kontakt.ui.dialogs.contact_editor import ContactEditor
from kontakt.ui.dialogs.database_dialog import DatabaseDialog
from kontakt.ui.dialogs.document_dialog import DocumentDialog
from kontakt.ui.dialogs.event_form import EventFormDialog
from kontakt.ui.dialogs.events_dialog import EventsDialog
from kontakt.ui.dialogs.export_dialog import ExportDialog
from kontakt.ui.dialogs.ideabank_dialog import IdeaBankDialog
from kontakt.ui.dialogs.inbox_dialog import InboxDialog
from kontakt.ui.dialogs.mail_settings import MailSettingsDialog
from kontakt.ui.dialogs.mailings_dialog import MailingsDialog
from kontakt.ui.dialogs.privacy_notice import PrivacyNoticeDialog
from kontakt.ui.dialogs.review_dialog import ReviewDialog
from kontakt.ui.import_wizard import ImportWizard
from kontakt.ui.main_window import MainWindow
from kontakt.ui.overview import OverviewDialog
from kontakt.ui.window_dialogs import composer_services, document_services, erasure_of

core = open_core(resolve_database(str(Path(tempfile.mkdtemp()) / "k.db")))
core.demo.add_data()
main = MainWindow(core)
main.show()
scope = main.scope_args()
c = core
windows = {
    "MainWindow": lambda: main,
    "ContactEditor": lambda: ContactEditor(core.geography, [], lambda d: None, None, main),
    "ImportWizard": lambda: ImportWizard(c.imports, c.catalog, c.geography, lambda _r: None, main),
    "ExportDialog": lambda: ExportDialog(c.exports, c.catalog, *scope, main),
    "ComposerDialog": lambda: ComposerDialog(composer_services(c), *scope, main),
    "MailingsDialog": lambda: MailingsDialog(
        c.mailings, c.outbox, c.inbox, c.mailing_reports, main
    ),
    "MailSettingsDialog": lambda: MailSettingsDialog(c.outbox, c.inbox, main),
    "InboxDialog": lambda: InboxDialog(c.inbox, None, main),
    "EventsDialog": lambda: EventsDialog(c.events, composer_services(c), main),
    "EventFormDialog": lambda: EventFormDialog(core.events, None, main),
    "IdeaBankDialog": lambda: IdeaBankDialog(document_services(c), scope, main),
    "DocumentDialog": lambda: DocumentDialog(document_services(c), None, None, main),
    "OverviewDialog": lambda: OverviewDialog(c.overview, c.year_summary, c.geography, main),
    "ReviewDialog": lambda: ReviewDialog(
        c.contacts, c.retention, c.settings, erasure_of(c), main
    ),
    "BackupsDialog": lambda: BackupsDialog(core.backups, core.settings, main),
    "PrivacyNoticeDialog": lambda: PrivacyNoticeDialog(main),
    "DatabaseDialog": lambda: DatabaseDialog(core.location, main),
}
room = app.primaryScreen().availableGeometry()
sizes = {}
for name, make in windows.items():
    window = make()
    window.show()
    app.processEvents()
    sizes[name] = [window.width(), window.height()]
    if window is not main:
        window.close()
print(json.dumps({"room": [room.width(), room.height()], "sizes": sizes}))
core.close()
"""


def test_every_window_fits_a_1280_by_720_screen(tmp_path: Path) -> None:
    config = tmp_path / "screen.json"
    screen = {"name": "Laptop", "x": 0, "y": 0, "width": 1280, "height": 720}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", HOME=str(tmp_path))
    env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", OPEN_EVERY_WINDOW],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["room"] == [1280, 720]
    too_big = {
        name: size
        for name, size in report["sizes"].items()
        if size[0] > 1280 - MARGIN_WIDTH or size[1] > 720 - MARGIN_HEIGHT
    }
    assert too_big == {}
    assert len(report["sizes"]) == 17


def test_a_window_keeps_the_size_it_asks_for_where_there_is_room(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    room = widget.screen().availableGeometry()
    fit_to_screen(widget, 300, 200)
    assert (widget.width(), widget.height()) == (300, 200)
    fit_to_screen(widget, room.width() + 500, room.height() + 500)
    assert (widget.width(), widget.height()) == (
        room.width() - MARGIN_WIDTH,
        room.height() - MARGIN_HEIGHT,
    )
