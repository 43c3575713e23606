"""`kontakt events`: events from the command line (see DESIGN.md).

    kontakt events list [--year N] [--json]
    kontakt events invite ID [filters] [--subject TEXT --body-file FILE] [smtp options] [--yes]
    kontakt events attendance ID FILE
    kontakt events remind [smtp options] [--yes]
    kontakt events reminder-time [TT:MM]
    kontakt events follow-up ID --attended|--no-show --subject TEXT --body-file FILE
                             [smtp options] [--yes]
    kontakt events resend ID [smtp options] [--yes]
    kontakt events cancel ID [smtp options] [--yes]

Invitations are meeting requests calendars can answer; ``resend`` sends the
changed event's request (its higher SEQUENCE replaces the calendar entry)
and ``cancel`` sends ``METHOD:CANCEL`` and deletes the event, both to those
invited who have not declined. The smtp options are those of ``mail send``.
What sends mail asks first at a terminal; with ``--yes`` it does not, and
without it, run from a script, it only tells what it would send.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from kontakt.app import Core
from kontakt.cli.common import (
    add_filter_arguments,
    dump_json,
    filter_from_args,
    for_terminal,
    print_table,
)
from kontakt.cli.mail import add_server_arguments, read_text, run_sending, server_from_args
from kontakt.services.outreach import event_letters
from kontakt.services.outreach.event_mail import NOT_DECLINED
from kontakt.services.outreach.events import EventSummary, ParticipantStatus
from kontakt.services.outreach.mailing import MailingPlan
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.services.outreach.outbox import Server
from kontakt.services.scope import ContactScope

COMMANDS = "list|invite|attendance|remind|reminder-time|follow-up|resend|cancel"


def add_events_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``events`` command and its subcommands."""
    p = sub.add_parser("events", help="arrangementer: invitasjoner, påminnelser, deltakelse")
    events = p.add_subparsers(dest="events_command", metavar=COMMANDS, required=True)

    s = events.add_parser("list", help="vis arrangementene, tidligst først")
    s.add_argument("--year", type=int, metavar="ÅR", help="bare arrangementer dette året")
    s.add_argument("--json", action="store_true", help="skriv én JSON-liste")

    s = events.add_parser("invite", help="send møteinvitasjon til kontaktene i utvalget")
    s.add_argument("event", metavar="ID", type=int)
    s.add_argument("--subject", metavar="TEKST", help="emne (ellers Kontakts invitasjon)")
    s.add_argument("--body-file", metavar="FIL", type=Path, help="tekst, UTF-8")
    _add_sending_arguments(s)
    add_filter_arguments(s)

    s = events.add_parser("attendance", help="les deltakerrapport fra Teams eller Zoom")
    s.add_argument("event", metavar="ID", type=int)
    s.add_argument("file", metavar="FIL", type=Path)

    s = events.add_parser("remind", help="send påminnelsene som er forfalt (dagen før)")
    _add_sending_arguments(s)

    s = events.add_parser("reminder-time", help="vis eller sett når påminnelsen går dagen før")
    s.add_argument("time", metavar="TT:MM", nargs="?", help="klokkeslett (standard 18:00)")

    s = events.add_parser("follow-up", help="send til de som deltok, eller som ikke kom")
    s.add_argument("event", metavar="ID", type=int)
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--attended", action="store_true", help="til de som deltok")
    who.add_argument(
        "--no-show", action="store_true", help="til de som meldte seg på, men ikke kom"
    )
    s.add_argument("--subject", metavar="TEKST", required=True, help="emne (flettefelt tillatt)")
    s.add_argument("--body-file", metavar="FIL", type=Path, required=True, help="tekst, UTF-8")
    _add_sending_arguments(s)

    s = events.add_parser("resend", help="send den endrede invitasjonen til de inviterte")
    s.add_argument("event", metavar="ID", type=int)
    _add_sending_arguments(s)

    s = events.add_parser("cancel", help="avlys: send avlysning og slett arrangementet")
    s.add_argument("event", metavar="ID", type=int)
    _add_sending_arguments(s)


