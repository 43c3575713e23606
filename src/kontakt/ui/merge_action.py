"""«Rediger → Slå sammen valgte …»: two selected contacts into one, undone by Ctrl+Z."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from kontakt.errors import KontaktError
from kontakt.ui.dialogs.merge_dialog import MergeDialog

if TYPE_CHECKING:
    from kontakt.ui.contact_actions import ContactActions


def merge_two(actions: ContactActions) -> None:
    """Open the merge dialog on the two selected contacts; a merge done goes on the undo stack.

    Args:
        actions: The window's contact actions (selection, services, undo stack, status).
    """
    rows = actions.selection()
    merging = actions.services.merging
    if len(rows) != 2 or merging is None:
        actions.status("Velg nøyaktig to kontakter for å slå dem sammen.")
        return
    try:
        dialog = MergeDialog(actions.window, merging, rows[0].uid, rows[1].uid)
    except KontaktError as exc:
        QMessageBox.warning(actions.window, "Kan ikke slå sammen", str(exc))
        return
    dialog.exec()
    done = dialog.merged
    if done is None:
        return
    name = done.kept.full_name
    actions.undo_stack.push(f"Slå sammen {name}", lambda: merging.undo(done.merge_id))
    actions.status(f"Slått sammen: {name}")
    actions.changed.emit()
