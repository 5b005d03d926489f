"""Every read of actions, starting from what the person may see (`masa.actions.policies`).
Counts are done in SQL; lists run in a constant number of queries (select_related /
prefetch_related), so pages do not grow with the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from masa.actions import policies, rules
from masa.actions.models import Action, ActionUpdate, Evidence
from masa.core.acting import Acting
from masa.core.models import Agency, Partnership
from masa.reviews.models import Recommendation, Review
from masa.reviews.timescales import stale_cutoff

ACTION_PLAN_PAGE_SIZE = 50
OPEN = [str(status) for status in rules.ACTION_OPEN]


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _pk(value: Any) -> int | None:
    """A model instance, a primary key or a form's text, as a primary key (None if blank)."""
    if value is None or value == "":
        return None
    if hasattr(value, "pk"):
        return int(value.pk)
    return int(value)


# --- the combined action plan ------------------------------------------------------------


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Open (not started, on track, at risk) and past the due date."""
    return Q(**{f"{prefix}status__in": OPEN, f"{prefix}due_on__lt": today})


def action_plan(
    acting: Acting,
    theme: Any = None,
    agency: Any = None,
    status: str | None = None,
    review: Any = None,
    q: str | None = None,
    source: str | None = None,
    *,
    today: datetime.date | None = None,
) -> QuerySet[Action]:
    """The combined action plan across every source, as the person may see it
    (recommendation.view), filtered by kind of source (`Action.SourceKind`), theme (of
    the recommendation or its review), owning agency, shown status (``"overdue"`` is
    worked out from the due date), review or words. Each row carries ``overdue`` (True
    or False); related rows are joined, so a page of `ACTION_PLAN_PAGE_SIZE` runs in one
    query. Ordered by due date."""
    day = _today(today)
    actions = policies.actions.visible(acting, "view")
    theme_id, agency_id, review_id = _pk(theme), _pk(agency), _pk(review)
    if source:
        actions = actions.filter(source_kind=source)
    if theme_id is not None:
        on_recommendation = Recommendation.themes.through.objects.filter(
            recommendation_id=OuterRef("recommendation_id"), theme_id=theme_id
        )
        on_review = Review.themes.through.objects.filter(
            review_id=OuterRef("recommendation__review_id"), theme_id=theme_id
        )
        actions = actions.filter(Exists(on_recommendation) | Exists(on_review))
    if agency_id is not None:
        actions = actions.filter(owner_agency_id=agency_id)
    if review_id is not None:
        actions = actions.filter(recommendation__review_id=review_id)
    if status:
        if status == rules.ActionStatus.OVERDUE:
            actions = actions.filter(overdue_q(day))
        elif status in OPEN:
            actions = actions.filter(status=status, due_on__gte=day)
        else:
            actions = actions.filter(status=status)
    if q and q.strip():
        words = q.strip()
        actions = actions.filter(
            Q(what__icontains=words)
            | Q(measure_of_success__icontains=words)
            | Q(recommendation__text__icontains=words)
            | Q(recommendation__review__reference__icontains=words)
            | Q(recommendation__review__title__icontains=words)
        )
    return (
        actions.select_related(
            "owner_agency",
            "owner",
            "recommendation__review",
            "meeting__group",
            "risk",
            "scrutiny_recommendation",
            "plan_item__period",
            "serves",
            "audit_case__round",
        )
        .annotate(
            overdue=Case(
                When(overdue_q(day), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("due_on", "pk")
    )


def action_history(action: Action) -> QuerySet[ActionUpdate]:
    """Every version of an action's progress, oldest first, with who wrote it."""
    return action.updates.select_related("author").order_by("version")


def evidence_for(acting: Acting, action: Action) -> QuerySet[Evidence]:
    """The evidence files of an action the person may see (policies.EvidencePolicy)."""
    return (
        policies.evidence.visible(acting, "view")
        .filter(action=action)
        .select_related("uploaded_by", "accepted_by")
    )


def plan_reviews(partnership: Partnership) -> list[tuple[int, str]]:
    """The partnership's reviews that have actions, as (id, reference) by reference: the
    choices of the action plan's review filter."""
    with_actions = Action.objects.filter(recommendation__review_id=OuterRef("pk"))
    return list(
        Review.objects.filter(Exists(with_actions), partnership=partnership)
        .order_by("reference")
        .values_list("pk", "reference")
    )


# --- drift and delay -----------------------------------------------------------------------


@dataclass(frozen=True)
class DriftRow:
    label: str
    key: int
    open: int
    overdue: int
    stale: int
    at_risk: int


def _drift(
    acting: Acting,
    group: str,
    labels: QuerySet[Any],
    label: str,
    today: datetime.date | None,
    actions: QuerySet[Action] | None = None,
) -> list[DriftRow]:
    """The counts grouped by `group` (an id) in one query over the actions, each row
    labelled with the `label` field of its record in `labels`; ordered by label."""
    day = _today(today)
    cutoff = stale_cutoff(acting.partnership, day)
    counts = (
        (policies.actions.visible(acting, "view") if actions is None else actions)
        .annotate(last=Coalesce("last_update_on", "created_on"))
        .values_list(group)
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN)),
            overdue=Count("pk", filter=overdue_q(day)),
            stale=Count("pk", filter=Q(status__in=OPEN, last__lte=cutoff)),
            at_risk=Count("pk", filter=Q(status=rules.ActionStatus.AT_RISK)),
        )
        .order_by()
    )
    figures = {key: rest for key, *rest in counts}
    names = dict(labels.filter(pk__in=figures).values_list("pk", label))
    rows = [DriftRow(names[key], key, *counted) for key, counted in figures.items()]
    return sorted(rows, key=lambda row: (row.label, row.key))


def drift_by_agency(acting: Acting, *, today: datetime.date | None = None) -> list[DriftRow]:
    """Per owning agency: open actions, overdue, stale (open with no update for the
    `action_update_stale` period) and at risk; counted in SQL."""
    return _drift(acting, "owner_agency_id", Agency.objects.all(), "name", today)


def drift_by_review(acting: Acting, *, today: datetime.date | None = None) -> list[DriftRow]:
    """Per review (labelled by reference), over the actions whose source is one of its
    recommendations: the same counts as `drift_by_agency`."""
    from_reviews = policies.actions.visible(acting, "view").filter(recommendation__isnull=False)
    return _drift(
        acting, "recommendation__review_id", Review.objects.all(), "reference", today, from_reviews
    )
