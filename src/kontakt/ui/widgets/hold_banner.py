"""A contact's e-mail addresses on hold (returned mail), shown at the top of the editor.

A hard bounce, or three soft ones in a row, puts an address on hold: mailings
leave it out. The banner says which address, since when and what the
receiving server said, and «Ta av vent» takes it off hold (when the person
has fixed their mailbox, say).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from kontakt.errors import KontaktError
from kontakt.storage.address_holds import HoldInfo


def hold_text(hold: HoldInfo) -> str:
    """One hold in a sentence."""
    since = f" siden {hold.held_at:%d.%m.%Y}" if hold.held_at is not None else ""
    reason = f" Mottakerens tjener svarte: «{hold.reason}»." if hold.reason else ""
    if hold.held_at is None:
        return (
            f"{hold.address}: {hold.soft_count} midlertidige feil på rad; "
            f"ved tre settes adressen på vent.{reason}"
        )
    return f"{hold.address} er satt på vent{since}: e-post kom i retur.{reason}"


class HoldBanner(QFrame):
    """The holds of one contact, with «Ta av vent»; hidden when there are none.

    Args:
        holds: A contact's holds by uid.
        release: Takes an address off hold.
        parent: The editor.
    """

    def __init__(
        self,
        holds: Callable[[str], list[HoldInfo]],
        release: Callable[[str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._holds = holds
        self._release = release
        self._uid: str | None = None
        self._held: list[HoldInfo] = []
        self.setObjectName("holdBanner")
        self.setStyleSheet(
            "#holdBanner { background: #fff4e5; border: 1px solid #e0a040; border-radius: 4px; }"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.release_button = QPushButton("Ta av &vent")
        self.release_button.setToolTip("Bruk adressen i utsendinger igjen")
        self.release_button.clicked.connect(self.release)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.release_button)
        self.hide()

    def show_for(self, uid: str | None) -> None:
        """Show the holds of the contact ``uid`` (None: a new contact, nothing to show)."""
        self._uid = uid
        try:
            self._held = self._holds(uid) if uid else []
        except KontaktError:
            self._held = []
        self.label.setText("\n".join(hold_text(h) for h in self._held))
        self.release_button.setVisible(any(h.held_at is not None for h in self._held))
        self.setVisible(bool(self._held))

    def release(self) -> None:
        """«Ta av vent»: every address of the contact goes back into mailings."""
        for hold in self._held:
            self._release(hold.address)
        self.show_for(self._uid)
