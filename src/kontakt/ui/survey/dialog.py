"""«Medlemsundersøkelsen»: a survey's questions, their answers counted and listed.

Choose a survey (newest first) and a question: a choice or multi question's
answers are counted with bars, for everyone, per county or per topic; a
free-text question's answers are listed under the respondents' topics. A
double-click on a row or «Vis i kontaktlisten» emits
:attr:`SurveyDialog.filter_chosen` with the filter for exactly the people
the row counts; a yes/no question offers «Vis de som svarte Ja». «Sammenlign
med …» sets a second survey's counts beside the first's, question by
question. The dialog is not modal: it stays open beside the contact list.

Counting reads every answer: over 100,000 contacts and 30,000 responses a
survey takes about a second, a question per county or topic a few hundred
milliseconds (bench/bench_survey_view.py), so the counts are read on a
worker and a result that arrives after another choice is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.geography import Geography
from kontakt.domain.survey import parse_yes_no
from kontakt.errors import KontaktError
from kontakt.services.survey import QuestionSummary, SurveyDetail, SurveyService
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.survey.answer_tree import (
    PICK_ROLE,
    Pick,
    add_compared,
    add_counts,
    add_groups,
    add_texts,
)
from kontakt.ui.survey.bars import BarDelegate
from kontakt.ui.workers import Worker

MODES = ("Alle", "Per fylke", "Per tema")
QUESTION_ROLE = Qt.ItemDataRole.UserRole + 1  # (position in first or None, in second or None)
NO_COMPARE = "ingen"
SurveyData = tuple[dict[str, SurveyDetail], list[tuple[str, int | None, int | None]]]
"""The surveys read (by name) and the questions listed (text, position, position compared)."""


class SurveyDialog(QDialog):
    """The survey view.

    Args:
        surveys: The surveys, their counts and answers.
        geography: County names.
        parent: The main window.

    Signals:
        filter_chosen(object): A ``ContactFilter`` for the people of the chosen row.
    """

    filter_chosen = Signal(object)

    def __init__(
        self,
        surveys: SurveyService,
        geography: Geography,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.surveys = surveys
        self.geography = geography
        self.setWindowTitle("Medlemsundersøkelsen")
        self._details: dict[str, SurveyDetail] = {}
        self._job = 0  # the latest background read; older results are dropped
        self._running = 0
        self._workers: list[Worker] = []
        self._then: Callable[[Any], None] = lambda _result: None
        self.status = QLabel()

        self.survey_box = QComboBox()
        self.compare_box = QComboBox()
        self.info = QLabel()
        self.questions = QListWidget()
        self.questions.setWordWrap(True)
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.mode_box = QComboBox()
        self.mode_box.addItems(MODES)
        self.tree = QTreeWidget()
        self.tree.setItemDelegate(BarDelegate(self.tree))
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.yes_button = QPushButton("Vis de som svarte Ja")
        self.show_button = QPushButton("Vis i kontaktlisten")
        close = QPushButton("Lukk")

        top = QHBoxLayout()
        top.addWidget(QLabel("Undersøkelse:"))
        top.addWidget(self.survey_box, 1)
        top.addWidget(QLabel("Sammenlign med:"))
        top.addWidget(self.compare_box, 1)
        modes = QHBoxLayout()
        modes.addWidget(QLabel("Tell:"))
        modes.addWidget(self.mode_box)
        modes.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.yes_button)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addLayout(modes)
        right_layout.addWidget(self.tree, 1)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.questions)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(splitter, 1)

        self.survey_box.currentIndexChanged.connect(self._survey_chosen)
        self.compare_box.currentIndexChanged.connect(self._survey_chosen)
        self.questions.currentRowChanged.connect(self._show_question)
        self.mode_box.currentIndexChanged.connect(self._show_question)
        self.tree.itemDoubleClicked.connect(lambda item, column: self._choose(item, column))
        self.tree.currentItemChanged.connect(self._update_buttons)
        self.show_button.clicked.connect(self._show_current)
        self.yes_button.clicked.connect(self._show_yes)
        close.clicked.connect(self.close)
        fit_to_screen(self, 900, 620)
        self.reload()

    # -- reading -------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the surveys, keeping the chosen ones."""
        first, second = self.survey_box.currentData(), self.compare_box.currentData()
        self._details.clear()
        infos = self.surveys.surveys()
        for box in (self.survey_box, self.compare_box):
            box.blockSignals(True)
            box.clear()
        for info in infos:
            self.survey_box.addItem(f"{info.name} ({info.respondents} svar)", info.name)
        self.compare_box.addItem(NO_COMPARE, "")
        for info in infos:
            self.compare_box.addItem(info.name, info.name)
        self.survey_box.setCurrentIndex(max(0, self.survey_box.findData(first)))
        self.compare_box.setCurrentIndex(max(0, self.compare_box.findData(second)))
        for box in (self.survey_box, self.compare_box):
            box.blockSignals(False)
        self.compare_box.setEnabled(len(infos) > 1)
        self._survey_chosen()

    def _detail(self, name: str) -> SurveyDetail | None:
        return self._details.get(name) if name else None

    def busy(self) -> bool:
        """True while the view reads in the background."""
        return self._running > 0

    def _read(self, work: Callable[[], object], then: Callable[[Any], None]) -> None:
        """Run ``work`` off the GUI thread and hand its result to ``then``, unless
        something else was chosen meanwhile."""
        self._job += 1
        self._then = then
        self._running += 1
        self.status.setText("Teller svarene …")
        job = self._job
        worker = Worker(lambda: (job, work()))
        worker.signals.result.connect(self._landed)
        worker.signals.error.connect(self._failed)
        worker.signals.finished.connect(self._finished)
        self._workers.append(worker)
        worker.start()

    def _landed(self, outcome: tuple[int, object]) -> None:
        job, result = outcome
        if job == self._job:
            self.status.setText("")
            self._then(result)

    def _failed(self, exc: object) -> None:
        self.status.setText(
            str(exc) if isinstance(exc, KontaktError) else "Kunne ikke lese svarene."
        )

    def _finished(self) -> None:
        self._running -= 1
        self._workers = [w for w in self._workers if w.signals is not self.sender()]

    def chosen(self) -> tuple[str, str]:
        """The survey shown and the one compared with ("" for none)."""
        second = str(self.compare_box.currentData() or "")
        first = str(self.survey_box.currentData() or "")
        return first, "" if second == first else second

    def _survey_chosen(self) -> None:
        first, second = self.chosen()
        self.questions.blockSignals(True)
        self.questions.clear()
        self.questions.blockSignals(False)
        self.tree.clear()
        if first:
            self._read(lambda: self._survey_data(first, second), self._survey_read)
        else:
            self._survey_read(None)

    def _survey_data(self, first: str, second: str) -> SurveyData:
        """On the worker: the surveys' questions counted, and matched when comparing."""
        found = {n: self._details.get(n) or self.surveys.show(n) for n in (first, second) if n}
        if second:
            return found, self.surveys.compare(first, second)
        return found, [(q.text, q.position, None) for q in found[first].questions]

    def _survey_read(self, data: SurveyData | None) -> None:
        first, second = self.chosen()
        if data is not None:
            self._details.update(data[0])
        detail = self._detail(first)
        if data is None or detail is None:
            self.info.setText(
                "Ingen undersøkelser ennå. Importer en eksport fra Microsoft Forms, Google "
                "Forms eller Nettskjema (Fil → Importer), så blir svarene lagret her."
            )
            self._show_question()
            return
        i = detail.info
        year = f", {i.year}" if i.year else ""
        self.info.setText(
            f"{i.respondents} svarte{year} · {i.questions} spørsmål · fra «{i.source_file}». "
            "Dobbeltklikk en rad for å vise de som svarte slik i kontaktlisten."
        )
        for text, mine, theirs in data[1]:
            label = f"{mine}. {text}" if mine else text
            if second and (mine is None or theirs is None):
                label += f"  (bare {first if theirs is None else second})"
            item = QListWidgetItem(label)
            item.setData(QUESTION_ROLE, (mine, theirs))
            item.setToolTip(text)
            self.questions.addItem(item)
        if second:  # two years side by side count everyone
            self.mode_box.blockSignals(True)
            self.mode_box.setCurrentIndex(0)
            self.mode_box.blockSignals(False)
        self.questions.setCurrentRow(0)

    def _question(self, name: str, position: int | None) -> QuestionSummary | None:
        detail = self._detail(name) if name and position else None
        if detail is None:
            return None
        return next((q for q in detail.questions if q.position == position), None)

    # -- showing -------------------------------------------------------------------

    def _show_question(self) -> None:
        self.tree.clear()
        item = self.questions.currentItem()
        first, second = self.chosen()
        mine, theirs = item.data(QUESTION_ROLE) if item is not None else (None, None)
        question = self._question(first, mine)
        other = self._question(second, theirs)
        shown = question or other
        self.title.setText(shown.text if shown else "")
        counted = shown is not None and shown.kind in ("choice", "multi")
        self.mode_box.setEnabled(counted and not second)  # free text is listed by topic
        if second:
            self._set_headers(["Svar", first, second])
            add_compared(self.tree, question, other, (first, second))
        elif question is not None:
            self._show_one(first, question)
        self._update_buttons()

    def _show_one(self, name: str, q: QuestionSummary) -> None:
        base = Pick(name, q.text)
        mode = self.mode_box.currentIndex()
        single = q.kind == "choice"
        if q.kind not in ("choice", "multi"):
            self._set_headers(["Svar", "Hvem"])
            self._read(
                lambda: self.surveys.answers_by_topic(name, q.position),
                lambda grouped: add_texts(self.tree, grouped, base),
            )
        elif mode == 0:
            self._set_headers(["Svar", f"Antall av {q.answered}"])
            add_counts(self.tree, q.counts, q.answered, base)
        elif mode == 1:
            self._set_headers(["Fylke / svar", "Antall"])
            self._read(
                lambda: self.surveys.counts_by_county(name, q.position),
                lambda groups: add_groups(self.tree, groups, base, self._county_name, True, single),
            )
        else:
            self._set_headers(["Tema / svar", "Antall"])
            self._read(
                lambda: self.surveys.counts_by_topic(name, q.position),
                lambda groups: add_groups(self.tree, groups, base, str, False, single),
            )

    def _set_headers(self, headers: list[str]) -> None:
        self.tree.setColumnCount(len(headers))
        self.tree.setHeaderLabels(headers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.tree.setColumnWidth(column, 150 if len(headers) == 2 else 190)

    def _county_name(self, number: str) -> str:
        if not number:
            return "Uten fylke"
        try:
            return self.geography.county(number).name
        except KontaktError:
            return number

    # -- choosing ------------------------------------------------------------------

    def _pick(self, item: QTreeWidgetItem | None, column: int) -> Pick | None:
        if item is None:
            return None
        pick = item.data(max(column, 0), PICK_ROLE)
        return pick if isinstance(pick, Pick) else None

    def _choose(self, item: QTreeWidgetItem | None, column: int) -> None:
        pick = self._pick(item, column)
        if pick is not None:
            self.filter_chosen.emit(pick.to_filter())

    def _show_current(self) -> None:
        self._choose(self.tree.currentItem(), self.tree.currentColumn())

    def _yes_value(self) -> tuple[str, str] | None:
        """(the stored «Ja» value, the question's text) when the question is yes/no."""
        item = self.questions.currentItem()
        first, second = self.chosen()
        if item is None or second:
            return None
        q = self._question(first, item.data(QUESTION_ROLE)[0])
        if q is None or q.kind != "choice":
            return None
        yes = [v for v, _n in q.counts if parse_yes_no(v) is True]
        return (yes[0], q.text) if yes else None

    def _show_yes(self) -> None:
        found = self._yes_value()
        if found is not None:
            self.filter_chosen.emit(Pick(self.chosen()[0], found[1], found[0]).to_filter())

    def _update_buttons(self) -> None:
        yes = self._yes_value()
        self.yes_button.setVisible(yes is not None)
        if yes is not None:
            self.yes_button.setText(f"Vis de som svarte «{yes[0]}»")
        pick = self._pick(self.tree.currentItem(), self.tree.currentColumn())
        self.show_button.setEnabled(pick is not None)
