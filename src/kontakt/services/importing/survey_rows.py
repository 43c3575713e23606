"""Keeping a survey export's answers: the survey an import of one makes (issue 22).

An import that reads a survey export (:func:`kontakt.domain.survey_layout.survey_layout`)
keeps, in its own transaction, the survey, its questions and one response per
row that landed on a contact: created, joined into another row's new contact,
updated a stored one, or matched a stored one and was left as it was. Rows
with errors, rows left out and people erased on request get no response.

One survey per name: importing under a name already used is refused before
anything is written (a second import of the same file would double every
answer); the message says how to go on: another name, or undo the earlier
import first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from kontakt.domain.survey_layout import (
    SurveyLayout,
    answer_text,
    answered_at,
    question_kind,
    survey_layout,
    survey_year,
)
from kontakt.domain.text import clean
from kontakt.errors import KontaktError
from kontakt.services.importing.model import ImportChoices, ImportPreview, RowPlan
from kontakt.storage import survey_store
from kontakt.storage.survey_store import NewResponse


class SurveyNameTaken(KontaktError):
    """A survey with this name is kept already; nothing is imported."""


@dataclass(frozen=True, slots=True)
class SurveyPlan:
    """The survey an import will keep.

    Attributes:
        name: As the user gave it, else the file's name without extension.
        layout: Which columns are questions and which holds the answer time.
    """

    name: str
    layout: SurveyLayout


def survey_name(path: Path, given: str) -> str:
    """The survey's name: ``given`` (``--survey-name``, the wizard's field) or the file's stem."""
    return clean(given) or clean(path.stem) or path.name


def survey_plan(preview: ImportPreview) -> SurveyPlan | None:
    """The survey the preview's file is, or None when it is no survey export."""
    layout = survey_layout(preview.headers, dict(preview.mapping))
    if layout is None:
        return None
    return SurveyPlan(survey_name(preview.path, preview.options.survey_name), layout)


def refuse_taken(session: Session, plan: SurveyPlan) -> None:
    """Refuse a name already used by a kept survey.

    Raises:
        SurveyNameTaken: With the import that made it, and how to go on.
    """
    found = survey_store.find(session, plan.name)
    if found is None:
        return
    undo = (
        f" eller angre den importen først («kontakt undo-import {found.import_batch_id}»)"
        if found.import_batch_id is not None
        else ""
    )
    raise SurveyNameTaken(
        f"Undersøkelsen «{found.name}» er allerede importert (fra {found.source_file}); "
        f"ingenting er importert. Gi den nye et annet navn (--survey-name / «Navn på "
        f"undersøkelsen»){undo}."
    )


def row_contacts(
    preview: ImportPreview,
    choices: ImportChoices,
    created: Mapping[int, int],
    updated: Mapping[int, int],
    stored: Mapping[str, int],
) -> dict[int, int]:
    """File row -> the contact id it landed on.

    Args:
        created: Row of each new contact -> its id.
        updated: Row joining a stored contact's update -> that contact's id.
        stored: uid -> id of the stored contacts rows matched (left as they were).
    """
    landed: dict[int, int] = {**created, **updated}
    by_row: dict[int, RowPlan] = {p.row: p for p in preview.rows}
    for plan in preview.rows:
        if plan.row in landed or plan.errors or plan.clean is None or choices.skipped(plan):
            continue
        if plan.duplicate_of:
            if plan.duplicate_of in stored:
                landed[plan.row] = stored[plan.duplicate_of]
            continue
        earlier, seen = plan.duplicate_row, {plan.row}
        while earlier is not None and earlier not in landed and earlier not in seen:
            seen.add(earlier)
            before = by_row.get(earlier)
            earlier = before.duplicate_row if before is not None else None
        if earlier is not None and earlier in landed:
            landed[plan.row] = landed[earlier]
    return landed


def write_survey(
    session: Session,
    preview: ImportPreview,
    plan: SurveyPlan,
    landed: Mapping[int, int],
    batch_id: int,
) -> int:
    """Store the survey, its questions and the responses of the rows that landed.

    Returns:
        The number of responses kept.
    """
    layout = plan.layout
    columns = [tuple(cells[i] for cells in preview.cells) for i in layout.questions]
    questions = [
        (position, preview.headers[i], question_kind(values))
        for position, (i, values) in enumerate(zip(layout.questions, columns, strict=True), 1)
    ]
    responses: list[NewResponse] = []
    times = []
    for row_plan, cells in zip(preview.rows, preview.cells, strict=True):
        contact_id = landed.get(row_plan.row)
        if contact_id is None:
            continue
        when = answered_at(cells[layout.completion]) if layout.completion is not None else None
        times.append(when)
        answers = tuple(
            (position, text)
            for position, i in enumerate(layout.questions, 1)
            if (text := answer_text(cells[i]))
        )
        aware = when.astimezone() if when is not None else None
        responses.append(NewResponse(contact_id, aware, row_plan.row, answers))
    year = survey_year(plan.name, times)
    survey_store.create(session, plan.name, year, preview.file_name, batch_id, questions, responses)
    return len(responses)
