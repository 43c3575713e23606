"""Value types of the idea bank (Idébank): documents the network writes and shares.

A document is an interpellation, a consultation answer, a reader's letter
... with its topics, the place it was used, its authors (contacts), its text
and attached files, and who has received it. The window, the command line
and the tests exchange these snapshots; nothing above storage holds an ORM
object.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath

from kontakt.domain.records import Place
from kontakt.domain.text import clean, fold
from kontakt.domain.wording import plural


class DocumentKind(StrEnum):
    """What kind of document it is."""

    INTERPELLASJON = "interpellasjon"
    HORINGSSVAR = "høringssvar"
    LESERINNLEGG = "leserinnlegg"
    REPRESENTANTFORSLAG = "representantforslag"
    PROGRAMTEKST = "programtekst"
    ANNET = "annet"


KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.INTERPELLASJON: "Interpellasjon",
    DocumentKind.HORINGSSVAR: "Høringssvar",
    DocumentKind.LESERINNLEGG: "Leserinnlegg",
    DocumentKind.REPRESENTANTFORSLAG: "Representantforslag",
    DocumentKind.PROGRAMTEKST: "Programtekst",
    DocumentKind.ANNET: "Annet",
}


class DocumentStatus(StrEnum):
    """How far a document has come."""

    UTKAST = "utkast"
    FREMMET = "fremmet"
    VEDTATT = "vedtatt"
    AVVIST = "avvist"


STATUS_LABELS: dict[DocumentStatus, str] = {
    DocumentStatus.UTKAST: "Utkast",
    DocumentStatus.FREMMET: "Fremmet",
    DocumentStatus.VEDTATT: "Vedtatt",
    DocumentStatus.AVVIST: "Avvist",
}


class UseFilter(StrEnum):
    """The idea-bank list narrowed by use."""

    USED = "brukt"  # used somewhere
    ADOPTED = "vedtatt"  # adopted somewhere
    NEVER = "aldri"  # never used


USE_FILTER_LABELS: dict[UseFilter, str] = {
    UseFilter.USED: "Brukt et sted",
    UseFilter.ADOPTED: "Vedtatt et sted",
    UseFilter.NEVER: "Aldri brukt",
}


class DocumentOrder(StrEnum):
    """How the idea-bank list is sorted."""

    NEWEST = "nyeste"  # newest date first
    MOST_USED = "mest-brukt"  # most places first, then newest


@dataclass(frozen=True, slots=True)
class DocumentDraft:
    """The editable fields of a document, as the editor, an import or the CLI give them.

    Places are given by name or number (checked by the service); topics by
    name (new ones are created); authors by contact uid.
    """

    title: str
    kind: DocumentKind = DocumentKind.ANNET
    status: DocumentStatus = DocumentStatus.UTKAST
    topics: tuple[str, ...] = ()
    county: str = ""
    municipality: str = ""
    date: dt.date | None = None
    text: str = ""
    link: str = ""
    authors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentFile:
    """A file to attach: its bytes and the text extracted from it for search."""

    filename: str
    content: bytes
    mime_type: str
    text: str = ""
    truncated: bool = False

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.content)


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """What the idea bank search narrows to; every criterion must hold (AND).

    Attributes:
        text: Words that must all occur in the title, the text or an attached
            file's text; case and æøå case are ignored, parts of words match
            («sykehus» finds «lokalsykehuset»).
        kind: Only documents of this kind.
        topics: Topic names; a document must have all of them.
        county: County number or name (former names resolve to their successors);
            matches documents used in the county or one of its municipalities.
        year: Only documents dated in this year.
        status: Only documents with this status.
        use: Only documents used somewhere, adopted somewhere, or never used.
        order: Newest first, or the most used (most places) first.
    """

    text: str = ""
    kind: DocumentKind | None = None
    topics: tuple[str, ...] = ()
    county: str = ""
    year: int | None = None
    status: DocumentStatus | None = None
    use: UseFilter | None = None
    order: DocumentOrder = DocumentOrder.NEWEST


@dataclass(frozen=True, slots=True)
class Person:
    """A contact linked to a document (author), as shown."""

    uid: str
    name: str


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One document as the list shows it (no text, no file contents)."""

    id: int
    uid: str
    title: str
    kind: DocumentKind
    status: DocumentStatus
    date: dt.date | None
    county: Place | None
    municipality: Place | None
    topics: tuple[str, ...]
    authors: tuple[Person, ...]
    file_count: int
    updated_at: dt.datetime
    # Distinct places (municipalities, else counties) it was used in, and adopted in.
    used_places: int = 0
    adopted_places: int = 0

    @property
    def place_name(self) -> str:
        """The municipality's name, else the county's, else ``""``."""
        place = self.municipality or self.county
        return place.name if place else ""


