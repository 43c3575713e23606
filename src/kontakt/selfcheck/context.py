"""What the self-check's steps share: the context they run in, and how a step fails.

Every step module imports these; the step list (``runner.py``) imports the step
modules. Nothing here imports a step, so there is no cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # opened by the migration step, so that a broken import fails a step
    from kontakt.app import Core


class StepSkipped(Exception):
    """A step could not run because an earlier step it needs failed."""


class CheckFailed(Exception):
    """A step ran but found something wrong (the message says what)."""


@dataclass
class CheckContext:
    """What the steps share: the temporary folder and the database opened in it.

    Attributes:
        workdir: A fresh temporary folder, removed afterwards.
        expected_contacts: How many contacts the steps so far have put in.
    """

    workdir: Path
    expected_contacts: int = 0
    _core: Core | None = field(default=None, repr=False)

    @property
    def db_path(self) -> Path:
        """The self-check's SQLite file."""
        return self.workdir / "selvtest.db"

    @property
    def core(self) -> Core:
        """The open database; a step that needs it is skipped if opening failed."""
        if self._core is None:
            raise StepSkipped("databasen ble ikke åpnet")
        return self._core

    def close(self) -> None:
        """Release the database."""
        if self._core is not None:
            self._core.close()
            self._core = None


@dataclass(frozen=True)
class Step:
    """One named check; ``run`` returns a short detail or raises."""

    name: str
    run: Callable[[CheckContext], str]
