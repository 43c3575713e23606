"""Merging two contacts from the window, undone by Ctrl+Z.

«Rediger → Slå sammen valgte …» on two selected rows, and «Slå sammen …» in
«Finn duplikater» (:func:`merge_pair`).
"""

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
    if len(rows) != 2 or actions.services.merging is None:
        actions.status("Velg nøyaktig to kontakter for å slå dem sammen.")
        return
    merge_pair(actions, rows[0].uid, rows[1].uid)


def merge_pair(actions: ContactActions, keep_uid: str, other_uid: str) -> bool:
    """Open the merge dialog on two contacts (from the table or «Finn duplikater»).

    Returns:
        True if they were merged (the merge is then on the undo stack).
    """
    merging = actions.services.merging
    if merging is None:
        return False
    try:
        dialog = MergeDialog(actions.window, merging, keep_uid, other_uid)
    except KontaktError as exc:
        QMessageBox.warning(actions.window, "Kan ikke slå sammen", str(exc))
        return False
    dialog.exec()
    done = dialog.merged
    if done is None:
        return False
    name = done.kept.full_name
    actions.undo_stack.push(f"Slå sammen {name}", lambda: merging.undo(done.merge_id))
    actions.status(f"Slått sammen: {name}")
    actions.changed.emit()
    return True
