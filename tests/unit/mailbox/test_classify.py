"""What comes back is told apart: bounces from many servers, RSVPs, auto-replies, opt-outs."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

from kontakt.domain.mail_replies import PlainAnswer
from kontakt.io.mailbox.classify import Kind, classify
from kontakt.io.mailbox.parse import MAX_BYTES, parse_message

from .messages import BOUNCES, dsn, imip_reply, reply

# (file, hard, soft): what the real servers' reports say failed.
REAL_BOUNCES = [
    ("dsn_01.txt", ["userx@example.com"], []),  # Hotmail DSN
    ("dsn_02.txt", [], ["zzzzz@example.uk"]),  # delayed: soft
    ("dsn_10.txt", ["anne.person@dom.ain"], []),  # Postfix DSN
    ("dsn_14.txt", ["userx@example.com.dk"], []),  # Exchange DSN
    ("dsn_17.txt", [], ["userx@example.fi"]),  # quota exceeded, 4.3.0: soft
    ("exim_01.txt", ["userx@its.example.nl"], []),
    ("postfix_01.txt", ["xxxxx@local.ie"], []),
    ("postfix_05.txt", ["userx@example.net"], []),
    ("qmail_01.txt", ["userx@example.de"], []),
    ("qmail_03.txt", ["userx@example.jp"], []),
    ("microsoft_01.txt", ["userx@example.com"], []),  # Exchange, non-standard
    ("microsoft_02.txt", ["userx@example.com"], []),
    ("groupwise_02.txt", ["userx@example.com"], []),  # Exchange's HTML report
    ("simple_17.txt", ["userx@example.com"], []),  # Gmail (googlemail.com)
    ("simple_28.txt", [], ["userx@example.com"]),  # Gmail: delayed, will retry
    ("yahoo_11.txt", ["bad_user@aol.com"], []),
    ("hotpop_01.txt", ["userx@example.com"], []),
    ("sendmail_01.txt", ["zzzzz@nfg.nl", "zzzzz@shaft.coal.nl"], []),
]


@pytest.mark.parametrize(("name", "hard", "soft"), REAL_BOUNCES)
def test_real_bounces_name_the_failed_addresses(name: str, hard: list[str], soft: list[str]):
    found = classify(parse_message((BOUNCES / name).read_bytes()))
    assert found.kind is Kind.BOUNCE
    assert found.bounce is not None
    assert list(found.bounce.hard) == hard
    assert list(found.bounce.soft) == soft
    for address in hard + soft:
        assert found.bounce.reason(address)


@pytest.mark.parametrize("name", ["dumbass_01.txt", "groupwise_03.txt"])
def test_messages_that_are_no_bounce_are_not_taken_for_one(name: str):
    assert classify(parse_message((BOUNCES / name).read_bytes())).kind is not Kind.BOUNCE


def test_a_dsn_gives_the_reason_and_the_message_that_bounced():
    found = classify(parse_message(dsn("ola@example.org", "<kontakt.m3.r7.abc@sv.example>")))
    assert found.bounce is not None
    assert found.bounce.hard == ("ola@example.org",)
    assert "5.1.1" in found.bounce.reason("ola@example.org")
    assert found.bounce.original_ids == ("kontakt.m3.r7.abc@sv.example",)


def test_a_full_mailbox_is_a_soft_bounce_even_when_the_action_is_failed():
    raw = dsn("ola@example.org", "<x@y>", status="5.2.2", diagnostic="552 Mailbox full")
    found = classify(parse_message(raw))
    assert found.bounce is not None
    assert (found.bounce.hard, found.bounce.soft) == ((), ("ola@example.org",))


def test_a_reply_quoting_a_failure_notice_is_a_reply():
    body = "Hei, fikk dette i går, rart?\n\n> Undelivered Mail Returned to Sender\n> 550 5.1.1"
    raw = reply("kari@example.org", "Re: Undelivered Mail Returned to Sender", body, "<a@b>")
    assert classify(parse_message(raw)).kind is Kind.REPLY


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"X-Autoreply": "yes"},
        {"X-Autorespond": "Out of office"},
        {"Precedence": "auto_reply"},
    ],
)
def test_auto_replies_by_header(headers: dict[str, str]):
    raw = reply("kari@example.org", "Re: Nyhetsbrev", "Jeg er borte.", "<a@b>", headers)
    assert classify(parse_message(raw)).kind is Kind.AUTO_REPLY


@pytest.mark.parametrize(
    "subject", ["Fravær: Nyhetsbrev", "Automatisk svar: Nyhetsbrev", "Out of Office: News"]
)
def test_auto_replies_by_subject(subject: str):
    raw = reply("kari@example.org", subject, "Jeg er tilbake 1. august.\n\n> svar Avmeld")
    assert classify(parse_message(raw)).kind is Kind.AUTO_REPLY


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Re: Nyhetsbrev", "Avmeld"),
        ("Avmeld", ""),
        ("Re: Nyhetsbrev", "Hei!\nMeld meg av lista, takk.\n\nHilsen Kari"),
        ("Re: Nyhetsbrev", "Ikkje send meg meir e-post.\n"),  # nynorsk
        ("Re: Newsletter", "Please unsubscribe me."),
        ("Re: Nyhetsbrev", "STOPP"),
        ("Re: Nyhetsbrev", "ikke send mer"),
    ],
)
def test_opt_outs_in_bokmal_nynorsk_and_english(subject: str, body: str):
    raw = reply("kari@example.org", subject, body, "<a@b>")
    assert classify(parse_message(raw)).kind is Kind.OPT_OUT


@pytest.mark.parametrize(
    "body",
    [
        # quoting our own footer, in the three ways mail programs quote
        "Takk for brevet!\n\n> Vil du ikke ha flere e-poster fra oss, svar «Avmeld»",
        "Takk!\n\nDen 3. des. 2026 kl. 10:00 skrev Nettverket <n@sv.example>:\nsvar Avmeld",
        "Thanks!\n\nOn Mon, 7 Dec 2026, Nettverket wrote:\nreply Unsubscribe",
        "Bra!\n\n-----Original Message-----\nFrom: n@sv.example\nAvmeld",
        # a cause, not an opt-out
        "Stopp privatiseringen av sykehusene! Vi må stå sammen om dette.",
    ],
)
def test_quoted_opt_out_words_and_causes_are_no_opt_out(body: str):
    raw = reply("kari@example.org", "Re: Nyhetsbrev", body, "<a@b>")
    assert classify(parse_message(raw)).kind is Kind.REPLY


@pytest.mark.parametrize(
    ("body", "answer"),
    [
        ("Ja, jeg kommer!", PlainAnswer.YES),
        ("Kommer gjerne.", PlainAnswer.YES),
        ("Kan dessverre ikke komme denne gangen.", PlainAnswer.NO),
        ("Nei, takk.", PlainAnswer.NO),
        ("Eg kjem ikkje.", PlainAnswer.NO),
        ("Kanskje, jeg sier fra.", PlainAnswer.MAYBE),
    ],
)
def test_plain_answers_to_an_invitation(body: str, answer: PlainAnswer):
    found = classify(parse_message(reply("k@example.org", "Re: Invitasjon: Møte", body, "<a@b>")))
    assert (found.kind, found.plain) == (Kind.REPLY, answer)


@pytest.mark.parametrize(
    ("partstat", "answer"),
    [("ACCEPTED", "accepted"), ("DECLINED", "declined"), ("TENTATIVE", "tentative")],
)
def test_imip_replies(partstat: str, answer: str):
    found = classify(parse_message(imip_reply("kari@example.org", "abc@kontakt", partstat)))
    assert found.kind is Kind.RSVP
    assert [(a.uid, a.address, a.answer) for a in found.answers] == [
        ("abc@kontakt", "kari@example.org", answer)
    ]


BROKEN = [
    b"",
    b"\x00\xff\xfe garbage",
    b"From: \xff\xfe@\r\nSubject: =?x-unknown?B?AAAA?=\r\n\r\nbody",
    b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\n\xe6\xf8\xe5 Avmeld",
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: multipart/mixed\r\n',
    b"Content-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n",
    b"Date: 99 Foo 99999 99:99:99\r\nIn-Reply-To: <" + b"x" * 5000 + b">\r\n\r\n",
    b"Return-Path: <>\r\nContent-Type: multipart/report; report-type=delivery-status;"
    b' boundary="z"\r\n\r\n--z\r\nContent-Type: message/delivery-status\r\n\r\nAction: failed\r\n',
]


@pytest.mark.parametrize("raw", BROKEN)
def test_broken_messages_never_crash(raw: bytes):
    found = classify(parse_message(raw))
    assert found.kind in set(Kind)


def test_unknown_charset_still_reads_the_text():
    raw = b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nAvmeld\r\n"
    assert classify(parse_message(raw)).kind is Kind.OPT_OUT


def test_a_20_mb_message_is_read_in_bounded_memory():
    """Only the head is parsed: a 20 MB attachment costs neither time nor memory."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (400 * 2**20, 400 * 2**20))\n"
        "from kontakt.io.mailbox.classify import classify\n"
        "from kontakt.io.mailbox.parse import parse_message\n"
        "head = b'From: k@example.org\\r\\nSubject: Re: x\\r\\nContent-Type: multipart/mixed;"
        ' boundary="b"\\r\\n\\r\\n--b\\r\\nContent-Type: text/plain\\r\\n\\r\\nAvmeld\\r\\n'
        "--b\\r\\nContent-Type: application/octet-stream\\r\\n"
        "Content-Transfer-Encoding: base64\\r\\n\\r\\n'\n"
        "raw = head + b'QUFBQUFB' * (20 * 2**20 // 8)\n"
        "found = classify(parse_message(raw))\n"
        "assert found.inbound.truncated, 'not truncated'\n"
        "print(found.kind.value)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "opt_out"
    assert resource.getrlimit(resource.RLIMIT_AS)  # the limit was the child's alone
    assert MAX_BYTES < 20 * 2**20
