"""Merging two contacts into one (issue 21): the plan shown, the merge, its undo."""

from kontakt.services.merging.plan import MergePlan, describe
from kontakt.services.merging.service import MergeInfo, MergeResult, MergingService, resolve_uid

__all__ = ["MergeInfo", "MergePlan", "MergeResult", "MergingService", "describe", "resolve_uid"]
