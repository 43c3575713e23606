"""«Oversikt»: the county x topic grid and the year summary."""

from kontakt.ui.overview.dialog import OverviewDialog

__all__ = ["OverviewDialog"]
