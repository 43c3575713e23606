"""A server database's password stays out of the command line (``ps`` shows it).

What reaches the server is checked with a stand-in server that asks for a
password (the test PostgreSQL trusts every local client and never asks);
that a password in ``--db`` still works, with a warning, on the real one.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest
from sqlalchemy.engine import make_url
from tests.fixtures.pg_password_server import PasswordServer, password_server  # noqa: F401

from kontakt.cli.database import PASSWORD_WARNING
from kontakt.paths import DatabaseLocation, resolve_database
from kontakt.services.database_choice import KEYRING_SERVICE, remember


def kontakt(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kontakt", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def refused_in_one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a refused login ends in (no traceback); returns it."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kontakt: ")
    return lines[0]


def sent(server: PasswordServer) -> set[str | None]:
    return {login.password for login in server.logins}


def test_pgpassword_reaches_the_server_and_the_command_line_holds_none(
    password_server: PasswordServer,  # noqa: F811
) -> None:
    result = kontakt("--db", password_server.url(), "list", env={"PGPASSWORD": "fra-miljoet"})
    line = refused_in_one_line(result)
    assert "password authentication failed" in line
    assert sent(password_server) == {"fra-miljoet"}
    assert password_server.logins[0].user == "kari"
    assert password_server.logins[0].database == "kontakt"
    assert not any("fra-miljoet" in arg for arg in result.args)


def test_the_pgpass_file_is_read(password_server: PasswordServer) -> None:  # noqa: F811
    pgpass = Path(os.environ["PGPASSFILE"])  # tests/conftest.py: in the test's home
    pgpass.write_text(f"127.0.0.1:{password_server.port}:kontakt:kari:fra-pgpass\n")
    pgpass.chmod(0o600)  # libpq ignores a file others can read
    refused_in_one_line(kontakt("--db", password_server.url(), "list"))
    assert sent(password_server) == {"fra-pgpass"}


def test_the_password_saved_in_the_window_is_taken_from_the_keyring(
    password_server: PasswordServer,  # noqa: F811
) -> None:
    with_password = make_url(resolve_database(password_server.url()).url).set(
        password="fra-nokkelringen"
    )
    # What «Fil → Database …» does when the board's server is opened.
    remember(DatabaseLocation(with_password.render_as_string(hide_password=False), None))
    assert keyring.get_password(KEYRING_SERVICE, resolve_database(password_server.url()).url)
    refused_in_one_line(kontakt("--db", password_server.url(), "list"))
    assert sent(password_server) == {"fra-nokkelringen"}
    # PGPASSWORD, set for this one command, wins over the keyring.
    password_server.logins.clear()
    refused_in_one_line(
        kontakt("--db", password_server.url(), "list", env={"PGPASSWORD": "fra-miljoet"})
    )
    assert sent(password_server) == {"fra-miljoet"}


def test_without_a_terminal_nobody_is_asked(password_server: PasswordServer) -> None:  # noqa: F811
    line = refused_in_one_line(kontakt("--db", password_server.url(), "list"))
    assert "no password supplied" in line
    assert sent(password_server) == {None}


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
def test_on_a_terminal_the_password_is_asked_for(
    password_server: PasswordServer,  # noqa: F811
) -> None:
    pid, fd = pty.fork()
    if pid == 0:  # the child: kontakt on the terminal
        argv = [sys.executable, "-m", "kontakt", "--db", password_server.url(), "list"]
        os.execv(sys.executable, argv)
    seen = b""
    deadline = time.monotonic() + 60
    while b"Passord for" not in seen and time.monotonic() < deadline:
        seen += os.read(fd, 1024)
    assert "«kontakt» på 127.0.0.1" in seen.decode(errors="replace")
    os.write(fd, b"fra-terminalen\n")
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child ended: the terminal is closed
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 1
    assert b"Traceback" not in seen
    assert b"fra-terminalen" not in seen  # not echoed
    assert [login.password for login in password_server.logins] == [None, "fra-terminalen"]


def test_a_password_in_the_url_still_works_with_a_warning(pg_location: DatabaseLocation) -> None:
    url = make_url(pg_location.url).set(password="synlig-for-alle")
    result = kontakt("--db", url.render_as_string(hide_password=False), "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Ingen kontakter passer.")
    assert result.stderr == PASSWORD_WARNING
    # In the environment (not shown by ps) it is not warned about.
    quiet = kontakt("list", env={"KONTAKT_DB": url.render_as_string(hide_password=False)})
    assert quiet.returncode == 0 and quiet.stderr == ""
