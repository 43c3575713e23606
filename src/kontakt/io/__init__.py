"""File formats: importers and exporters, one module per format, and files.py, through which
every file Kontakt writes goes (owner-only, atomic). Never imports Qt or SQLAlchemy."""
