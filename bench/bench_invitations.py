"""Building one recipient's message: a plain mailing's and an event invitation's.

An invitation carries an iMIP meeting request naming its recipient as the
attendee: the stored request is read with vobject, the attendee added, and
it is written twice (the text/calendar alternative and the .ics file). This
measures what that adds per message, beside the pacing (30 messages a
minute by default) that bounds a mailing's time anyway.

    .venv/bin/python bench/bench_invitations.py [--n 2000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from kontakt.io.ical import CalendarEvent, Person, meeting_ics
from kontakt.services.outreach.message import (
    MailDraft,
    Sender,
    build_message,
    meeting_attachment,
)


def per_message_ms(draft: MailDraft, sender: Sender, n: int) -> float:
    """Milliseconds to build and serialise one recipient's message (mean of ``n``)."""
    start = time.perf_counter()
    for i in range(n):
        values = {"fornavn": f"Person{i}"}
        msg = build_message(
            draft, sender, f"Person{i} Ødegård", f"p{i}@example.no", values, f"<{i}@bench>"
        )
        msg.as_bytes()
    return (time.perf_counter() - start) / n * 1000


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    n = parser.parse_args().n
    sender = Sender("SV helse", "nettverk@example.no")
    start = dt.datetime(2030, 3, 5, 18, tzinfo=dt.UTC)
    event = CalendarEvent(
        "bench", "Nettverksmøte: fastlegekrisen", start, start + dt.timedelta(hours=1),
        "https://zoom.example/j/1", "", "Hva kan kommunene gjøre? " * 10, 2,
    )  # fmt: skip
    request = meeting_ics(event, Person(sender.name, sender.address))
    body = "Hei {fornavn}!\n\nVelkommen til nettverksmøtet.\n"
    plain = MailDraft("Invitasjon", body)
    invitation = MailDraft("Invitasjon", body, "", (meeting_attachment(request, "REQUEST"),))
    print(f"plain message:        {per_message_ms(plain, sender, n):.2f} ms per recipient")
    print(f"meeting request:      {per_message_ms(invitation, sender, n):.2f} ms per recipient")


if __name__ == "__main__":
    main()