@dataclass(frozen=True, slots=True)
class FileInfo:
    """An attached file, without its bytes."""

    id: int
    filename: str
    mime_type: str
    size: int
    text_chars: int
    added_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Delivery:
    """One recipient of a document: who, when, through which mailing."""

    uid: str
    name: str
    address: str
    sent_at: dt.datetime
    mailing_id: int | None


@dataclass(frozen=True, slots=True)
class DocumentPage:
    """Everything about one document: the editable fields, files and recipients."""

    row: DocumentRow
    text: str
    link: str
    files: tuple[FileInfo, ...]
    recipients: tuple[Delivery, ...]
    created_at: dt.datetime
    version: int

    def to_draft(self) -> DocumentDraft:
        """The editable part, e.g. to change one field and save."""
        r = self.row
        return DocumentDraft(
            title=r.title,
            kind=r.kind,
            status=r.status,
            topics=r.topics,
            county=r.county.number if r.county and not r.municipality else "",
            municipality=r.municipality.number if r.municipality else "",
            date=r.date,
            text=self.text,
            link=self.link,
            authors=tuple(a.uid for a in r.authors),
        )


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One page of matching documents and how many match in all."""

    rows: tuple[DocumentRow, ...]
    total: int


class Involvement(StrEnum):
    """How a contact is tied to a document."""

    WROTE = "skrev"
    RECEIVED = "mottok"


@dataclass(frozen=True, slots=True)
class ContactDocument:
    """A document a contact wrote or received, for the contact's page."""

    document_id: int
    title: str
    kind: DocumentKind
    involvement: Involvement
    # Authors: the document's date; recipients: when it was sent.
    when: dt.date | None


@dataclass
class FolderReport:
    """What a folder import did.

    Attributes:
        added: (file name, document number) of each document added.
        skipped: (file name, Norwegian reason) of each file left out.
        notes: (file name, Norwegian remark) for files added with a caveat
            (no text found, text cut).
    """

    added: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One Norwegian sentence."""
        text = f"{plural(len(self.added), 'dokument', 'dokumenter')} lagt inn"
        if self.skipped:
            text += f", {plural(len(self.skipped), 'fil', 'filer')} hoppet over"
        return text + "."


def labelled_title(kind: DocumentKind, title: str) -> str:
    """«Høringssvar: Tittel», or the title alone when it already names its kind."""
    label = KIND_LABELS[kind]
    if kind is DocumentKind.ANNET or fold(title).startswith(fold(label)):
        return title
    return f"{label}: {title}"


# Words in a file name that tell the kind, tried in this order.
_KIND_WORDS = (
    ("interpellasjon", DocumentKind.INTERPELLASJON),
    ("representantforslag", DocumentKind.REPRESENTANTFORSLAG),
    ("høring", DocumentKind.HORINGSSVAR),
    ("horing", DocumentKind.HORINGSSVAR),
    ("leserinnlegg", DocumentKind.LESERINNLEGG),
    ("kronikk", DocumentKind.LESERINNLEGG),
    ("program", DocumentKind.PROGRAMTEKST),
)
_UNDERSCORES = re.compile(r"_+")


def guess_kind(name: str) -> DocumentKind | None:
    """The kind a file name says, e.g. «Høringssvar fastlegeordningen.pdf»; None if it says none."""
    key = fold(name)
    return next((kind for word, kind in _KIND_WORDS if word in key), None)


def title_from_filename(name: str) -> str:
    """A title from a file name: no extension, underscores as spaces, first letter capital.

    ``interpellasjon_fødetilbud_Vestland.pdf`` gives «Interpellasjon fødetilbud Vestland».
    """
    stem = PurePath(name).stem if PurePath(name).suffix else name
    title = clean(_UNDERSCORES.sub(" ", stem))
    return (title[:1].upper() + title[1:])[:300]


def find_snippet(
    sources: list[tuple[str, str]], terms: tuple[str, ...], width: int = 70
) -> tuple[str, str] | None:
    """Where the first of the (casefolded) terms occurs, with some text around it.

    Args:
        sources: (where, text) pairs, searched in order, e.g. («teksten», …).
        terms: The search words, casefolded.
        width: Characters kept on each side of the word.

    Returns:
        (where, «…text around the word…») or None when no term occurs.
    """
    for where, text in sources:
        folded = fold(text)
        if len(folded) != len(text):  # a letter that folds to two (ß): show the folded text
            text = folded
        for term in terms:
            at = folded.find(term)
            if at < 0:
                continue
            start, end = max(0, at - width), min(len(text), at + len(term) + width)
            piece = " ".join(text[start:end].split())
            return where, ("…" if start else "") + piece + ("…" if end < len(text) else "")
    return None
