"""Choosing the database: --db, then KONTAKT_DB, then the user's data folder."""

from __future__ import annotations

from pathlib import Path

from kontakt.paths import default_db_path, resolve_database


def test_default_is_an_sqlite_file_in_the_users_data_folder(tmp_path: Path) -> None:
    loc = resolve_database(None, environ={})
    assert loc.path == default_db_path()
    assert loc.url.startswith("sqlite:///")
    assert "Kontakt" in str(loc.path)


def test_db_argument_wins_over_the_environment(tmp_path: Path) -> None:
    loc = resolve_database(str(tmp_path / "a.db"), environ={"KONTAKT_DB": str(tmp_path / "b.db")})
    assert loc.path == tmp_path / "a.db"


def test_environment_variable_is_used_without_argument(tmp_path: Path) -> None:
    loc = resolve_database(None, environ={"KONTAKT_DB": str(tmp_path / "b.db")})
    assert loc.path == tmp_path / "b.db"


def test_postgresql_urls_use_psycopg_3_and_hide_the_password() -> None:
    loc = resolve_database("postgresql://styret:hemmelig@db.example.org/kontakt", environ={})
    assert loc.url == "postgresql+psycopg://styret:hemmelig@db.example.org/kontakt"
    assert loc.path is None and not loc.is_sqlite
    assert "hemmelig" not in loc.describe()
    assert loc.describe() == "«kontakt» på db.example.org:5432 (bruker styret)"


def test_sqlite_urls_are_files() -> None:
    loc = resolve_database("sqlite:////tmp/x/kontakt.db", environ={})
    assert loc.path == Path("/tmp/x/kontakt.db")
