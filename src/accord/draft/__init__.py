"""Drafting: from extraction records to a scenario, or to the changes the news proposes to one.

Drafting reads what extraction stored and writes scenarios, so it sits between the two: it imports
``accord.extract`` and ``accord.scenario``, and neither imports it.
"""

from accord.draft.changes import Change, apply_changes, draft_changes, draft_scenario

__all__ = ["Change", "apply_changes", "draft_changes", "draft_scenario"]
