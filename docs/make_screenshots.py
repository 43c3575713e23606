"""Take the README's screenshots: main window with sample data, the editor, the empty state,
the export and e-mail dialogs, the import wizard's preview of a messy survey, the overview grid,
the member survey view.

Run on a (virtual) screen: ``xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python
docs/make_screenshots.py``. Writes docs/screenshots/*.png.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWizard

from kontakt.app import Core, open_core
from kontakt.paths import resolve_database
from kontakt.ui.dialogs.contact_editor import ContactEditor
from kontakt.ui.launch import make_application
from kontakt.ui.main_window import MainWindow
from kontakt.ui.overview import OverviewDialog

OUT = Path(__file__).parent / "screenshots"


def settle(app: QApplication, ms: int = 400) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


def wait_for(app: QApplication, done: Callable[[], bool], seconds: float = 60) -> None:
    """Process events until ``done()`` (the wizard reads and plans on a worker)."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("a window did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def import_preview(app: QApplication, core: Core, folder: Path) -> None:
    """The wizard's preview of a messy survey export: æøå typed as ASCII, a person
    who answered twice, topics Kontakt lacks, a number that is not a phone."""
    from kontakt.ui.import_wizard import ImportWizard

    survey = folder / "medlemsundersokelse.csv"
    survey.write_text(
        "Navn;E-post;Mobil;Hvilken kommune bor du i?;Hvilke temaer er du opptatt av?\n"
        "Kari Nordmann;kari.nordmann@example.org;912 34 567;Tromso;tannhelse, psykisk\n"
        "Ola Hansen;ola.hansen@example.org;41234567;Bergen;Sykehus\n"
        "Kari Nordmann;kari.nordmann@example.org;;Tromsø;Fastlege\n"
        "Siri Berg;siri.berg@example.org;123;Baerum;Rus\n"
        "Per Olsen;per.olsen@example.org;98765432;Aalesund;Klima\n",
        encoding="utf-8",
    )
    wizard = ImportWizard(core.imports, core.catalog, core.geography, core.backups.take)
    wizard.resize(1100, 720)
    wizard.show()
    wizard.file_page.path_edit.setText(str(survey))
    for page in (ImportWizard.SHEET, ImportWizard.COLUMNS, ImportWizard.PREVIEW):
        wait_for(app, lambda: wizard.button(QWizard.WizardButton.NextButton).isEnabled())
        wizard.next()
        wait_for(app, lambda page=page: wizard.currentId() == page and not wizard.busy())
    # Let it paint (an event loop of our own: the wizard is a dialog of its own).
    painted = time.monotonic() + 0.5
    wait_for(app, lambda: time.monotonic() > painted)
    wizard.grab().save(str(OUT / "import-preview.png"))
    wizard.close()


def clean_list(app: QApplication, core: Core, window: MainWindow) -> None:
    """«Finn duplikater» and the side-by-side merge, on two records of one person."""
    from kontakt.domain.records import ContactDraft, EmailData, PhoneData
    from kontakt.ui.dialogs.duplicates_dialog import DuplicatesDialog
    from kontakt.ui.dialogs.merge_dialog import MergeDialog

    first = core.contacts.create(
        ContactDraft(
            "Ingrid", "Solberg", municipality="Tromsø", organisation="Fagforbundet Troms",
            emails=(EmailData("ingrid.solberg@example.org"),), phones=(PhoneData("41234567"),),
            topics=("Psykisk helse",),
        )
    )  # fmt: skip
    second = core.contacts.create(
        ContactDraft(
            "Ingrid", "Solberg", municipality="Tromsø", title="Hovedtillitsvalgt",
            phones=(PhoneData("+47 412 34 567"),), topics=("Rus",),
        )
    )  # fmt: skip
    dialog = DuplicatesDialog(core.duplicates, lambda a, b: False, window)
    dialog.show()
    wait_for(app, lambda: dialog.progress.isHidden())
    settle(app)
    dialog.grab().save(str(OUT / "duplicates.png"))
    dialog.close()
    merge = MergeDialog(window, core.merging, first.uid, second.uid)
    merge.show()
    settle(app)
    merge.grab().save(str(OUT / "merge.png"))
    merge.close()


def survey_view(app: QApplication, window: MainWindow) -> None:
    """«Medlemsundersøkelsen»: «Vil du bidra?» counted per county, then 2025 beside 2024;
    the table behind shows those in Vestland who said yes."""
    from kontakt.services.demo_survey import CONTRIBUTE
    from kontakt.ui.survey import SurveyDialog

    window.dialogs.open_survey()
    dialog = window.findChild(SurveyDialog)
    assert dialog is not None
    dialog.resize(980, 640)
    wait_for(app, lambda: not dialog.busy())  # the view counts on a worker
    texts = [dialog.questions.item(i).toolTip() for i in range(dialog.questions.count())]
    dialog.questions.setCurrentRow(texts.index(CONTRIBUTE))
    dialog.mode_box.setCurrentIndex(1)  # per fylke
    wait_for(app, lambda: not dialog.busy())
    tree = dialog.tree
    for i in range(tree.topLevelItemCount()):
        heading = tree.topLevelItem(i)
        if heading is not None and heading.text(0) == "Vestland" and heading.childCount():
            tree.setCurrentItem(heading.child(0), 1)
            tree.scrollToItem(heading.child(0))
            dialog.show_button.click()
    settle(app)
    dialog.grab().save(str(OUT / "survey.png"))
    dialog.compare_box.setCurrentIndex(dialog.compare_box.findData("Medlemsundersøkelsen 2024"))
    wait_for(app, lambda: not dialog.busy())
    settle(app)
    dialog.grab().save(str(OUT / "survey-compare.png"))
    dialog.close()


def recruit(app: QApplication, core: Core, overview: OverviewDialog) -> None:
    """«Hvem kan fylle hullet?» for the first empty cell that offers people, two ticked."""
    from PySide6.QtCore import Qt

    model = overview.model
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            cell = model.cell_at(index)
            if (
                cell
                and cell.count == 0
                and core.recruitment.prospects(cell.county_number, cell.topic)
            ):
                dialog = overview.open_fill(index)
                assert dialog is not None
                for item in getattr(dialog, "items")()[:2]:
                    item.setCheckState(0, Qt.CheckState.Checked)
                settle(app)
                dialog.grab().save(str(OUT / "recruit.png"))
                dialog.close()
                return


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

    import_preview(app, core, folder)

    window.dialogs.open_overview()
    overview = window.findChild(OverviewDialog)
    assert overview is not None
    settle(app)
    overview.grab().save(str(OUT / "overview.png"))
    recruit(app, core, overview)
    overview.close()

    survey_view(app, window)
    clean_list(app, core, window)
    window.close()
    core.close()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
