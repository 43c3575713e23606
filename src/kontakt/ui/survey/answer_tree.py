"""Filling the survey view's answer tree: counts, counts per county or topic, free text,
and two years side by side.

Every row carries a :class:`Pick` (per column when two surveys are compared):
the survey, question and answer (and county or topic) whose respondents the
row stands for, so that «Vis i kontaktlisten» shows exactly them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from kontakt.domain.records import ContactFilter
from kontakt.domain.text import fold
from kontakt.services.survey import Answer, Counts, QuestionSummary
from kontakt.ui.survey.bars import BAR_ROLE, count_text

PICK_ROLE = Qt.ItemDataRole.UserRole + 21
NO_TOPIC = "Uten tema"


@dataclass(frozen=True, slots=True)
class Pick:
    """The respondents a row of the tree stands for."""

    survey: str
    question: str  # its text: the «Viser:» line and a saved search read well
    value: str = ""
    county: str = ""
    topic: str = ""

    def to_filter(self) -> ContactFilter:
        """The contact filter for exactly these respondents."""
        return ContactFilter(
            survey=self.survey,
            survey_question=self.question,
            survey_answer=self.value,
            county=self.county,
            topics=(self.topic,) if self.topic else (),
        )


def _item(
    parent: QTreeWidget | QTreeWidgetItem, texts: Sequence[str], pick: Pick | None
) -> QTreeWidgetItem:
    item = QTreeWidgetItem(parent, list(texts))
    for column in range(len(texts)):
        item.setData(column, PICK_ROLE, pick)
    for column in range(1, len(texts)):
        item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def add_counts(
    parent: QTreeWidget | QTreeWidgetItem, counts: Counts, total: int, base: Pick
) -> None:
    """One row per value: «Ja · 12 (34 %)» with a bar; ``total`` 0 shows plain numbers
    and bars against the largest count."""
    widest = total or max((n for _v, n in counts), default=0)
    for value, count in counts:
        pick = Pick(base.survey, base.question, value, base.county, base.topic)
        item = _item(parent, [value, count_text(count, total)], pick)
        item.setData(1, BAR_ROLE, count / widest if widest else 0.0)


def add_groups(
    tree: QTreeWidget,
    groups: Mapping[str, Counts],
    base: Pick,
    name_of: Callable[[str], str],
    by_county: bool,
    single_choice: bool,
) -> None:
    """Counts per county or per topic: a heading per group with its counts below.

    A choice question's heading counts the group's respondents and its rows show
    shares of them; a multi question's rows are plain counts.
    """
    for key, counts in groups.items():
        answered = sum(n for _v, n in counts) if single_choice else 0
        group = Pick(
            base.survey, base.question, "", key if by_county else "", "" if by_county else key
        )
        heading = _item(tree, [name_of(key), f"{answered} svar" if answered else ""], group)
        _bold(heading)
        add_counts(heading, counts, answered, group)
        heading.setExpanded(True)


def add_texts(tree: QTreeWidget, grouped: Mapping[str, Sequence[Answer]], base: Pick) -> None:
    """Free-text answers under the respondents' topics («Uten tema» for "")."""
    for topic, answers in grouped.items():
        group = Pick(base.survey, base.question, "", "", topic)
        heading = _item(tree, [topic or NO_TOPIC, f"{len(answers)} svar"], group)
        _bold(heading)
        for answer in answers:
            pick = Pick(base.survey, base.question, answer.value, "", topic)
            child = _item(heading, [answer.value, answer.name], pick)
            child.setTextAlignment(1, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            child.setToolTip(0, answer.value)
        heading.setExpanded(True)


def add_compared(
    tree: QTreeWidget,
    first: QuestionSummary | None,
    second: QuestionSummary | None,
    names: tuple[str, str],
) -> None:
    """Two years' counts of one question side by side: one row per value either has,
    in the first year's order; «–» where a year did not ask the question."""
    values: list[str] = []
    for question in (first, second):
        seen = {fold(v) for v in values}
        values += [v for v, _n in question.counts if fold(v) not in seen] if question else []
    answered = _item(tree, ["Svarte på spørsmålet", *map(_answered, (first, second))], None)
    _bold(answered)
    for column, (question, name) in enumerate(zip((first, second), names, strict=True), 1):
        if question is not None:
            answered.setData(column, PICK_ROLE, Pick(name, question.text))
    answered.setData(0, PICK_ROLE, answered.data(1, PICK_ROLE) or answered.data(2, PICK_ROLE))
    for value in values:
        item = _item(tree, [value, "", ""], None)
        for column, (question, name) in enumerate(zip((first, second), names, strict=True), 1):
            if question is None:
                item.setText(column, "–")
                continue
            found = {fold(v): n for v, n in question.counts}.get(fold(value), 0)
            item.setText(column, count_text(found, question.answered))
            item.setData(column, BAR_ROLE, found / question.answered if question.answered else 0.0)
            item.setData(column, PICK_ROLE, Pick(name, question.text, value))
        item.setData(0, PICK_ROLE, item.data(1, PICK_ROLE) or item.data(2, PICK_ROLE))


def _answered(question: QuestionSummary | None) -> str:
    return "–" if question is None else str(question.answered)


def _bold(item: QTreeWidgetItem) -> None:
    font = item.font(0)
    font.setBold(True)
    item.setFont(0, font)
