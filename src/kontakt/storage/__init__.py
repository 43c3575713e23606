"""Storage: SQLAlchemy models, engine set-up, migrations, backup mechanics and the keyring
for passwords. Never imports Qt."""
