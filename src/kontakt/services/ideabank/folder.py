"""Import a folder of existing documents (PDF, DOCX, TXT) into the idea bank.

Each file becomes one document, titled from its file name, with its text
extracted for search. A file that cannot be read is reported (in Norwegian,
naming it) and skipped; the others are still imported, each in its own
transaction. A file already in the idea bank (same name and bytes) is not
added twice, so a folder can be imported again after new files arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import replace
from pathlib import Path

from kontakt.domain.documents import (
    DocumentDraft,
    DocumentFile,
    DocumentKind,
    FolderReport,
    guess_kind,
    title_from_filename,
)
from kontakt.io.documents import IMPORTABLE, DocumentRefused, read_document
from kontakt.io.importers.raw import file_label

FolderSteps = Generator[tuple[int, int], None, FolderReport]
NO_TEXT = "fant ingen tekst (et skannet bilde?); søket finner bare tittelen"


def folder_files(folder: Path) -> list[Path]:
    """The files of a folder to consider, by name (hidden files and Word's lock files left out).

    Raises:
        DocumentRefused: The folder does not exist or cannot be read.
    """
    if not folder.is_dir():
        raise DocumentRefused(f"Fant ikke mappen «{folder}».")
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        raise DocumentRefused(f"Kan ikke lese mappen «{folder}»: {exc.strerror}.") from exc
    return sorted(
        (p for p in entries if p.is_file() and not p.name.startswith((".", "~$"))),
        key=lambda p: p.name.casefold(),
    )


def import_folder_steps(
    folder: Path,
    template: DocumentDraft,
    kind: DocumentKind | None,
    add: Callable[[DocumentDraft, DocumentFile], int],
    existing: Callable[[DocumentFile], str | None],
) -> FolderSteps:
    """Add every PDF, DOCX and TXT file of ``folder``, yielding ``(done, total)``.

    Args:
        folder: The folder (not its subfolders).
        template: Fields every document gets (topics, place, authors ...); the
            title comes from each file's name.
        kind: The kind of every document; None: from the file name when it
            says («Høringssvar …»), else «annet».
        add: Stores one document with its file; returns its number.
        existing: The title of a document that already has this file, or None.

    Returns:
        What was added and what was skipped, and why.

    Raises:
        DocumentRefused: The folder itself cannot be read.
    """
    report = FolderReport()
    files = folder_files(folder)
    wanted = [p for p in files if p.suffix.lower() in IMPORTABLE]
    for path in files:
        if path not in wanted:
            report.skipped.append((path.name, f"{file_label(path)} er ikke PDF, DOCX eller TXT"))
    yield 0, len(wanted)
    for done, path in enumerate(wanted, start=1):
        try:
            file = read_document(path)
        except DocumentRefused as exc:
            report.skipped.append((path.name, str(exc)))
            yield done, len(wanted)
            continue
        known = existing(file)
        if known is not None:
            report.skipped.append(
                (path.name, f"{file_label(path)} finnes allerede i idébanken («{known}»)")
            )
            yield done, len(wanted)
            continue
        draft = replace(
            template,
            title=title_from_filename(path.name),
            kind=kind or guess_kind(path.name) or DocumentKind.ANNET,
        )
        report.added.append((path.name, add(draft, file)))
        if not file.text.strip():
            report.notes.append((path.name, f"{file_label(path)}: {NO_TEXT}"))
        elif file.truncated:
            report.notes.append((path.name, f"{file_label(path)}: teksten er kuttet for søket"))
        yield done, len(wanted)
    return report
