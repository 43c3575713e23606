"""File formats: importers and exporters, one module per format. Never imports Qt or SQLAlchemy."""
