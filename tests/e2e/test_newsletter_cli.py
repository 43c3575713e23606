"""`kontakt mail send --markdown-file`: a Markdown newsletter sent by a real process to aiosmtpd.

What a reader's mail program receives: a plain-text and an HTML part made
from one Markdown file, the HTML styled inline (Gmail and Outlook drop
<style>), nothing executable left, merge fields merged, æøå intact, a local
image shown inline (cid:); and what the database keeps: a mailing of kind
«newsletter» with the Markdown it was written in.
"""

from __future__ import annotations

import struct
import zlib
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.e2e.test_cli import kontakt
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401

from kontakt.app import open_core
from kontakt.domain.newsletter import NewsletterTemplate
from kontakt.domain.records import ContactDraft, EmailData
from kontakt.paths import resolve_database
from kontakt.storage.outreach_models import Mailing

MARKDOWN = """# Nyhetsbrev for {fornavn}

Hei {fornavn} {etternavn}! **Månedens tema** er *fødetilbud* i Sør-Trøndelag.

Les [høringssvaret](https://example.no/hoering) og se kartet:

![Kart over fødetilbud](kart.png)

- Ærlig
- Øyeblikkelig
- Årsmøte

<script>alert("hei")</script>
<a href="javascript:alert(1)" onclick="stjel()">Klikk her</a>
"""


def png() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    raw = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "kontakt.db"
    core = open_core(resolve_database(str(path)))
    try:
        core.contacts.create_many(
            [
                ContactDraft(
                    given_name="Åse", family_name="Ødegård", emails=(EmailData("ase@example.no"),)
                ),
                ContactDraft(
                    given_name="Bjørn", family_name="Æsøy", emails=(EmailData("bjorn@example.no"),)
                ),
            ]
        )
    finally:
        core.close()
    return path


def send(server: SmtpServer, db: Path, markdown: Path, *extra: str) -> tuple[int, str, str]:
    result = kontakt(
        "mail", "send", "--subject", "Nyhetsbrev desember, {fornavn}",
        "--markdown-file", str(markdown), *extra,
        "--smtp-host", server.host, "--smtp-port", str(server.port),
        "--from", "nettverk@example.no", "--per-minute", "100000", "--yes",
        db=db,
    )  # fmt: skip
    return result.returncode, result.stdout, result.stderr


def test_a_markdown_newsletter_arrives_as_styled_safe_html_and_plain_text(
    db: Path,
    tmp_path: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    letter = tmp_path / "brev.md"
    letter.write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "kart.png").write_bytes(png())
    code, out, err = send(smtp_server, db, letter)
    assert code == 0, err
    assert "Fjernet av sikkerhetshensyn: <script>-element" in out
    assert "2 sendt, 0 feilet" in out

    received = dict(smtp_server.received)
    assert set(received) == {"ase@example.no", "bjorn@example.no"}
    msg: EmailMessage = received["ase@example.no"]
    assert msg["Subject"] == "Nyhetsbrev desember, Åse"
    text_part, html_part = msg.get_body(("plain",)), msg.get_body(("html",))
    assert text_part is not None and html_part is not None
    text, html = text_part.get_content(), html_part.get_content()

    assert "Nyhetsbrev for Åse\n" + "=" * len("Nyhetsbrev for {fornavn}") + "\n" in text
    assert "Hei Åse Ødegård!" in text
    assert "høringssvaret (https://example.no/hoering)" in text
    assert "- Ærlig\n- Øyeblikkelig\n- Årsmøte" in text
    assert "svar «Avmeld»" in text
    assert "{fornavn}" not in text + html

    assert "Hei Åse Ødegård!" in html
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html
    assert "<style" not in html
    assert 'style="' in html and "max-width: 600px" in html
    assert "svar «Avmeld»" in html
    # The map is shown from the message itself, not fetched from anywhere.
    image = next(p for p in msg.walk() if p.get_content_type() == "image/png")
    cid = str(image["Content-ID"]).strip("<>")
    assert f'src="cid:{cid}"' in html
    assert image.get_content() == png()
    assert not any(p.get_filename() == "kart.png" and p.is_attachment() for p in msg.walk())

    other = received["bjorn@example.no"].get_body(("plain",))
    assert other is not None and "Hei Bjørn Æsøy!" in other.get_content()

    core = open_core(resolve_database(str(db)))
    try:
        with core.sessions() as session:
            mailing = session.scalars(select(Mailing)).one()
            assert mailing.kind == "newsletter"
            assert mailing.markdown == MARKDOWN
            assert "{fornavn}" in mailing.body and "{fornavn}" in mailing.html
    finally:
        core.close()


def test_an_image_over_one_megabyte_is_refused_and_nothing_is_stored(
    db: Path,
    tmp_path: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    letter = tmp_path / "brev.md"
    letter.write_text("Se ![stort](stort.png)\n", encoding="utf-8")
    (tmp_path / "stort.png").write_bytes(png() + b"\0" * (1024 * 1024 + 1))
    code, _out, err = send(smtp_server, db, letter)
    assert code == 1
    assert "stort.png" in err and "høyst 1 MB" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert smtp_server.received == []
    core = open_core(resolve_database(str(db)))
    try:
        assert core.mailings.mailings() == []
    finally:
        core.close()


def test_the_boards_template_frames_the_letter_and_a_missing_one_falls_back(
    db: Path,
    tmp_path: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = open_core(resolve_database(str(db)))
    try:
        core.newsletters.save_template(
            NewsletterTemplate(
                "Styret", "## Helsenettverket i Vestland", "Postboks 1, 5000 Bergen", png(),
                "image/png",
            )
        )  # fmt: skip
    finally:
        core.close()
    letter = tmp_path / "brev.md"
    letter.write_text("Hei {fornavn}.\n", encoding="utf-8")
    code, out, err = send(smtp_server, db, letter, "--template", "Styret")
    assert code == 0, err
    msg = dict(smtp_server.received)["ase@example.no"]
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Helsenettverket i Vestland" in text and "Postboks 1, 5000 Bergen" in text
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert 'src="cid:logo@kontakt"' in html

    code, out, err = send(smtp_server, db, letter, "--template", "Finnes ikke")
    assert code == 0, err
    assert "Fant ikke malen «Finnes ikke»; bruker den innebygde malen." in out
    last = [m for r, m in smtp_server.received if r == "ase@example.no"][-1]
    assert "SVs helsepolitiske nettverk" in last.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_body_file_and_markdown_file_together_is_a_usage_error(db: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brev.md"
    letter.write_text("Hei\n", encoding="utf-8")
    result = kontakt(
        "mail", "send", "--subject", "S", "--markdown-file", str(letter),
        "--body-file", str(letter), "--smtp-host", "127.0.0.1", "--yes", db=db,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--body-file" in result.stderr
