"""`kontakt mail archive -o FOLDER` as a script runs it: the open newsletter archive.

The newsletters are stored as the newsletter composer stores them
(tests/fixtures/newsletters.py): merge fields, an opt-out line, a script, a
tracking image. What reaches the folder is checked file by file: no person's
name or address, newest first, a feed a reader can parse, a PDF per issue,
owner-only files, and a refresh that rewrites only what changed.
"""

from __future__ import annotations

import os
import stat
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader
from tests.e2e.test_cli import kontakt
from tests.fixtures.newsletters import PEOPLE, SENDER, set_subject, store_newsletters

from kontakt.app import open_core
from kontakt.paths import resolve_database

ATOM = "{http://www.w3.org/2005/Atom}"
DECEMBER = "2026-12-01-nyhetsbrev-for-desember-aeoa"
NOVEMBER = "2026-11-03-nyhetsbrev-november"


@pytest.fixture
def newsletters(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    db = tmp_path / "kontakt.db"
    core = open_core(resolve_database(str(db)))
    try:
        return db, store_newsletters(core)
    finally:
        core.close()


def _pdf_text(path: Path) -> str:
    """The PDF's text with its words set apart by single spaces (Qt's PDF holds tabs)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _archive(db: Path, folder: Path) -> str:
    result = kontakt("mail", "archive", "-o", str(folder), db=db)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_the_archive_has_a_page_per_newsletter_an_index_a_feed_and_pdfs(
    newsletters: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db, _ = newsletters
    folder = tmp_path / "arkiv"
    out = _archive(db, folder)
    assert out.startswith("Skrev 2 sider (2 nyhetsbrev i arkivet")
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [f"{DECEMBER}.html", f"{DECEMBER}.pdf", f"{NOVEMBER}.html", f"{NOVEMBER}.pdf",
         "index.html", "feed.xml", "stil.css"]
    )  # fmt: skip  # the ordinary message («Privat beskjed») is no newsletter
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert index.index(f'href="{DECEMBER}.html"') < index.index(f'href="{NOVEMBER}.html"')
    assert "Nyhetsbrev for desember: æøå" in index and "Privat beskjed" not in index

    page = (folder / f"{DECEMBER}.html").read_text(encoding="utf-8")
    assert '<meta name="viewport"' in page and '<meta charset="utf-8">' in page
    assert "<p>Hei!</p>" in page
    assert "Takk for innsatsen i din kommune i år." in page
    assert "«Sykehusene våre»" in page and "fødetilbudet" in page

    feed = ET.parse(folder / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Nyhetsbrev for desember: æøå",
        "Nyhetsbrev november",
    ]
    assert entries[0].find(f"{ATOM}link").get("href") == f"{DECEMBER}.html"  # type: ignore[union-attr]
    assert "Hei!" in (entries[0].findtext(f"{ATOM}content") or "")

    pdf_text = _pdf_text(folder / f"{DECEMBER}.pdf")
    assert "Nyhetsbrev for desember" in pdf_text and "din kommune" in pdf_text
    if sys.platform != "win32":
        for path in folder.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_no_personal_data_script_tracking_or_opt_out_reaches_the_archive(
    newsletters: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db, _ = newsletters
    folder = tmp_path / "arkiv"
    _archive(db, folder)
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.suffix != ".pdf"}
    texts |= {p.name: _pdf_text(p) for p in folder.glob("*.pdf")}
    for name, text in texts.items():
        for given, family, address in PEOPLE:
            assert given not in text and family not in text and address not in text, name
        assert SENDER.address not in text, name  # no mailto: opt-out link either
        assert name == "stil.css" or "{" not in text, name  # no merge field left
        for bad in ("<script", "onclick", "javascript:", "mottaker=42", "Avmeld", "avmeld",
                    "style=", "List-Unsubscribe"):  # fmt: skip
            assert bad not in text, (name, bad)
    assert "Hei,</p>" in texts[f"{NOVEMBER}.html"]  # «Hei {fornavn} {etternavn},»
    assert "-- " not in texts[f"{NOVEMBER}.html"]  # the plain text's signature went


def test_a_refresh_rewrites_only_what_changed_and_leaves_other_files_alone(
    newsletters: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db, made = newsletters
    folder = tmp_path / "arkiv"
    _archive(db, folder)
    own = folder / "om-oss.html"
    own.write_text("<p>Vår egen side</p>", encoding="utf-8")
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    os.utime(folder / f"{NOVEMBER}.html", ns=(1, 1))  # a rewrite would change it back

    assert _archive(db, folder).startswith("Skrev 0 sider (2 nyhetsbrev i arkivet, 0 filer")
    assert (folder / f"{NOVEMBER}.html").stat().st_mtime_ns == 1
    assert own.read_text(encoding="utf-8") == "<p>Vår egen side</p>"

    core = open_core(resolve_database(str(db)))
    try:
        set_subject(core, made["december"], "Nyhetsbrev for desember: æøå (rettet)")
    finally:
        core.close()
    assert _archive(db, folder).startswith("Skrev 1 side (2 nyhetsbrev i arkivet")
    after = {p.name for p in folder.iterdir()}
    # A changed subject is a new page name; the old page stays (it may be linked to).
    assert f"{DECEMBER}-rettet.html" in after and f"{DECEMBER}-rettet.pdf" in after
    assert set(before) <= after
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "(rettet)" in index and f"{DECEMBER}.html" not in index


def test_an_unwritable_folder_is_one_norwegian_line(
    newsletters: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    db, _ = newsletters
    blocker = tmp_path / "fil"
    blocker.write_text("x", encoding="utf-8")
    result = kontakt("mail", "archive", "-o", str(blocker / "arkiv"), db=db)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("kontakt: Kan ikke skrive arkivet til mappen")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    result = kontakt("mail", "archive", "-o", str(blocker), db=db)
    assert result.returncode == 1
    assert "det er en fil, ikke en mappe" in result.stderr


def test_an_empty_archive_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "arkiv"
    out = _archive(tmp_path / "tom.db", folder)
    assert out.startswith("Skrev 0 sider (0 nyhetsbrev i arkivet")
    assert "Ingen nyhetsbrev ennå." in (folder / "index.html").read_text(encoding="utf-8")
    ET.parse(folder / "feed.xml")