def _add_sending_arguments(p: argparse.ArgumentParser) -> None:
    add_server_arguments(p)
    p.add_argument("--from", dest="sender", metavar="ADRESSE", help="avsenderadresse")
    p.add_argument("--from-name", metavar="NAVN", help="avsendernavn")
    p.add_argument("--yes", action="store_true", help="ikke spør før sending")


def run_events(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``kontakt events …``; returns the exit code."""
    commands: dict[str, Callable[[Core, argparse.Namespace, TextIO], int]] = {
        "list": cmd_list,
        "invite": cmd_invite,
        "attendance": cmd_attendance,
        "remind": cmd_remind,
        "reminder-time": cmd_reminder_time,
        "follow-up": cmd_follow_up,
        "resend": cmd_resend,
        "cancel": cmd_cancel,
    }
    return commands[args.events_command](core, args, out)


def event_json(summary: EventSummary) -> dict[str, Any]:
    """One event as ``events list --json`` prints it (times in ISO 8601, local offset)."""
    d = summary.data
    return {
        "id": summary.id,
        "uid": summary.uid,
        "title": d.title,
        "start": d.starts_at.astimezone().isoformat(),
        "end": d.ends_at.astimezone().isoformat(),
        "link": d.link,
        "place": d.place,
        "sequence": summary.sequence,
        "counts": {s.value: summary.count(s) for s in ParticipantStatus},
    }


def cmd_list(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt events list``."""
    found = core.events.events(args.year)
    if args.json:
        dump_json([event_json(e) for e in found], out)
        return 0
    rows = [["Nr", "Starter", "Tittel", "Invitert", "Ja", "Kanskje", "Nei", "Deltok"]]
    rows += [
        [
            str(e.id),
            event_letters.when_text(e.data.starts_at),
            e.data.title,
            *(str(e.count(s)) for s in ParticipantStatus),
        ]
        for e in found
    ]
    if len(rows) == 1:
        out.write("Ingen arrangementer.\n")
        return 0
    print_table(rows, out)
    return 0


def _sender(server: Server, args: argparse.Namespace) -> Sender:
    return Sender(args.from_name or server.sender.name, args.sender or server.sender.address)


def _confirm(args: argparse.Namespace, question: str, out: TextIO) -> bool:
    """--yes, or a «ja» at the terminal; a script without --yes sends nothing."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        out.write(f"{question} Ingenting sendt: bruk --yes for å sende.\n")
        return False
    answer = input(f"{question} [j/N] ")
    if answer.strip().casefold() in ("j", "ja", "y", "yes"):
        return True
    out.write("Ingenting sendt.\n")
    return False


def _left_out(plan: MailingPlan, out: TextIO) -> None:
    for left in plan.left_out:
        out.write(for_terminal(f"Utelatt: {left.name} ({left.reason})") + "\n")


def _stored(core: Core, mailing_id: int, what: str, server: Server, out: TextIO) -> int:
    count = core.mailings.summary(mailing_id).total
    out.write(f"{what}: utsending nr. {mailing_id} er lagret med {count} mottakere.\n")
    return run_sending(core, mailing_id, server, out)


def cmd_invite(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt events invite ID``."""
    summary = core.events.summary(args.event)
    server = server_from_args(core.outbox, args)
    subject, body = event_letters.invitation(summary.data)
    if args.body_file:
        body = read_text(args.body_file, "Meldingsfila")
    draft = MailDraft(args.subject or subject, body)
    draft.check()
    plan = core.mailings.plan(ContactScope(filter=filter_from_args(core, args)))
    _left_out(plan, out)
    title = for_terminal(summary.data.title)
    if not _confirm(args, f"Invitere {len(plan.recipients)} til «{title}»?", out):
        return 0
    mailing_id = core.events.invite(args.event, draft, _sender(server, args), plan)
    return _stored(core, mailing_id, "Invitasjon", server, out)


def cmd_attendance(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt events attendance ID FILE``."""
    core.events.summary(args.event)  # an unknown number is named before the file is read
    result = core.events.import_attendance(args.event, args.file)
    for name in result.marked:
        out.write(for_terminal(f"Deltok: {name}") + "\n")
    for person in result.unmatched:
        who = " ".join(p for p in (person.name, f"<{person.email}>" if person.email else "") if p)
        out.write(for_terminal(f"Ikke funnet i Kontakt: {who}") + "\n")
    out.write(f"{len(result.marked)} markert som deltatt, {len(result.unmatched)} ikke funnet.\n")
    return 0


def cmd_remind(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt events remind``: the day-before reminders that are due."""
    due = core.event_mail.due_reminders()
    if not due:
        out.write("Ingen påminnelser å sende nå.\n")
        return 0
    for event_id in due:
        summary = core.events.summary(event_id)
        count = len(core.event_mail.audience(event_id, NOT_DECLINED).recipients)
        out.write(
            for_terminal(
                f"Påminnelse: «{summary.data.title}» "
                f"{event_letters.when_text(summary.data.starts_at)}, {count} mottakere"
            )
            + "\n"
        )
    server = server_from_args(core.outbox, args)
    if not _confirm(args, f"Sende {len(due)} påminnelser?", out):
        return 0
    for mailing_id in core.event_mail.create_reminders(_sender(server, args)):
        _stored(core, mailing_id, "Påminnelse", server, out)
    return 0


def cmd_reminder_time(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt events reminder-time [TT:MM]``: the day-before reminder's time, shown or set."""
    if args.time is not None:
        core.event_mail.set_reminder_time(args.time)
    out.write(f"Påminnelsen sendes dagen før kl. {core.event_mail.reminder_time():%H:%M}.\n")
    return 0


def cmd_follow_up(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt events follow-up ID --attended|--no-show``."""
    summary = core.events.summary(args.event)
    server = server_from_args(core.outbox, args)
    draft = MailDraft(args.subject, read_text(args.body_file, "Meldingsfila"))
    draft.check()
    plan = core.event_mail.follow_up_plan(args.event, attended=args.attended)
    _left_out(plan, out)
    who = "som deltok" if args.attended else "som meldte seg på, men ikke kom"
    title = for_terminal(summary.data.title)
    if not _confirm(args, f"Sende til {len(plan.recipients)} {who} på «{title}»?", out):
        return 0
    mailing_id = core.event_mail.follow_up(
        args.event, draft, _sender(server, args), attended=args.attended
    )
    return _stored(core, mailing_id, "Oppfølging", server, out)


def cmd_resend(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt events resend ID``: the changed invitation to those who have not declined."""
    summary = core.events.summary(args.event)
    server = server_from_args(core.outbox, args)
    plan = core.event_mail.audience(args.event, NOT_DECLINED)
    _left_out(plan, out)
    title = for_terminal(summary.data.title)
    if not _confirm(args, f"Sende endret invitasjon til {len(plan.recipients)} («{title}»)?", out):
        return 0
    mailing_id = core.event_mail.send_changes(args.event, _sender(server, args))
    return _stored(core, mailing_id, "Endret invitasjon", server, out)


def cmd_cancel(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt events cancel ID``: the cancellation, and the event deleted."""
    summary = core.events.summary(args.event)
    server = server_from_args(core.outbox, args)
    plan = core.event_mail.audience(args.event, NOT_DECLINED)
    _left_out(plan, out)
    title = for_terminal(summary.data.title)
    question = f"Avlyse «{title}» og sende avlysning til {len(plan.recipients)}?"
    if not _confirm(args, question, out):
        return 0
    _, mailing_id = core.event_mail.cancel(args.event, _sender(server, args))
    out.write(f"«{title}» er avlyst og slettet.\n")
    if mailing_id is None:
        return 0
    return _stored(core, mailing_id, "Avlysning", server, out)
