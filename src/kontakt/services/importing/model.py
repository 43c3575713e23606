"""What an import is made of: options, one plan per row, issues, and the final report."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from kontakt.domain.column_mapping import Field
from kontakt.domain.control_chars import printable
from kontakt.domain.pickling import pickled_by_fields
from kontakt.domain.records import CleanContact, ConsentBasis, ContactDraft
from kontakt.io.importers.table import RawTable


class OnDuplicate(StrEnum):
    """What to do with a row that matches a contact already in the database."""

    SKIP = "skip"  # leave the stored contact as it is
    UPDATE = "update"  # overwrite with the file's non-empty values; lists are joined
    MERGE = "merge"  # fill only empty fields; e-mails, phones, topics and roles are joined
    CREATE = "create"  # make a new contact anyway


class NewTopics(StrEnum):
    """What to do with a topic the file names that Kontakt lacks (the user's topic map
    decides first)."""

    CREATE = "create"  # make it a new topic
    CLOSEST = "closest"  # the closest existing topic; none close: kept as a label
    IGNORE = "ignore"  # leave it out


# Values of ImportOptions.topic_map besides an existing topic's name and "" (leave out).
# Topic names never hold a NUL.
CREATE_TOPIC = "\x00create"
KEEP_AS_LABEL = "\x00label"


def default_source(path: Path) -> str:
    """The default consent source of an import's contacts: «import fil.xlsx 01.02.2025»."""
    return f"import {printable(path.name)} {dt.date.today():%d.%m.%Y}"


