"""Drafting: from extraction records to a scenario, or to the changes the news proposes to one.

Drafting reads what extraction stored and writes scenarios, so it sits between the two: it imports
``accord.extract`` and ``accord.scenario``, and neither imports it.
"""

from accord.draft.changes import Change, apply_changes, apply_checked, draft_changes
from accord.draft.skeleton import Skeleton, draft_skeleton

__all__ = ["Change", "Skeleton", "apply_changes", "apply_checked", "draft_changes", "draft_skeleton"]
