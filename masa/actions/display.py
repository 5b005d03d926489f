"""How an action's status is shown (words and the colour of its tag), and how long
without an update counts as drift, in words: shared by the action pages and the pages
of the records actions come from (a review's recommendations)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from masa.actions import rules
from masa.actions.models import Action

# The colour of each status tag (the words are always shown too).
STATUS_COLOURS = {
    rules.ActionStatus.NOT_STARTED: "grey",
    rules.ActionStatus.ON_TRACK: "blue",
    rules.ActionStatus.AT_RISK: "orange",
    rules.ActionStatus.OVERDUE: "red",
    rules.ActionStatus.COMPLETED: "turquoise",
    rules.ActionStatus.EVIDENCED: "green",
    rules.ActionStatus.CLOSED: "purple",
}


@dataclass(frozen=True)
class Shown:
    """An action's status as shown: words and the colour of its tag."""

    label: str
    colour: str


def shown(action: Action, today: datetime.date) -> Shown:
    overdue = getattr(action, "overdue", None)
    status = rules.action_shown_status(
        action.status, overdue=action.is_overdue(today) if overdue is None else bool(overdue)
    )
    return Shown(Action.Status(status.value).label, STATUS_COLOURS[status])


def stale_text(rule: Any) -> str:
    """How long without an update counts as drift, in words ("6 weeks")."""
    days = getattr(rule, "calendar_days", None)
    if days and days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return str(rule)
