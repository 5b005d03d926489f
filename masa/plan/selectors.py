"""What the plan pages read. Reads start from the plan policies' `visible`; each page
runs in a constant number of queries whatever the number of actions, indicators or
updates (bench/bench_plan.py)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from masa.actions import rules as action_rules
from masa.actions.display import Shown, shown
from masa.actions.models import Action
from masa.core.acting import Acting
from masa.insight import rag
from masa.insight.dashboards.figures import load_figures
from masa.insight.models import Indicator
from masa.insight.periods import Period
from masa.learning.models import Course, Event
from masa.plan import policies, rules
from masa.plan.models import (
    Ambition,
    ImprovementArea,
    PlanPeriod,
    Priority,
    ProgressUpdate,
    StrategicPlan,
)
from masa.plan.periods import current_period
from masa.reviews import policies as review_policies
from masa.reviews.models import Review

# How far back an indicator's figures are read: the year judged and the year before it.
FIGURES_SINCE = datetime.timedelta(days=2 * 365 + 100)


def periods_of(acting: Acting) -> QuerySet[PlanPeriod]:
    if not policies.priorities.can(acting, "read"):
        return PlanPeriod.objects.none()
    return PlanPeriod.objects.filter(partnership_id=acting.partnership_id).order_by("-starts_on")


def period_chosen(acting: Acting, name: str | None) -> PlanPeriod | None:
    """The period named (from the address), else the current one."""
    if name:
        return periods_of(acting).filter(name=name).first()
    return current_period(acting.partnership_id)


# --- progress, for the plan, the list and each priority ------------------------------------


@dataclass(frozen=True)
class Progress:
    """A priority's evidence of progress in the year up to `today`."""

    actions_completed: int
    indicators_improved: int
    flagged: bool
    judged: bool


def _completed_in_year(priorities: list[Priority], since: datetime.date) -> Counter[int]:
    """Actions done in the year, by priority (as source or as the priority served)."""
    done = Action.objects.filter(
        Q(plan_item__in=priorities) | Q(serves__in=priorities),
        status__in=action_rules.ACTION_DONE,
    ).filter(Q(last_update_on__gt=since) | Q(closed_on__gt=since))
    counts: Counter[int] = Counter()
    for plan_item, serves in done.values_list("plan_item_id", "serves_id"):
        for pk in {plan_item, serves} - {None}:
            counts[pk] += 1
    return counts


def _values_by_indicator(
    indicators: list[Indicator], today: datetime.date
) -> dict[int, dict[Period, Decimal | None]]:
    if not indicators:
        return {}
    points = load_figures(
        indicators[0].partnership,
        indicators,
        since=today - FIGURES_SINCE,
        until=today,
        publish=False,
        comparators=False,
    )
    return {pk: {p: point.value for p, point in found.items()} for pk, found in points.items()}


def progress_of(
    priorities: list[Priority], today: datetime.date | None = None
) -> dict[int, Progress]:
    """Each priority's progress in the year up to today: three queries for them all."""
    today = today or timezone.localdate()
    if not priorities:
        return {}
    since = today - rules.YEAR
    completed = _completed_in_year(priorities, since)
    links = list(
        Priority.indicators.through.objects.filter(priority__in=priorities).select_related(
            "indicator__partnership"
        )
    )
    indicators = {link.indicator_id: link.indicator for link in links}
    values = _values_by_indicator(list(indicators.values()), today)
    improved: Counter[int] = Counter()
    for link in links:
        indicator = link.indicator
        if rules.improved_in_year(
            values.get(indicator.pk, {}), polarity=indicator.polarity, today=today
        ):
            improved[link.priority_id] += 1
    result = {}
    for priority in priorities:
        starts = priority.period.starts_on
        result[priority.pk] = Progress(
            actions_completed=completed[priority.pk],
            indicators_improved=improved[priority.pk],
            flagged=rules.little_or_no_progress(
                period_starts_on=starts,
                today=today,
                actions_completed_in_year=completed[priority.pk],
                indicators_improved_in_year=improved[priority.pk],
            ),
            judged=rules.judged(starts, today),
        )
    return result


