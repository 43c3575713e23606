"""``kontakt --self-check``: the steps that prove an installation works (``runner``)."""