ON_DUPLICATE_LABELS = {
    OnDuplicate.SKIP: "Hopp over",
    OnDuplicate.MERGE: "Fyll inn tomme felt",
    OnDuplicate.UPDATE: "Overskriv",
    OnDuplicate.CREATE: "Opprett ny",
}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Issue:
    """A problem with one row: an error (the row cannot be imported as is) or a warning.

    Attributes:
        row: 1-based row number in the sheet.
        column: The column's header and letter, e.g. «E-post» (C), or "" for the whole row.
        message: Norwegian reason.
    """

    row: int
    column: str
    message: str

    def text(self) -> str:
        """One line: «Rad 7, kolonne «E-post» (C): …»."""
        if not self.row:  # about the whole file (how it was decoded)
            return self.message
        where = f"Rad {self.row}" + (f", kolonne {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class RowPlan:
    """One data row turned into a contact draft, with its problems and duplicate match.

    Frozen: the preview table shows plans while a new preview is planned on a
    worker thread. What the user decides about a row lives in
    :class:`ImportChoices`, apart from the plan.

    Attributes:
        row: 1-based row number in the sheet.
        draft: The contact as read (cleaned when it validated).
        clean: The validated contact (None when there are errors).
        held_back: Left out unless the user takes it back (a person erased on request).
    """

    row: int
    draft: ContactDraft
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    duplicate_of: str | None = None  # uid of the matching stored contact
    duplicate_row: int | None = None  # an earlier row of the same file it repeats
    duplicate_reason: str = ""
    clean: CleanContact | None = None
    new_topics: tuple[str, ...] = ()
    uid: str = ""  # a vCard's UID: the same person as the stored contact with that id
    held_back: bool = False
    # Every topic the row names that Kontakt lacks, as written (whatever becomes of it).
    unknown_topics: tuple[str, ...] = ()

    def with_duplicate(self, of: str | None, row: int | None, reason: str) -> RowPlan:
        """This plan matched to a stored contact (``of``) or an earlier row (``row``)."""
        if (of, row, reason) == (self.duplicate_of, self.duplicate_row, self.duplicate_reason):
            return self
        return RowPlan(
            self.row, self.draft, self.errors, self.warnings, of, row, reason,
            self.clean, self.new_topics, self.uid, self.held_back, self.unknown_topics,
        )  # fmt: skip

    def with_clean(self, clean: CleanContact) -> RowPlan:
        """This plan with another validated contact (rows of one person joined)."""
        return replace(self, clean=clean)


@dataclass(frozen=True, slots=True)
class ImportChoices:
    """What the user chose in the preview, row by row, held apart from the plans.

    Keyed by row number, so choices outlive a new plan of the same rows (a
    new mapping, topic choices, a corrected cell). The wizard owns it and
    hands it to :meth:`ImportService.apply`; the command line uses none.

    Attributes:
        skip: Row -> left out (True) or taken in (False); rows not listed
            follow the plan (:attr:`RowPlan.held_back`).
        on_duplicate: Row -> its own choice for a duplicate, over the import's.
    """

    skip: Mapping[int, bool] = field(default_factory=dict)
    on_duplicate: Mapping[int, OnDuplicate] = field(default_factory=dict)

    def skipped(self, plan: RowPlan) -> bool:
        """Whether the row is left out."""
        return self.skip.get(plan.row, plan.held_back)

    def own_choice(self, plan: RowPlan) -> OnDuplicate | None:
        """The row's own duplicate choice, or None: as for the whole import."""
        return self.on_duplicate.get(plan.row)

    def choice_for(self, plan: RowPlan, default: OnDuplicate) -> OnDuplicate:
        """The duplicate choice that applies to a row."""
        return self.on_duplicate.get(plan.row, default)

    def with_skip(self, row: int, skip: bool) -> ImportChoices:
        """These choices with a row left out or taken in."""
        return ImportChoices({**self.skip, row: skip}, self.on_duplicate)

    def with_choice(self, row: int, choice: OnDuplicate | None) -> ImportChoices:
        """These choices with a row's own duplicate choice (None: as for all)."""
        own = {r: c for r, c in self.on_duplicate.items() if r != row}
        if choice is not None:
            own[row] = choice
        return ImportChoices(self.skip, own)


NO_CHOICES = ImportChoices()


@dataclass(frozen=True)
class ImportOptions:
    """How to read and apply a file (a value: change it with ``dataclasses.replace``).

    Attributes:
        mapping: Column index -> field; None: remembered for these headers, else guessed.
        topic_map: Unknown topic (as written) -> existing topic, "" to drop it,
            :data:`CREATE_TOPIC` or :data:`KEEP_AS_LABEL`; topics not listed
            follow ``new_topics``.
        new_topics: What becomes of the other unknown topics. The closest
            existing topic by default: a survey's «tannhelse» is the network's
            Tannhelsereform, and a phone's «Familie» does not join the
            network's vocabulary (it is kept as a label, nothing is lost).
        synonyms: Topic synonyms from the database (word -> topic), filled by
            the import service: a file's «psykiatri» is Psykisk helse.
    """

    sheet: str | None = None
    header_row: int | None = None
    mapping: dict[int, Field] | None = None
    on_duplicate: OnDuplicate = OnDuplicate.SKIP
    topic_map: dict[str, str] = field(default_factory=dict)
    new_topics: NewTopics = NewTopics.CLOSEST
    consent_basis: ConsentBasis | None = None
    consent_source: str = ""
    include_erased: bool = False  # import people erased on request anyway (else skipped)
    encoding: str | None = None  # a CSV file's encoding (a Python codec name); None: guessed
    synonyms: dict[str, str] = field(default_factory=dict)
    # A survey export's name (``--survey-name``, the wizard's field); "": the file's name.
    survey_name: str = ""


@dataclass(frozen=True)
class Seen:
    """The stored contacts as the preview's duplicate check saw them.

    Applying compares them with what is stored then, inside its writing
    transaction, to find people others added or changed in between.

    Attributes:
        fingerprint: The live contacts' count, largest id, sum of ids and sum of
            versions: equal at apply, nothing changed (the quick case).
        versions: Each live contact the check saw, as ``id << 32 | version``.
    """

    fingerprint: tuple[Any, ...]
    versions: array[int]


@dataclass(frozen=True)
class ImportPreview:
    """A file read and planned, not yet applied: what the wizard's preview shows.

    A value: :meth:`ImportService.replan` and :meth:`ImportService.correct`
    return a new preview and leave this one as it is, so a table may go on
    showing it while the next one is planned.
    """

    path: Path
    sheet: str
    sheets: tuple[str, ...]
    header_row: int
    headers: tuple[str, ...]
    mapping: Mapping[int, Field]
    rows: tuple[RowPlan, ...]
    unknown_topics: tuple[str, ...]
    file_sha256: str
    options: ImportOptions
    # The cells of each row as planned (corrections typed in the preview included),
    # kept so that a new mapping or a corrected cell is planned again without
    # reading the file again.
    cells: tuple[tuple[object, ...], ...] = ()
    table: RawTable | None = None
    # What the duplicate check saw (None: nothing; applying then checks everyone).
    seen: Seen | None = None

    @property
    def file_name(self) -> str:
        """The file's name for the report and the import log: the bytes of a name that
        are not UTF-8 (a Latin-1 name on Linux) shown as ``\\xe6``, which the database
        can store."""
        return printable(self.path.name)


SINCE_PREVIEW_KEYS = ("matched", "skipped", "updated", "created", "gone")


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    file: str
    sheet: str
    dry_run: bool
    batch_id: int | None = None
    created: int = 0
    updated: int = 0
    skipped: int = 0
    duplicates: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    created_topics: list[str] = field(default_factory=list)
    # Rows joined into an earlier row of the file (the same person), saying what they added.
    combined: list[Issue] = field(default_factory=list)
    # Rows that turned out, when writing, to be people others stored after the
    # file was read ("matched"), and what became of them; "gone": rows meant to
    # update a contact that others deleted meanwhile (skipped).
    since_preview: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("matched", "skipped", "updated", "created", "gone"), 0
        )
    )
    # A survey export: the survey kept (its name) and how many responses it holds.
    survey: str = ""
    survey_responses: int = 0

    def to_json(self) -> dict[str, Any]:
        """The report as JSON (``kontakt import --report``)."""

        def issues(items: list[Issue]) -> list[dict[str, Any]]:
            return [{"row": i.row, "column": i.column, "message": i.message} for i in items]

        return {
            "file": self.file,
            "sheet": self.sheet,
            "dry_run": self.dry_run,
            "batch_id": self.batch_id,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "errors": issues(self.errors),
            "warnings": issues(self.warnings),
            "created_topics": self.created_topics,
            "combined": issues(self.combined),
            "since_preview": dict(self.since_preview),
            "survey": {"name": self.survey, "responses": self.survey_responses}
            if self.survey
            else None,
        }

    def summary(self) -> str:
        """One Norwegian sentence for the CLI and the wizard's last page."""
        verb = "Ville ha" if self.dry_run else "Har"
        joined = ""
        if self.combined:
            n = len(self.combined)
            rows = "1 rad" if n == 1 else f"{n} rader"
            joined = f", slått sammen {rows} med en tidligere rad om samme person"
        kept = ""
        if self.survey:
            answers = "1 svar" if self.survey_responses == 1 else f"{self.survey_responses} svar"
            state = "ville blitt lagret" if self.dry_run else "er lagret"
            kept = f" Undersøkelsen «{self.survey}»: {answers} {state}."
        return (
            f"{verb} opprettet {self.created}, oppdatert {self.updated}{joined} og hoppet over "
            f"{self.skipped} rader ({len(self.errors)} feil, {len(self.warnings)} advarsler)."
            f"{kept}"
        )

    def since_preview_text(self, when: str = "etter at filen ble lest") -> str:
        """What others stored while the import was being prepared, in Norwegian ("" if nothing).

        Args:
            when: When it happened, e.g. «mens du så på forhåndsvisningen».
        """
        s = self.since_preview
        sentences = []
        if s["matched"]:
            who = "1 person" if s["matched"] == 1 else f"{s['matched']} personer"
            done = [
                (s["skipped"], "hoppet over"),
                (s["updated"], "oppdatert"),
                (s["created"], "opprettet likevel (valgt: «Opprett ny»)"),
            ]
            done = [(n, what) for n, what in done if n]
            if len(done) == 1:
                they = "den" if s["matched"] == 1 else "de"
                outcome = f"; {they} ble {done[0][1]}"
            else:
                outcome = ": " + ", ".join(f"{n} ble {what}" for n, what in done)
            sentences.append(f"{who} i filen var lagt inn av noen andre {when}{outcome}.")
        if s["gone"]:
            rows, they = ("1 rad", "den") if s["gone"] == 1 else (f"{s['gone']} rader", "de")
            sentences.append(
                f"{rows} skulle oppdatere kontakter som noen andre slettet {when}; "
                f"{they} ble hoppet over."
            )
        return " ".join(sentences)
