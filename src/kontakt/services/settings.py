"""Settings that belong to the database, shared by everyone who opens it (app_setting)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from kontakt.storage.privacy_models import AppSetting

DEFAULTS: dict[str, int] = {
    "backup_keep": 10,  # automatic backups kept
    "backup_max_age_days": 90,  # older backups are deleted (an erased person must not linger)
    "review_months": 24,  # contacts not confirmed for this long are due for review
}
LABELS: dict[str, str] = {
    "backup_keep": "Antall sikkerhetskopier som beholdes",
    "backup_max_age_days": "Sikkerhetskopier slettes etter (dager)",
    "review_months": "Gjennomgang når en kontakt ikke er bekreftet på (måneder)",
}


class SettingsService:
    """Whole-number settings with defaults."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, key: str) -> int:
        """The setting's value (its default when never set or unreadable)."""
        with self._sessions() as session:
            row = session.get(AppSetting, key)
        try:
            return int(row.value) if row is not None else DEFAULTS[key]
        except ValueError:
            return DEFAULTS[key]

    def set(self, key: str, value: int) -> None:
        """Store a setting (must be one of :data:`DEFAULTS`, at least 1)."""
        if key not in DEFAULTS:
            raise KeyError(key)
        with self._sessions.begin() as session:
            row = session.get(AppSetting, key)
            if row is None:
                session.add(AppSetting(key=key, value=str(max(1, value))))
            else:
                row.value = str(max(1, value))
