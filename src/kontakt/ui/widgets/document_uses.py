"""«Brukt»: where a document was used, per county, with «Legg til bruk …» on its page.

The summary line says how far it has travelled («Brukt: fremmet i 9
kommuner, vedtatt i 3»); the table groups the uses under their county. A
change or deletion can be taken back with «Angre» while the page is open.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.document_uses import (
    OUTCOME_LABELS,
    DocumentUseRow,
    UseDraft,
    UseSummary,
    by_county,
)
from kontakt.domain.geography import Geography
from kontakt.errors import KontaktError
from kontakt.services.ideabank.uses import DocumentUseService, ReplyUse
from kontakt.services.search import SearchService
from kontakt.ui.dialogs.use_dialog import UseDialog
from kontakt.ui.widgets.form import error_label, small_button


def _outcome_counts(summary: UseSummary) -> str:
    return summary.text().removeprefix("Brukt: ")


class UsePanel(QGroupBox):
    """A document's uses, per county, with adding, changing, deleting and «Angre».

    Args:
        uses: The document uses.
        geography: Places for the form.
        search: The contact picker's search.
        parent: Parent widget.

    Signals:
        changed(): A use was added, changed, deleted or put back.
    """

    changed = Signal()

    def __init__(
        self,
        uses: DocumentUseService,
        geography: Geography,
        search: SearchService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Brukt", parent)
        self.uses = uses
        self.geography = geography
        self.search = search
        self.document_id: int | None = None
        self.rows: list[DocumentUseRow] = []
        self.form: UseDialog | None = None
        self._undo: tuple[str, Callable[[], object]] | None = None
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Sted", "Dato", "Utfall", "Brukt av", "Lenke"])
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.edit_selected())
        self.add_button = small_button("Legg til bruk …", "Hvor dokumentet er brukt, og utfallet")
        self.add_button.clicked.connect(self.add_use)
        self.edit_button = small_button("Endre …")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = small_button("Slett")
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button = small_button("Angre")
        self.undo_button.clicked.connect(self.undo)
        self.error = error_label()
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button, self.undo_button):
            buttons.addWidget(b)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.set_document(None)

    def set_document(self, document_id: int | None) -> None:
        """Show this document's uses (None: a new document, not saved yet)."""
        if document_id != self.document_id:
            self._undo = None
        self.document_id = document_id
        self.refresh()

    def refresh(self) -> None:
        """Read the uses again."""
        self.tree.clear()
        self.rows = self.uses.uses(self.document_id) if self.document_id is not None else []
        self.add_button.setEnabled(self.document_id is not None)
        if self.document_id is None:
            self.summary_label.setText("Lagre dokumentet først, så kan du registrere bruk.")
        else:
            groups = by_county(self.rows)
            self.summary_label.setText(
                self.uses.summary(self.document_id).text()
                if self.rows
                else "Ikke brukt ennå. «Legg til bruk …» registrerer hvor det er brukt."
            )
            for group in groups:
                top = QTreeWidgetItem([group.county.name, "", _outcome_counts(group.summary)])
                self.tree.addTopLevelItem(top)
                for use in group.uses:
                    top.addChild(self._item(use))
                top.setExpanded(True)
        self.undo_button.setEnabled(self._undo is not None)
        self.undo_button.setToolTip(self._undo[0] if self._undo else "")
        self._selection_changed()

    @staticmethod
    def _item(use: DocumentUseRow) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [
                use.municipality.name if use.municipality else "(fylket)",
                f"{use.date:%d.%m.%Y}" if use.date else "",
                OUTCOME_LABELS[use.outcome] if use.outcome else "",
                use.by.name if use.by else "",
                use.link,
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, use.id)
        if use.note:
            item.setToolTip(0, use.note)
        return item

    def selected(self) -> DocumentUseRow | None:
        """The selected use (not a county line), if any."""
        items = self.tree.selectedItems()
        use_id = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        return next((r for r in self.rows if r.id == use_id), None)

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _done(self, undo: tuple[str, Callable[[], object]] | None) -> None:
        self._undo = undo
        self.error.setVisible(False)
        self.refresh()
        self.changed.emit()

    def add_use(self) -> None:
        """«Legg til bruk …»: the form, today's date filled in; «Angre» removes it again."""
        if self.document_id is None:
            return
        document_id = self.document_id
        added: list[int] = []
        if self.open_form(lambda draft: added.append(self.uses.add(document_id, draft))):
            self._done(("Angre registreringen", lambda: self.uses.delete(added[0])))

    def open_form(
        self, store: Callable[[UseDraft], object], row: DocumentUseRow | None = None
    ) -> bool:
        """Show the form (for ``row``, or a new use); True when ``store`` took it."""
        draft = row.to_draft() if row else None
        name = row.by.name if row and row.by else ""
        self.form = UseDialog(self.geography, self.search, store, draft, name, self)
        return bool(self.form.exec())

    def edit_selected(self) -> None:
        """«Endre …»: the selected use in the form; «Angre» puts it back."""
        row = self.selected()
        if row is None:
            return
        before: list[UseDraft] = []
        if self.open_form(lambda draft: before.append(self.uses.update(row.id, draft)), row):
            self._done(("Angre endringen", lambda: self.uses.update(row.id, before[0])))

    def delete_selected(self) -> None:
        """«Slett»: the selected use; «Angre» records it again."""
        row = self.selected()
        if row is None:
            return
        try:
            removed = self.uses.delete(row.id)
        except KontaktError as exc:
            self._show_error(str(exc))
            return
        self._done(("Angre slettingen", lambda: self.uses.restore(removed)))

    def undo(self) -> None:
        """«Angre»: take back the last change or deletion."""
        if self._undo is None:
            return
        _text, revert = self._undo
        try:
            revert()
        except KontaktError as exc:
            self._show_error(str(exc))
            return
        self._done(None)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)


class ReplyUses:
    """«Registrer bruk av dokumentet …» for a reply to a mailing that carried a document.

    Args:
        uses: The document uses.
        geography: Places for the form.
        search: The contact picker's search.
    """

    def __init__(
        self, uses: DocumentUseService, geography: Geography, search: SearchService
    ) -> None:
        self.uses = uses
        self.geography = geography
        self.search = search
        self.form: UseDialog | None = None

    def offer(self, mailing_id: int | None, contact_uid: str) -> ReplyUse | None:
        """The use to offer for a reply (None: the mailing carried no document)."""
        if mailing_id is None:
            return None
        try:
            return self.uses.from_reply(mailing_id, contact_uid)
        except KontaktError:
            return None

    def register(self, offer: ReplyUse, name: str, parent: QWidget | None = None) -> bool:
        """Show the prefilled form; True when the use was stored."""
        document_id = offer.document_id
        self.form = UseDialog(
            self.geography,
            self.search,
            lambda draft: self.uses.add(document_id, draft),
            offer.draft,
            name,
            parent,
        )
        self.form.setWindowTitle(f"Bruk av «{offer.title}»")
        return bool(self.form.exec())
