"""Storage: SQLAlchemy models, engine set-up, migrations and backups. Never imports Qt."""