# --- the plan's table ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """One ambition of the plan and the priorities under it (ambition None: the
    priorities under no ambition)."""

    ambition: Ambition | None
    priorities: list[Priority]


@dataclass(frozen=True)
class PlanTable:
    period: PlanPeriod
    plan: StrategicPlan | None
    rows: list[PlanRow]
    progress: dict[int, Progress]

    @property
    def flagged(self) -> list[Priority]:
        return [p for row in self.rows for p in row.priorities if self.progress[p.pk].flagged]


def priorities_in(acting: Acting, period: PlanPeriod) -> QuerySet[Priority]:
    return (
        policies.priorities.visible(acting, "view")
        .filter(period=period)
        .select_related("period", "lead_officer", "ambition")
        .order_by("number", "name")
    )


def plan_table(acting: Acting, period: PlanPeriod, today: datetime.date | None = None) -> PlanTable:
    plan = policies.plans.visible(acting, "view").filter(period=period).first()
    ambitions = list(plan.ambitions.select_related("lead_officer")) if plan else []
    priorities = list(priorities_in(acting, period).prefetch_related("strategies", "indicators"))
    rows = [
        PlanRow(ambition, [p for p in priorities if p.ambition_id == ambition.pk])
        for ambition in ambitions
    ]
    loose = [p for p in priorities if p.ambition_id is None]
    if loose:
        rows.append(PlanRow(None, loose))
    return PlanTable(period, plan, rows, progress_of(priorities, today))


# --- one priority's page -------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    action: Action
    shown: Shown
    delivery: bool  # the priority is its source


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    latest: Period | None
    value: Decimal | None
    year_before: Decimal | None
    direction: rag.Direction
    improved: bool


@dataclass
class PriorityPage:
    priority: Priority
    progress: Progress
    actions: list[ActionRow]
    action_counts: list[tuple[str, int]]
    indicators: list[IndicatorRow]
    reviews: list[Review]
    reviews_total: int
    courses: list[tuple[Course, int]]
    updates: list[ProgressUpdate] = field(default_factory=list)


def indicator_rows(indicators: list[Indicator], today: datetime.date) -> list[IndicatorRow]:
    values = _values_by_indicator(indicators, today)
    rows = []
    for indicator in indicators:
        own = values.get(indicator.pk, {})
        known = sorted(
            (p for p, v in own.items() if v is not None), key=lambda p: (p.end, p.is_quarter)
        )
        latest = known[-1] if known else None
        before = own.get(rules.year_before(latest)) if latest else None
        value = own.get(latest) if latest else None
        rows.append(
            IndicatorRow(
                indicator,
                latest,
                value,
                before,
                rag.direction(value, before, polarity=indicator.polarity),
                rules.improved_in_year(own, polarity=indicator.polarity, today=today),
            )
        )
    return rows


def priority_page(
    acting: Acting, priority: Priority, today: datetime.date | None = None
) -> PriorityPage:
    """Everything that serves the priority: its actions (delivery actions and actions
    that serve it), its outcome indicators with their trend, the case reviews and the
    training under its themes, and its quarterly updates."""
    today = today or timezone.localdate()
    actions = list(
        Action.objects.filter(Q(plan_item=priority) | Q(serves=priority))
        .select_related("owner_agency", "owner")
        .order_by("due_on", "pk")
    )
    rows = [ActionRow(a, shown(a, today), a.plan_item_id == priority.pk) for a in actions]
    counts = Counter(row.shown.label for row in rows)
    indicators = list(priority.indicators.select_related("partnership").order_by("name"))
    themed_reviews = Review.objects.filter(
        partnership_id=priority.partnership_id, themes__in=priority.review_themes.all()
    ).distinct()
    visible_reviews = list(
        themed_reviews.filter(
            pk__in=review_policies.reviews.visible(acting, "view").values("pk")
        ).order_by("-pk")[:50]
    )
    courses = (
        Course.objects.filter(
            partnership_id=priority.partnership_id, themes__in=priority.training_themes.all()
        )
        .distinct()
        .annotate(
            held=Count(
                "events",
                filter=Q(events__ends_at__lt=timezone.now())
                & ~Q(events__status=Event.Status.CANCELLED),
                distinct=True,
            )
        )
        .order_by("title")
    )
    return PriorityPage(
        priority=priority,
        progress=progress_of([priority], today)[priority.pk],
        actions=rows,
        action_counts=sorted(counts.items()),
        indicators=indicator_rows(indicators, today),
        reviews=visible_reviews,
        reviews_total=themed_reviews.count(),
        courses=[(course, int(course.held)) for course in courses],
        updates=list(priority.updates.select_related("author").order_by("-year", "-quarter")),
    )


def improvements_of(acting: Acting) -> QuerySet[ImprovementArea]:
    return policies.improvements.visible(acting, "view").select_related("priority")
