"""«Send test til meg» and «Send test til styret»: the newsletter as it will look, before the send.

A test is sent straight through the server (not stored as a mailing: it is
no newsletter of the archive and no recipient's history), with «[TEST]»
before the subject. To the board it goes to the members of a list, «Styret»
if the catalog has one; each gets their own merge fields, as in the real
send; members who reserved themselves against e-mail are left out there too.
"""

from __future__ import annotations

from kontakt.domain.records import ContactFilter
from kontakt.domain.templating import FIELDS, merge_values
from kontakt.errors import KontaktError
from kontakt.services.outreach.mailing import MailingService
from kontakt.services.outreach.message import MailDraft, build_message, new_message_id
from kontakt.services.outreach.outbox import Server
from kontakt.services.scope import ContactScope

BOARD_LIST = "Styret"
TEST_PREFIX = "[TEST] "


def board_list(list_names: list[str]) -> str | None:
    """The list a board test goes to by default: «Styret» if it exists (any case)."""
    return next((n for n in list_names if n.casefold() == BOARD_LIST.casefold()), None)


def send_test_to_me(server: Server, draft: MailDraft) -> str:
    """The newsletter to the sender's own address; returns a line for the secretary.

    Raises:
        SendError: The server or the message was refused (a Norwegian reason).
    """
    sender = server.sender
    values = dict.fromkeys(FIELDS, "") | {"fornavn": sender.name or "der"}
    msg = build_message(
        _test(draft), sender, sender.name, sender.address, values, new_message_id(sender)
    )
    with server.connection() as conn:
        conn.send(msg, sender.address)
    return f"Testen er sendt til {sender.address}."


def send_test_to_list(
    server: Server, draft: MailDraft, mailings: MailingService, list_name: str
) -> str:
    """The newsletter to every member of ``list_name`` that may get e-mail.

    Raises:
        KontaktError: Nobody on the list can get it.
        SendError: The server or a message was refused (a Norwegian reason).
    """
    plan = mailings.plan(ContactScope(filter=ContactFilter(list_name=list_name)))
    if not plan.recipients:
        raise KontaktError(f"Ingen på listen «{list_name}» kan få e-post.")
    sender, test = server.sender, _test(draft)
    with server.connection() as conn:
        for row in plan.recipients:
            msg = build_message(
                test, sender, row.full_name, row.primary_email, merge_values(row),
                new_message_id(sender),
            )  # fmt: skip
            conn.send(msg, row.primary_email)
    n = len(plan.recipients)
    return f"Testen er sendt til {n} {'person' if n == 1 else 'personer'} på listen «{list_name}»."


def _test(draft: MailDraft) -> MailDraft:
    return MailDraft(
        TEST_PREFIX + draft.subject, draft.body, draft.html, draft.attachments, draft.markdown
    )
