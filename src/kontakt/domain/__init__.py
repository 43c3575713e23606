"""Pure-Python domain: normalisation, geography, value types. Never imports Qt or SQLAlchemy."""
