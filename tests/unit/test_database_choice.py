"""Which database the window opens, and how a chosen one is remembered."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import keyring
import pytest

from kontakt.errors import KontaktError
from kontakt.paths import DatabaseLocation, default_db_path, resolve_database
from kontakt.services.database_choice import (
    KEYRING_SERVICE,
    ServerDetails,
    check_connection,
    choice_path,
    remember,
    remembered,
    window_database,
)


def test_a_password_with_url_characters_survives_the_url() -> None:
    details = ServerDetails(host="db.example.org", database="kontakt", user="kari",
                            password="p@ss/wo:rd#1", port=5433)  # fmt: skip
    url = details.url()
    assert url.startswith("postgresql+psycopg://kari:")
    assert ServerDetails.from_url(url) == details


@pytest.mark.parametrize(("field", "name"), [("host", "Server"), ("database", "Database"),
                                             ("user", "Brukernavn")])  # fmt: skip
def test_a_missing_server_field_is_named(field: str, name: str) -> None:
    values = {"host": "db.example.org", "database": "kontakt", "user": "kari", field: "  "}
    with pytest.raises(KontaktError, match=f"«{name}» må fylles ut"):
        ServerDetails(**values).url()


def test_a_server_is_remembered_without_its_password_in_the_file() -> None:
    url = ServerDetails(host="db.example.org", database="kontakt", user="kari",
                        password="hemmelig").url()  # fmt: skip
    remember(DatabaseLocation(url=url, path=None))
    stored = choice_path().read_text(encoding="utf-8")
    assert "hemmelig" not in stored
    assert json.loads(stored)["url"] == "postgresql+psycopg://kari@db.example.org:5432/kontakt"
    assert keyring.get_password(KEYRING_SERVICE, json.loads(stored)["url"]) == "hemmelig"
    again = remembered()
    assert again is not None and again.path is None
    assert ServerDetails.from_url(again.url).password == "hemmelig"


def test_a_file_is_remembered_and_a_broken_choice_is_ignored(tmp_path: Path) -> None:
    remember(resolve_database(str(tmp_path / "styret.db")))
    again = remembered()
    assert again is not None and again.path == tmp_path / "styret.db"
    choice_path().write_text("{ikke json", encoding="utf-8")
    assert remembered() is None


def test_the_window_opens_db_then_the_environment_then_the_choice_then_the_default(
    tmp_path: Path,
) -> None:
    assert window_database(None, {}).path == default_db_path()
    remember(resolve_database(str(tmp_path / "valgt.db")))
    assert window_database(None, {}).path == tmp_path / "valgt.db"
    env = {"KONTAKT_DB": str(tmp_path / "miljø.db")}
    assert window_database(None, env).path == tmp_path / "miljø.db"
    assert window_database(str(tmp_path / "arg.db"), env).path == tmp_path / "arg.db"


def test_the_command_line_default_is_not_moved_by_the_windows_choice(tmp_path: Path) -> None:
    remember(resolve_database(str(tmp_path / "valgt.db")))
    assert resolve_database(None, {}).path == default_db_path()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_server_that_does_not_answer_is_reported() -> None:
    url = ServerDetails(host="127.0.0.1", database="kontakt", user="kari",
                        port=_closed_port()).url()  # fmt: skip
    expected = r"Fikk ikke kontakt med «kontakt» på 127\.0\.0\.1:\d+ \(bruker kari\)"
    with pytest.raises(KontaktError, match=expected):
        check_connection(DatabaseLocation(url=url, path=None))


@pytest.mark.postgres
def test_a_reachable_empty_server_database_is_reported_empty(
    pg_location: DatabaseLocation,
) -> None:
    assert "Databasen er tom" in check_connection(pg_location)
