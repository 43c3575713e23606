"""«Kandidatpakke»: what a place's candidates get before the election (issue 22).

For a municipality or a county: the idébank's documents on the topics its
candidates hold (or the topics chosen) and the officials of the same county
(folkevalgt and tillitsvalgt roles) who work on those topics, sent to the
candidates in one mailing. The documents' files go along as attachments (a
document without files as its text in a .txt file), exactly as «Send til …»
in the idébank sends one document; the mailing is tied to every document, so
each delivery writes the document recipients and the contacts' history (the
idébank's delivery hook), and the mailing is logged like any other.

:meth:`CandidatePackService.pack` is the preview (``--dry-run``, the dialog),
:meth:`CandidatePackService.create_mailing` stores the mailing to send with
``Outbox.send_steps``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kontakt.domain.documents import DocumentFilter, DocumentRow, labelled_title
from kontakt.domain.records import ContactFilter, ContactRow, RoleKind
from kontakt.domain.text import fold
from kontakt.errors import KontaktError
from kontakt.services.candidates import Candidate, CandidatePlace, CandidateService
from kontakt.services.ideabank import IdeaBankService, sending
from kontakt.services.outreach.mailing import MailingPlan, MailingService
from kontakt.services.outreach.message import Attachment, MailDraft, Sender
from kontakt.services.scope import ContactScope
from kontakt.services.search import SearchService

_OFFICIALS = (RoleKind.FOLKEVALGT, RoleKind.TILLITSVALGT)
_MAX_DOCUMENTS = 50


@dataclass(frozen=True, slots=True)
class CandidatePack:
    """What a place's candidates would get.

    Attributes:
        place: The municipality or county.
        election: The election («» for every election).
        candidates: Who gets it.
        topics: The topics it is about.
        documents: The idébank's documents on those topics.
        officials: Folkevalgte and tillitsvalgte in the county on those topics.
    """

    place: CandidatePlace
    election: str
    candidates: tuple[Candidate, ...]
    topics: tuple[str, ...]
    documents: tuple[DocumentRow, ...]
    officials: tuple[ContactRow, ...]


class CandidatePackService:
    """Builds, previews and stores a Kandidatpakke mailing.

    Args:
        candidates: The candidates by place.
        ideabank: The documents and their files.
        search: The contact search (officials in the county).
        mailings: Stores the mailing.
    """

    def __init__(
        self,
        candidates: CandidateService,
        ideabank: IdeaBankService,
        search: SearchService,
        mailings: MailingService,
    ) -> None:
        self._candidates = candidates
        self._ideabank = ideabank
        self._search = search
        self._mailings = mailings

    def pack(
        self, place: CandidatePlace, election: str = "", topics: Sequence[str] = ()
    ) -> CandidatePack:
        """The pack for a place: candidates, topics, documents and officials.

        Args:
            place: The municipality or county.
            election: Only the candidates for this election.
            topics: The topics; empty for the topics the candidates hold.
        """
        candidates = tuple(self._candidates.candidates(place, election))
        chosen = tuple(dict.fromkeys(topics)) or tuple(
            dict.fromkeys(t for c in candidates for t in c.row.topics)
        )
        documents: dict[int, DocumentRow] = {}
        for topic in chosen:
            found = self._ideabank.search(DocumentFilter(topics=(topic,)), 0, _MAX_DOCUMENTS)
            for row in found.rows:
                documents.setdefault(row.id, row)
        ordered = sorted(documents.values(), key=lambda d: (d.kind.value, fold(d.title)))
        return CandidatePack(
            place,
            election,
            candidates,
            chosen,
            tuple(ordered[:_MAX_DOCUMENTS]),
            self._officials(place, chosen, {c.row.uid for c in candidates}),
        )

    def _officials(
        self, place: CandidatePlace, topics: Sequence[str], candidates: set[str]
    ) -> tuple[ContactRow, ...]:
        if not topics:
            return ()
        found: dict[str, ContactRow] = {}
        for kind in _OFFICIALS:
            f = ContactFilter(
                county=place.county_number, topics=tuple(topics), any_topic=True, role_kind=kind
            )
            for row in self._search.all_rows(f):
                if row.uid not in candidates:
                    found.setdefault(row.uid, row)
        return tuple(sorted(found.values(), key=lambda r: fold(r.full_name)))

    def mail_draft(self, pack: CandidatePack) -> MailDraft:
        """The message: a greeting, the documents (attached) and the officials to ask."""
        lines = ["Hei {fornavn}!", ""]
        where = sending.literal(pack.place.name)
        lines.append(f"Her er en kandidatpakke for deg som står på liste i {where}.")
        if pack.topics:
            lines.append("Tema: " + sending.literal(", ".join(pack.topics)) + ".")
        attachments: list[Attachment] = []
        if pack.documents:
            lines += ["", "Vedlagt fra idébanken:"]
            for doc in pack.documents:
                title = sending.literal(labelled_title(doc.kind, doc.title))
                place = f" ({sending.literal(doc.place_name)})" if doc.place_name else ""
                lines.append(f"- {title}{place}")
                attachments += self._files(doc)
        if pack.officials:
            lines += ["", "Folkevalgte og tillitsvalgte i fylket som jobber med dette:"]
            for row in pack.officials:
                lines.append("- " + sending.literal(_official_line(row)))
        lines += ["", "Lykke til i valgkampen!"]
        subject = f"Kandidatpakke for {where}"
        return MailDraft(subject, "\n".join(lines) + "\n", "", tuple(attachments))

    def _files(self, doc: DocumentRow) -> list[Attachment]:
        files = self._ideabank.attachments(doc.id)
        if files:
            return files
        page = self._ideabank.page(doc.id)
        if not page.text:
            return []
        name = sending.text_file_name(doc.title)
        return [Attachment(name, page.text.encode("utf-8"), "text/plain")]

    def plan(self, pack: CandidatePack) -> MailingPlan:
        """The recipients: the candidates (those without e-mail or reserved are left out)."""
        uids = tuple(dict.fromkeys(c.row.uid for c in pack.candidates))
        return self._mailings.plan(ContactScope(uids=uids))

    def create_mailing(
        self,
        pack: CandidatePack,
        sender: Sender,
        draft: MailDraft | None = None,
        plan: MailingPlan | None = None,
    ) -> int:
        """Store the pack's mailing, tied to every document; returns its number.

        Args:
            pack: What to send.
            sender: From whom.
            draft: The message as edited (default :meth:`mail_draft`).
            plan: The recipients as chosen (default the pack's candidates).

        Raises:
            KontaktError: No candidates there, or none can get e-mail.
        """
        if not pack.candidates:
            raise KontaktError(f"Ingen kandidater i {pack.place.name}.")
        draft = draft or self.mail_draft(pack)

        def link(session: Session, mailing_id: int) -> None:
            for doc in pack.documents:
                sending.link_mailing(session, doc.id, mailing_id, True)

        return self._mailings.create(
            draft,
            sender,
            plan or self.plan(pack),
            f"Kandidatpakke {pack.place.name}",
            on_stored=link,
        )


def _official_line(row: ContactRow) -> str:
    roles = [r for r in row.roles if r.kind in _OFFICIALS]
    role = ", ".join(p for p in (roles[0].title, roles[0].body) if p) if roles else ""
    parts = [row.full_name, role, row.primary_email, row.primary_phone]
    return " – ".join(p for p in parts if p)
