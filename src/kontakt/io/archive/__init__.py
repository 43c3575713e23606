"""The open newsletter archive's files: sanitised pages, the index, the Atom feed."""
