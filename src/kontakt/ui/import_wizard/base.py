"""What every page of the import wizard shares: the background job and leaving the page.

A page that must do slow work before the next page can be shown (read the
file, plan the rows again) starts it in :meth:`ImportPage.leave` and returns
False; when the job is done, :meth:`ImportPage.proceed` moves on. While a
job runs, Next and Back are disabled, so nothing is started twice.

A job that plans the rows again returns a new preview; the old one, which
the preview table may still show, is never changed. The new one is put in
place on the GUI thread by :meth:`ImportWizard.swap_preview`, from the
job's result signal.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWizard, QWizardPage

from kontakt.services.importing.model import ImportPreview
from kontakt.ui.widgets.form import FORM_STYLE
from kontakt.ui.widgets.task_panel import TaskPanel

if TYPE_CHECKING:
    from kontakt.ui.import_wizard.wizard import ImportWizard


class ImportPage(QWizardPage):
    """A page of the import wizard with a background job panel.

    Args:
        owner: The wizard (it holds the preview and the report).
        title: The page's title, e.g. «Velg fil».
        subtitle: One line on what to do here.
    """

    def __init__(self, owner: ImportWizard, title: str, subtitle: str) -> None:
        super().__init__()
        self._owner = weakref.ref(owner)  # no cycle: the wizard is freed on the GUI thread
        self.imports = owner.imports
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.setStyleSheet(FORM_STYLE)
        self.task = TaskPanel(self)
        self.task.busy_changed.connect(self._busy_changed)
        self._advance = False

    @property
    def owner(self) -> ImportWizard:
        """The wizard (it holds the preview and the report)."""
        owner = self._owner()
        assert owner is not None
        return owner

    @property
    def preview(self) -> ImportPreview:
        """The file as read and planned so far."""
        assert self.owner.preview is not None
        return self.owner.preview

    def isComplete(self) -> bool:
        return not self.task.busy

    def validatePage(self) -> bool:
        if self._advance:
            self._advance = False
            return True
        if self.task.busy:
            return False
        return self.leave()

    def leave(self) -> bool:
        """Next was pressed: True to go on now, or start a job that calls :meth:`proceed`."""
        return True

    def proceed(self) -> None:
        """The job behind Next is done: go on to the next page."""
        if self.owner.currentPage() is self:
            self._advance = True
            self.owner.next()
            self._advance = False

    def may_go_back(self) -> bool:
        """Whether Back is allowed when no job runs."""
        return True

    def set_busy(self, busy: bool) -> None:
        """Disable what must not change while a job runs (pages override)."""

    def sync_back(self) -> None:
        """Disable Back while a job runs or when going back is no longer allowed."""
        if self.owner.currentPage() is self and (self.task.busy or not self.may_go_back()):
            self.owner.button(QWizard.WizardButton.BackButton).setEnabled(False)

    def _busy_changed(self, busy: bool) -> None:
        self.set_busy(busy)
        self.completeChanged.emit()  # the wizard enables Next and Back again
        self.sync_back()
        if not busy:
            self.owner.job_ended()
