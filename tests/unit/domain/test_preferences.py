"""The declarations: each preference once, typed, with a default and a place to live."""

from __future__ import annotations

import pytest

from kontakt.domain.preferences import (
    BACKUP_KEEP,
    PREFERENCES,
    SMTP_HOST,
    SMTP_PORT,
    SMTP_SECURITY,
    Scope,
)
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.smtp import Security, SmtpSettings
from kontakt.services.scrub import PENDING
from kontakt.storage.erasure_file import DATABASE_ID, KEY_CHECK, LEGACY_SALT


def test_every_preference_has_one_place() -> None:
    places = [(p.scope, p.file, p.key) for p in PREFERENCES]
    assert len(places) == len(set(places))
    for p in PREFERENCES:
        assert (p.scope is Scope.USER) == bool(p.file), p.key
        assert p.parse(None) == p.default  # never set: the default
        assert p.parse(p.default) == p.default
        if isinstance(p.default, int):
            low, high = p.bounds
            assert low <= p.default <= high, p.key


def test_the_erasure_records_in_app_setting_are_no_preferences() -> None:
    keys = {p.key for p in PREFERENCES if p.scope is Scope.DATABASE}
    assert not keys & {DATABASE_ID, KEY_CHECK, LEGACY_SALT, PENDING}


def test_the_mail_defaults_are_the_declared_ones() -> None:
    assert SmtpSettings("h").port == SMTP_PORT.default
    assert SmtpSettings("h").security.value == SMTP_SECURITY.default
    assert set(SMTP_SECURITY.choices) == {s.value for s in Security}
    limits = Limits()
    assert [limits.per_minute, limits.per_day] == [
        p.default for p in PREFERENCES if p.key.startswith("limits.")
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4", 4),  # app_setting keeps text
        (" 12 ", 12),
        (7, 7),  # JSON keeps numbers
        (8.0, 8),
        (8.5, 10),  # no whole number: the default
        (True, 10),  # JSON true is no count
        ("ti", 10),
        (None, 10),
        ([3], 10),
        ("0", 1),  # below the minimum
        (float("inf"), 10),
        (10**9, 1000),  # above the maximum
    ],
)
def test_a_stored_number_is_read_or_falls_back(raw: object, expected: int) -> None:
    assert BACKUP_KEEP.parse(raw) == expected


def test_a_stored_text_is_read_or_falls_back() -> None:
    assert SMTP_HOST.parse("smtp.example.no") == "smtp.example.no"
    assert SMTP_HOST.parse(25) == ""
    assert SMTP_SECURITY.parse("ssl") == "ssl"
    assert SMTP_SECURITY.parse("SSL") == "starttls"  # not one of the choices
