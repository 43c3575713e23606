"""The import wizard: contacts from an Excel, LibreOffice or CSV file, checked before saving.

:class:`ImportWizard` is the window; each page lives in its own module
(``pages_*.py``), the preview table's model in :mod:`.preview_model`, and
background jobs with progress and «Avbryt» in :mod:`kontakt.ui.widgets.task_panel`. The pages only
call :class:`~kontakt.services.importing.service.ImportService`.
"""

from kontakt.ui.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]
