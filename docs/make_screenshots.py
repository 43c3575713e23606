"""Take the README's screenshots: main window with sample data, the editor, the empty state,
the overview grid.

Run on a (virtual) screen: ``xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python
docs/make_screenshots.py``. Writes docs/screenshots/*.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from kontakt.app import open_core
from kontakt.paths import resolve_database
from kontakt.ui.dialogs.contact_editor import ContactEditor
from kontakt.ui.launch import make_application
from kontakt.ui.main_window import MainWindow
from kontakt.ui.overview import OverviewDialog

OUT = Path(__file__).parent / "screenshots"


def settle(app: QApplication, ms: int = 400) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


def main() -> int:
    app = make_application()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    OUT.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp())

    empty = open_core(resolve_database(str(folder / "tom.db")))
    window = MainWindow(empty)
    window.resize(1280, 760)
    window.show()
    settle(app)
    window.grab().save(str(OUT / "empty-state.png"))
    window.close()
    empty.close()

    core = open_core(resolve_database(str(folder / "kontakt.db")))
    core.demo.add_data()
    window = MainWindow(core)
    window.resize(1280, 760)
    window.show()
    vestland = window.sidebar.entry("county", "46")
    assert vestland is not None
    window.sidebar.setCurrentItem(vestland)
    window.table.selectRow(2)
    settle(app)
    window.grab().save(str(OUT / "main-window.png"))

    row = window.model.row_at(2)
    editor = ContactEditor(
        core.geography, [t.name for t in core.catalog.topics()], lambda d: None, row, window
    )
    editor.show()
    settle(app)
    editor.grab().save(str(OUT / "editor.png"))
    editor.tabs.setCurrentIndex(1)
    settle(app)
    editor.grab().save(str(OUT / "editor-roles.png"))
    editor.close()

    from kontakt.ui.dialogs.composer import ComposerDialog
    from kontakt.ui.dialogs.export_dialog import ExportDialog
    from kontakt.ui.window_dialogs import composer_services

    scope = ([], window.current_filter(), "Vestland")
    export = ExportDialog(core.exports, core.catalog, *scope, window)
    export.show()
    settle(app)
    export.grab().save(str(OUT / "export.png"))
    export.close()
    composer = ComposerDialog(composer_services(core), *scope, window)
    composer.subject.setText("Hei {fornavn}: nytt om tannhelsereformen")
    composer.body.setPlainText(
        "Hei {fornavn}!\n\nVi samler erfaringer fra {fylke} om tannhelsereformen. Har du "
        "fremmet en interpellasjon om saken i {kommune}? Svar gjerne på denne e-posten.\n\n"
        "Hilsen SVs helsepolitiske nettverk"
    )
    composer.show()
    settle(app)
    composer.grab().save(str(OUT / "composer.png"))
    composer.close()

    window.dialogs.open_overview()
    overview = window.findChild(OverviewDialog)
    assert overview is not None
    settle(app)
    overview.grab().save(str(OUT / "overview.png"))
    overview.close()
    window.close()
    core.close()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
