"""Qt's own words in Norwegian bokmål: standard buttons, context menus, file dialogs.

Kontakt's texts are written in bokmål, but Qt writes some itself: «Yes»/«No»
in message boxes, «Cut»/«Copy»/«Paste» when a field is right-clicked, the
file dialog's labels. Qt ships a complete Norwegian catalogue only in
nynorsk (``qtbase_nn.qm``; there is no ``qtbase_nb``), so that one is loaded
first and the words a user meets often, where nynorsk differs from bokmål,
are given in bokmål on top of it. Dates and numbers follow Norwegian
conventions (QLocale bokmål, Norway) whatever the computer's own language.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

_INSTALLED = "kontaktTranslations"

# (Qt's context, Qt's English text) -> bokmål, where qtbase_nn's nynorsk differs.
BOKMAL: dict[tuple[str, str], str] = {
    ("QPlatformTheme", "Save"): "Lagre",
    ("QPlatformTheme", "Save All"): "Lagre alle",
    ("QPlatformTheme", "Open"): "Åpne",
    ("QPlatformTheme", "Yes to &All"): "Ja til &alle",
    ("QPlatformTheme", "N&o to All"): "Nei til a&lle",
    ("QPlatformTheme", "Restore Defaults"): "Gjenopprett standard",
    ("QFileDialog", "Look in:"): "Se i:",
    ("QFileDialog", "&Look in:"): "&Se i:",
    ("QFileDialog", "Files of &type:"): "Fil&typer:",
    ("QFileSystemModel", "Name"): "Navn",
    ("QFileSystemModel", "Size"): "Størrelse",
    ("QFileSystemModel", "Date Modified"): "Sist endret",
    ("QFileDialog", "File &name:"): "Fil&navn:",
    ("QFileDialog", "&Open"): "&Åpne",
    ("QFileDialog", "&Save"): "&Lagre",
    ("QFileDialog", "Open"): "Åpne",
    ("QFileDialog", "Save As"): "Lagre som",
    ("QFileDialog", "Detail View"): "Detaljvisning",
    ("QFileDialog", "List View"): "Listevisning",
    ("QFileDialog", "Forward"): "Frem",
    ("QFileDialog", "Parent Directory"): "Overordnet mappe",
    ("QFileDialog", "&Choose"): "&Velg",
    ("QFileDialog", "Are you sure you want to delete '%1'?"): (
        "Er du sikker på at du vil slette «%1»?"
    ),
    ("QFileDialog", "%1 already exists.\nDo you want to replace it?"): (
        "%1 finnes fra før.\nVil du erstatte den?"
    ),
    # The file dialog's «Type» column (not in qtbase_nn at all).
    ("QAbstractFileIconProvider", "Folder"): "Mappe",
    ("QAbstractFileIconProvider", "File Folder"): "Filmappe",
    ("QAbstractFileIconProvider", "Drive"): "Stasjon",
    ("QAbstractFileIconProvider", "File"): "Fil",
    ("QAbstractFileIconProvider", "%1 File"): "%1-fil",
    ("QAbstractFileIconProvider", "Shortcut"): "Snarvei",
    ("QMessageBox", "Show Details..."): "Vis detaljer …",
    ("QMessageBox", "Hide Details..."): "Skjul detaljer …",
    ("QWizard", "Continue"): "Fortsett",
    ("QColorDialog", "Select Color"): "Velg farge",
}
for _context in ("QLineEdit", "QWidgetTextControl"):
    BOKMAL[(_context, "&Undo")] = "&Angre"
    BOKMAL[(_context, "&Redo")] = "&Gjør om"
BOKMAL[("QWidgetTextControl", "Copy &Link Location")] = "Kopier &lenkeadresse"


class _Bokmal(QTranslator):
    """Answers for the words in :data:`BOKMAL`; everything else goes on to qtbase_nn."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return BOKMAL.get((context, source))

    def isEmpty(self) -> bool:
        return False


def install_norwegian(app: QApplication) -> bool:
    """Give Qt's own texts in Norwegian and Norwegian date and number formats (once per app).

    Returns:
        False if Qt's Norwegian catalogue was not found (the bokmål words
        above still apply; the rest stays English).
    """
    QLocale.setDefault(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    found = app.property(_INSTALLED)
    if found is not None:
        return bool(found)
    nynorsk = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    found = nynorsk.load("qtbase_nn", path)
    if found:
        app.installTranslator(nynorsk)
    # Installed last, asked first.
    app.installTranslator(_Bokmal(app))
    app.setProperty(_INSTALLED, found)
    return bool(found)


def qt_speaks_norwegian() -> bool:
    """Whether Qt's standard «Yes» button now says «Ja» (for the self-check)."""
    return QApplication.translate("QPlatformTheme", "&Yes") == "&Ja"
