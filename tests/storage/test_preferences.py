"""Preferences survive the move to one declaration: what earlier versions wrote is read as
before, and what is written now is what they would read.

The rows and files here are written the old way (raw SQL into ``app_setting``,
the JSON the old mail-settings and database-choice writers produced), not
through the new stores.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from sqlalchemy import text

from kontakt.app import Core
from kontakt.domain.preferences import (
    BACKUP_KEEP,
    BACKUP_MAX_AGE_DAYS,
    PER_DAY,
    REVIEW_MONTHS,
    SMTP_HOST,
    WINDOW_DATABASE,
    Preference,
    Scope,
)
from kontakt.paths import resolve_database
from kontakt.services.database_choice import choice_path, remember, remembered
from kontakt.services.outreach.imap import ImapSecurity, ImapSettings
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.settings import (
    MailSettings,
    load_settings,
    save_settings,
    settings_path,
)
from kontakt.services.outreach.smtp import Security, SmtpSettings
from kontakt.services.settings import PreferenceFile


def _old_row(core: Core, key: str, value: str) -> None:
    with core.engine.begin() as conn:
        conn.execute(text("INSERT INTO app_setting (key, value) VALUES (:k, :v)"),
                     {"k": key, "v": value})  # fmt: skip


def _rows(core: Core) -> dict[str, str]:
    with core.engine.connect() as conn:
        return {k: v for k, v in conn.execute(text("SELECT key, value FROM app_setting"))}


def test_database_settings_written_by_an_earlier_version_are_read(core: Core) -> None:
    _old_row(core, "backup_keep", "4")
    _old_row(core, "review_months", "ikke et tall")  # damaged: the default
    assert core.settings.get(BACKUP_KEEP) == 4
    assert core.settings.get(REVIEW_MONTHS) == REVIEW_MONTHS.default == 24
    assert core.settings.get(BACKUP_MAX_AGE_DAYS) == 90  # never set


def test_database_settings_are_written_under_the_same_keys_as_text(core: Core) -> None:
    before = _rows(core)
    core.settings.set(BACKUP_MAX_AGE_DAYS, 45)
    core.settings.set(BACKUP_KEEP, 0)  # below the minimum: kept at least one
    core.settings.set(REVIEW_MONTHS, 10_000)  # above the maximum
    added = {k: v for k, v in _rows(core).items() if k not in before}
    assert added == {"backup_max_age_days": "45", "backup_keep": "1", "review_months": "240"}
    core.settings.set(BACKUP_KEEP, 7)  # a second write replaces the row
    assert _rows(core)["backup_keep"] == "7"


def test_only_the_databases_own_preferences_reach_its_table(core: Core) -> None:
    before = _rows(core)
    made_up = Preference("database_id", "", Scope.DATABASE)  # the erasure machinery's record
    with pytest.raises(ValueError, match="not a declared preference"):
        core.settings.set(made_up, "x")
    with pytest.raises(ValueError, match="not a declared preference"):
        core.settings.get(made_up)
    with pytest.raises(ValueError, match="kept in user"):
        core.settings.get(SMTP_HOST)
    assert _rows(core) == before


def _old_mail_file(settings: MailSettings) -> str:
    """What the mail-settings writer of earlier versions put in the file."""
    data = {"smtp": asdict(settings.smtp), "limits": asdict(settings.limits)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


MAIL = MailSettings(
    SmtpSettings("smtp.example.no", 465, Security.SSL, "kari", "Nettverket", "post@example.no"),
    Limits(per_minute=12, per_day=345),
)


def test_mail_settings_written_by_an_earlier_version_are_read() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(_old_mail_file(MAIL), encoding="utf-8")
    assert load_settings() == MAIL


def _without_imap(path: Path) -> str:
    """The file as an earlier version reads it: the incoming side (issue 19) is a new section."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data.pop("imap")) == {
        "host", "port", "security", "user", "folders", "move_processed", "same_password"
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_mail_settings_are_written_as_an_earlier_version_wrote_them(tmp_path: Path) -> None:
    save_settings(MAIL)
    assert _without_imap(settings_path()) == _old_mail_file(MAIL)
    assert settings_path().stat().st_mode & 0o077 == 0  # owner-only
    other = tmp_path / "andre" / "e-post.json"  # a path given by the caller
    save_settings(MailSettings(), other)
    assert _without_imap(other) == _old_mail_file(MailSettings())


def test_the_incoming_side_is_saved_and_read_back() -> None:
    imap = ImapSettings("imap.example.no", 143, ImapSecurity.STARTTLS, "kari",
                        ("INBOX", "Svar"), move_processed=True, same_password=False)  # fmt: skip
    save_settings(MailSettings(MAIL.smtp, MAIL.limits, imap))
    assert load_settings().imap == imap
    settings_path().unlink()
    assert load_settings().imap == ImapSettings()  # by default: the inbox, read-only
    assert ImapSettings().folders == ("INBOX",) and not ImapSettings().move_processed


def test_one_damaged_mail_value_falls_back_alone() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    data = json.loads(_old_mail_file(MAIL))
    data["smtp"]["security"] = "rot13"
    data["limits"]["per_day"] = "mange"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_settings()
    assert loaded.smtp.security is Security.STARTTLS
    assert loaded.limits.per_day == PER_DAY.default
    assert (loaded.smtp.host, loaded.smtp.port, loaded.limits.per_minute) == (
        "smtp.example.no", 465, 12)  # fmt: skip


@pytest.mark.parametrize("content", ["{ikke json", "[1, 2]", '{"smtp": "tekst"}', ""])
def test_a_damaged_mail_file_reads_as_no_settings(content: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    assert load_settings() == MailSettings()
    assert not load_settings().configured


def test_the_window_database_written_by_an_earlier_version_is_opened(tmp_path: Path) -> None:
    choice_path().parent.mkdir(parents=True)
    chosen = resolve_database(str(tmp_path / "styret.db"))
    choice_path().write_text(json.dumps({"url": chosen.url}, indent=2) + "\n", encoding="utf-8")
    again = remembered()
    assert again is not None and again.path == tmp_path / "styret.db"
    remember(resolve_database(str(tmp_path / "annen.db")))
    stored = json.loads(choice_path().read_text(encoding="utf-8"))
    assert stored == {"url": resolve_database(str(tmp_path / "annen.db")).url}
    assert PreferenceFile.at(choice_path()).get(WINDOW_DATABASE) == stored["url"]


def test_a_file_holds_only_its_own_preferences(tmp_path: Path) -> None:
    mail = PreferenceFile.at(tmp_path / "e-post.json")
    with pytest.raises(ValueError, match=r"database\.json"):
        mail.get(WINDOW_DATABASE)
    with pytest.raises(ValueError, match="kept in database"):
        mail.set(BACKUP_KEEP, 3)
    mail.set(SMTP_HOST, "smtp.example.no")
    assert not mail.path.exists()  # nothing is written before save()
    mail.save()
    assert json.loads(mail.path.read_text(encoding="utf-8")) == {
        "smtp": {"host": "smtp.example.no"}
    }


def test_save_keeps_what_else_the_file_holds(tmp_path: Path) -> None:
    path = tmp_path / "e-post.json"
    path.write_text(json.dumps({"smtp": {"host": "a", "ny": 1}, "fremtid": [1]}), encoding="utf-8")
    stored = PreferenceFile.at(path)
    stored.set(SMTP_HOST, "b")
    stored.save()
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "smtp": {"host": "b", "ny": 1},
        "fremtid": [1],
    }
