"""Self-check step for the window: the main window opened on the imported contacts.

The Qt part is ``ui/selfcheck_window.py``, imported when the step runs, so that
the steps before it need no Qt.
"""

from __future__ import annotations

from kontakt.selfcheck.context import CheckContext, StepSkipped


def step_window(ctx: CheckContext) -> str:
    """Open the main window on the database, check its icon and rows, and close it."""
    if ctx.expected_contacts == 0:
        raise StepSkipped("ingen kontakter ble importert")
    from kontakt.ui.selfcheck_window import open_and_close_window

    return open_and_close_window(ctx.core, ctx.workdir, ctx.expected_contacts)
