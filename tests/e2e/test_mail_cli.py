"""`kontakt mail send|resume` as a real process against a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, update
from tests.e2e.test_cli import kontakt
from tests.fixtures.smtp_server import (
    PASSWORD,
    USER,
    SmtpServer,
    smtp_login_server,  # noqa: F401
    smtp_server,  # noqa: F401
)

from kontakt.app import open_core
from kontakt.domain.records import ContactDraft, EmailData, RoleData, RoleKind, RoleLevel
from kontakt.paths import resolve_database
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.settings import MailSettings, save_settings
from kontakt.services.outreach.smtp import Security, SmtpSettings
from kontakt.storage.models import Contact, Role
from kontakt.storage.outreach_models import MailingRecipient

N = 200


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "kontakt.db"
    core = open_core(resolve_database(str(path)))
    try:
        core.contacts.create_many(
            [
                ContactDraft(
                    given_name=f"Person{i}",
                    family_name="Ødegård",
                    municipality="5001" if i % 2 else "0301",
                    emails=(EmailData(f"p{i}@example.no"),),
                )
                for i in range(N)
            ]
            + [
                ContactDraft(
                    given_name="Reservert", emails=(EmailData("r@example.no"),), opted_out=True
                )
            ]
        )
    finally:
        core.close()
    return path


def send_args(server: SmtpServer, body: Path) -> list[str]:
    return [
        "mail", "send", "--subject", "Hei {fornavn}", "--body-file", str(body),
        "--smtp-host", server.host, "--smtp-port", str(server.port),
        "--from", "nettverk@example.no", "--per-minute", "100000", "--yes",
    ]  # fmt: skip


def test_two_hundred_recipients_each_get_one_merged_message(
    db: Path,
    tmp_path: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    body = tmp_path / "melding.txt"
    body.write_text("Hei {fornavn} {etternavn} i {kommune}!\n", encoding="utf-8")
    result = kontakt(*send_args(smtp_server, body), db=db)
    assert result.returncode == 0, result.stderr
    assert "Utsending nr. 1 er lagret med 200 mottakere" in result.stdout
    assert "Utelatt: Reservert (har reservert seg mot e-post)" in result.stdout
    assert "200 sendt, 0 feilet" in result.stdout
    per_rcpt = Counter(r for r, _ in smtp_server.received)
    assert per_rcpt == Counter(f"p{i}@example.no" for i in range(N))
    for rcpt, msg in smtp_server.received:
        i = int(rcpt[1:].split("@")[0])
        text = msg.get_body(("plain",))
        assert text is not None
        place = "Trondheim" if i % 2 else "Oslo"
        assert text.get_content().startswith(f"Hei Person{i} Ødegård i {place}")
        assert msg["Subject"] == f"Hei Person{i}"


def test_an_unknown_merge_field_sends_nothing(
    db: Path,
    tmp_path: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    body = tmp_path / "melding.txt"
    body.write_text("Hei {fornamn}\n", encoding="utf-8")
    result = kontakt(*send_args(smtp_server, body), db=db)
    assert result.returncode == 1
    assert "Ukjent flettefelt {fornamn}" in result.stderr
    assert smtp_server.received == []


def test_killed_midway_and_resumed_gives_no_duplicates_and_no_gaps(
    db: Path,
    tmp_path: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    body = tmp_path / "melding.txt"
    body.write_text("Hei {fornavn}\n", encoding="utf-8")
    smtp_server.behaviour.hang_at = 57  # the server takes the 58th message, holds its reply ...
    argv = [sys.executable, "-m", "kontakt", "--db", str(db), *send_args(smtp_server, body)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert smtp_server.behaviour.hung.wait(60), "the sender never reached message 58"
        proc.kill()  # ... while the sender is killed
        proc.wait(30)
    finally:
        smtp_server.behaviour.release.set()
    assert len(smtp_server.received) == 58
    result = kontakt(
        "mail", "resume", "1", "--smtp-host", smtp_server.host,
        "--smtp-port", str(smtp_server.port), "--per-minute", "100000", db=db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # The one being handed over when the process died is not re-sent blindly:
    assert result.stdout.count("Usikker:") == 1
    assert "1 usikre" in result.stdout
    per_rcpt = Counter(r for r, _ in smtp_server.received)
    assert set(per_rcpt) == {f"p{i}@example.no" for i in range(N)}  # no gaps
    assert max(per_rcpt.values()) == 1  # no duplicates
    settle = kontakt(
        "mail", "resume", "1", "--uncertain", "sent",
        "--smtp-host", smtp_server.host, "--smtp-port", str(smtp_server.port), db=db,
    )  # fmt: skip
    assert settle.returncode == 0, settle.stderr
    assert "200 sendt, 0 feilet." in settle.stdout
    assert len(smtp_server.received) == N


def test_resume_of_an_unknown_mailing_is_a_clear_error(db: Path) -> None:
    result = kontakt("mail", "resume", "9", "--smtp-host", "127.0.0.1", db=db)
    assert result.returncode == 1
    assert "Fant ingen utsending nr. 9" in result.stderr


def test_without_settings_or_host_the_secretary_is_told_what_to_do(
    db: Path, tmp_path: Path
) -> None:
    body = tmp_path / "m.txt"
    body.write_text("Hei", encoding="utf-8")
    result = kontakt("mail", "send", "--subject", "x", "--body-file", str(body), "--yes", db=db)
    assert result.returncode == 1
    assert "E-post er ikke satt opp" in result.stderr


def test_a_carriage_return_in_one_role_fails_that_recipient_and_the_rest_go_out(
    tmp_path: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    db = tmp_path / "kontakt.db"
    core = open_core(resolve_database(str(db)))
    try:
        core.contacts.create_many(
            [
                ContactDraft(
                    given_name=f"Person{i}",
                    family_name="Ødegård",
                    emails=(EmailData(f"p{i}@example.no"),),
                    roles=(RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Bergen bystyre"),),
                )
                for i in range(30)
            ]
        )
        # Written before Kontakt cleaned text on the way in: straight into the table.
        with core.sessions.begin() as session:
            seventh = session.scalars(select(Contact.id).where(Contact.given_name == "Person6"))
            session.execute(
                update(Role).where(Role.contact_id == seventh.one()).values(body="Leder\rBergen")
            )
    finally:
        core.close()
    body = tmp_path / "melding.txt"
    body.write_text("Hei {fornavn}!\n", encoding="utf-8")
    args = send_args(smtp_server, body)
    args[args.index("--subject") + 1] = "Om vervet ditt: {verv}"
    result = kontakt(*args, db=db)
    assert result.returncode == 0, result.stderr
    assert "29 sendt, 1 feilet." in result.stdout
    assert "venter" not in result.stdout and "usikre" not in result.stdout
    (failed_line,) = [line for line in result.stderr.splitlines() if line.startswith("Feilet:")]
    assert failed_line.startswith("Feilet: Person6 Ødegård <p6@example.no>: ")
    assert "{verv}" in failed_line and "linjeskift" in failed_line
    assert "Traceback" not in result.stderr
    assert sorted(r for r, _ in smtp_server.received) == sorted(
        f"p{i}@example.no" for i in range(30) if i != 6
    )
    assert {m["Subject"] for _, m in smtp_server.received} == {"Om vervet ditt: Bergen bystyre"}
    core = open_core(resolve_database(str(db)))
    try:
        with core.sessions() as session:
            statuses = Counter(session.scalars(select(MailingRecipient.status)))
            assert statuses == Counter({"sent": 29, "failed": 1})
    finally:
        core.close()


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
def test_on_a_terminal_the_password_is_asked_for_once_and_the_mail_goes_out(
    db: Path,
    tmp_path: Path,
    smtp_login_server: SmtpServer,  # noqa: F811
) -> None:
    # Saved in the window with a login, the password not kept in the keyring.
    save_settings(
        MailSettings(
            SmtpSettings(
                smtp_login_server.host, smtp_login_server.port, Security.NONE, USER,
                "SV helse", "nettverk@example.no",
            ),
            Limits(per_minute=100_000, per_day=100_000),
        )
    )  # fmt: skip
    body = tmp_path / "m.txt"
    body.write_text("Hei {fornavn}", encoding="utf-8")
    argv = [
        sys.executable, "-m", "kontakt", "--db", str(db), "mail", "send",
        "--subject", "Hei", "--body-file", str(body), "--municipality", "5001", "--yes",
    ]  # fmt: skip
    pid, fd = pty.fork()
    if pid == 0:  # the child: kontakt on the terminal
        os.execv(sys.executable, argv)
    seen = b""
    deadline = time.monotonic() + 90
    while b"(lagres ikke): " not in seen and time.monotonic() < deadline:
        seen += os.read(fd, 1024)
    os.write(fd, PASSWORD.encode() + b"\n")
    while time.monotonic() < deadline and seen.count(b"Passord for") < 2:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child ended: the terminal is closed
            break
        if not chunk:
            break
        seen += chunk
    if seen.count(b"Passord for") > 1:  # asked again: answer, so that the child ends
        os.write(fd, PASSWORD.encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = seen.decode(errors="replace")
    assert text.count(f"Passord for {USER} på {smtp_login_server.host}") == 1, text
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert PASSWORD not in text  # not echoed
    assert "100 sendt, 0 feilet." in text
    assert len(smtp_login_server.received) == N // 2
