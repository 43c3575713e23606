"""File formats Kontakt writes: one module per format, all written atomically."""
