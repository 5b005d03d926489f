"""Every write to the strategic plan: one domain action, one function, one transaction,
one audit event. Editing the plan and the list of priorities needs plan.manage across
the partnership; a priority's quarterly progress needs plan.update reaching it (the
business unit, or the priority's lead officer)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from masa.actions import services as action_services
from masa.actions.models import Action, SourceKind
from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Agency, Membership, Person
from masa.insight.models import Indicator
from masa.learning.models import Theme as TrainingTheme
from masa.plan import policies
from masa.plan.models import (
    Ambition,
    ImprovementArea,
    PlanPeriod,
    Priority,
    ProgressUpdate,
    Quarter,
    StrategicPlan,
    Strategy,
)
from masa.reviews.models import Theme as ReviewTheme

ITEM = ("number", "description", "reason", "impact", "lead_group", "lead_officer")
AMBITION = (*ITEM, "title", "statement")
PRIORITY = (*ITEM, "name", "summary", "ambition")
LINKS = ("indicators", "review_themes", "training_themes")
IMPROVEMENT = ("from_year", "area", "priority", "outcome", "what_became")


def _require_manage(acting: Acting) -> None:
    if not policies.priorities.can(acting, "manage_here"):
        raise NotAllowed("You do not have permission to change the strategic plan")


def _text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ServiceError(message, field=field)
    return text


def _check_officer(acting: Acting, officer: Person | None) -> None:
    if (
        officer is not None
        and not Membership.objects.filter(
            person=officer, partnership_id=acting.partnership_id, is_active=True
        ).exists()
    ):
        raise ServiceError(
            "The lead officer must be a member of the partnership", field="lead_officer"
        )


def _check_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on <= starts_on:
        raise ServiceError("The plan must end after it starts", field="ends_on")


# --- the plan and its period -------------------------------------------------------------


@transaction.atomic
def plan_add(
    *,
    acting: Acting,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    title: str,
    vision: str = "",
    introduction: str = "",
    period: PlanPeriod | None = None,
) -> StrategicPlan:
    """Start a strategic plan for new years ("2025-2028"), with its own list of
    priorities; or write the plan of a `period` that has priorities but no plan yet (the
    list the partnership started with), naming its years."""
    _require_manage(acting)
    _check_dates(starts_on, ends_on)
    name = _text(name, "name", "Enter the years the plan covers")
    if period is not None:
        period = PlanPeriod.objects.select_for_update().get(pk=period.pk)
        if period.partnership_id != acting.partnership_id:
            raise NotAllowed("You do not have permission to change this plan")
        if StrategicPlan.objects.filter(period=period).exists():
            raise ServiceError(f"{period.name} already has its plan", field="name")
    others = PlanPeriod.objects.filter(partnership_id=acting.partnership_id, name=name)
    if period is not None:
        others = others.exclude(pk=period.pk)
    if others.exists():
        raise ServiceError(f"There is already a plan for {name}", field="name")
    if period is None:
        period = PlanPeriod(partnership_id=acting.partnership_id)
    period.name, period.starts_on, period.ends_on = name, starts_on, ends_on
    period.save()
    plan = StrategicPlan.objects.create(
        partnership_id=acting.partnership_id,
        period=period,
        title=_text(title, "title", "Enter the plan's title"),
        vision=vision.strip(),
        introduction=introduction.strip(),
        updated_on=timezone.localdate(),
    )
    audit.record(
        acting,
        "plan.add",
        plan,
        audit.changes_between(
            {},
            {
                **audit.snapshot(period, ("name", "starts_on", "ends_on")),
                **audit.snapshot(plan, ("title", "vision", "introduction")),
            },
        ),
    )
    return plan


@transaction.atomic
def plan_change(
    *,
    acting: Acting,
    plan: StrategicPlan,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    title: str,
    vision: str,
    introduction: str,
) -> StrategicPlan:
    _require_manage(acting)
    plan = policies.plans.get_or_404(acting, "manage", plan.pk, for_update=True)
    period = PlanPeriod.objects.select_for_update().get(pk=plan.period_id)
    _check_dates(starts_on, ends_on)
    name = _text(name, "name", "Enter the years the plan covers")
    if (
        PlanPeriod.objects.filter(partnership_id=plan.partnership_id, name=name)
        .exclude(pk=period.pk)
        .exists()
    ):
        raise ServiceError(f"There is already a plan for {name}", field="name")
    before = {
        **audit.snapshot(period, ("name", "starts_on", "ends_on")),
        **audit.snapshot(plan, ("title", "vision", "introduction")),
    }
    period.name, period.starts_on, period.ends_on = name, starts_on, ends_on
    period.save()
    plan.title = _text(title, "title", "Enter the plan's title")
    plan.vision, plan.introduction = vision.strip(), introduction.strip()
    plan.updated_on = timezone.localdate()
    plan.save()
    after = {
        **audit.snapshot(period, ("name", "starts_on", "ends_on")),
        **audit.snapshot(plan, ("title", "vision", "introduction")),
    }
    changes = audit.changes_between(before, after)
    if changes:
        audit.record(acting, "plan.change", plan, changes)
    return plan


# --- ambitions -----------------------------------------------------------------------------


def _next_number(records: Any) -> int:
    return int(records.aggregate(n=Max("number"))["n"] or 0) + 1


def _item_values(
    acting: Acting, values: Mapping[str, Any], fields: Iterable[str]
) -> dict[str, Any]:
    chosen = {name: values[name] for name in fields if name in values}
    for name in ("description", "reason", "impact", "lead_group", "statement", "summary"):
        if name in chosen:
            chosen[name] = (chosen[name] or "").strip()
    _check_officer(acting, chosen.get("lead_officer"))
    return chosen


@transaction.atomic
def ambition_add(*, acting: Acting, plan: StrategicPlan, **values: Any) -> Ambition:
    _require_manage(acting)
    plan = policies.plans.get_or_404(acting, "manage", plan.pk, for_update=True)
    chosen = _item_values(acting, values, AMBITION)
    chosen["title"] = _text(chosen.get("title", ""), "title", "Enter the ambition")
    if not chosen.get("number"):
        chosen["number"] = _next_number(plan.ambitions.all())
    if plan.ambitions.filter(number=chosen["number"]).exists():
        raise ServiceError(f"The plan already has ambition {chosen['number']}", field="number")
    ambition = Ambition.objects.create(partnership=plan.partnership, plan=plan, **chosen)
    audit.record(acting, "ambition.add", ambition, audit.created(ambition, AMBITION))
    return ambition


@transaction.atomic
def ambition_change(*, acting: Acting, ambition: Ambition, **values: Any) -> Ambition:
    _require_manage(acting)
    ambition = policies.ambitions.get_or_404(acting, "manage", ambition.pk, for_update=True)
    chosen = _item_values(acting, values, AMBITION)
    chosen["title"] = _text(chosen.get("title", ambition.title), "title", "Enter the ambition")
    number = chosen.get("number") or ambition.number
    chosen["number"] = number
    if (
        Ambition.objects.filter(plan_id=ambition.plan_id, number=number)
        .exclude(pk=ambition.pk)
        .exists()
    ):
        raise ServiceError(f"The plan already has ambition {number}", field="number")
    before = audit.snapshot(ambition, AMBITION)
    for name, value in chosen.items():
        setattr(ambition, name, value)
    ambition.save()
    changes = audit.changes_between(before, audit.snapshot(ambition, AMBITION))
    if changes:
        audit.record(acting, "ambition.change", ambition, changes)
    return ambition


# --- the one list of priorities ------------------------------------------------------------


def _links_snapshot(priority: Priority) -> dict[str, Any]:
    return {name: sorted(str(item) for item in getattr(priority, name).all()) for name in LINKS}


def _check_links(
    acting: Acting, period: PlanPeriod, chosen: dict[str, Any], links: Mapping[str, Any]
) -> None:
    ambition = chosen.get("ambition")
    if ambition is not None and ambition.plan.period_id != period.pk:
        raise ServiceError("Choose an ambition of this plan", field="ambition")
    models = {
        "indicators": Indicator,
        "review_themes": ReviewTheme,
        "training_themes": TrainingTheme,
    }
    for name, items in links.items():
        if any(item.partnership_id != acting.partnership_id for item in items):
            raise ServiceError(
                f"Choose {models[name]._meta.verbose_name_plural} of this partnership", field=name
            )


def _unique_slug(period: PlanPeriod, name: str) -> str:
    base = slugify(name)[:55] or "priority"
    slug, n = base, 2
    taken = Priority.objects.filter(period=period)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def priority_add(
    *,
    acting: Acting,
    period: PlanPeriod,
    links: Mapping[str, Iterable[Any]] | None = None,
    **values: Any,
) -> Priority:
    """Add a priority to the period's one list."""
    _require_manage(acting)
    if period.partnership_id != acting.partnership_id:
        raise NotAllowed("You do not have permission to change this plan")
    chosen = _item_values(acting, values, PRIORITY)
    chosen["name"] = _text(chosen.get("name", ""), "name", "Enter the priority's name")
    chosen_links = {name: list(items) for name, items in (links or {}).items()}
    _check_links(acting, period, chosen, chosen_links)
    if Priority.objects.filter(period=period, name__iexact=chosen["name"]).exists():
        raise ServiceError(f"{period.name} already has the priority {chosen['name']}", field="name")
    if not chosen.get("number"):
        chosen["number"] = _next_number(Priority.objects.filter(period=period))
    priority = Priority.objects.create(
        partnership_id=acting.partnership_id,
        period=period,
        slug=_unique_slug(period, chosen["name"]),
        **chosen,
    )
    for name, items in chosen_links.items():
        getattr(priority, name).set(items)
    audit.record(
        acting,
        "priority.add",
        priority,
        audit.changes_between(
            {}, {**audit.snapshot(priority, PRIORITY), **_links_snapshot(priority)}
        ),
    )
    return priority


@transaction.atomic
def priority_change(
    *,
    acting: Acting,
    priority: Priority,
    links: Mapping[str, Iterable[Any]] | None = None,
    **values: Any,
) -> Priority:
    """Change a priority: its columns, leads, ambition, outcome indicators and the
    review and training themes that map onto it. Its address (slug) is kept."""
    _require_manage(acting)
    priority = policies.priorities.get_or_404(acting, "manage", priority.pk, for_update=True)
    chosen = _item_values(acting, values, PRIORITY)
    chosen["name"] = _text(chosen.get("name", priority.name), "name", "Enter the priority's name")
    chosen.setdefault("number", priority.number)
    chosen["number"] = chosen["number"] or priority.number
    chosen_links = {name: list(items) for name, items in (links or {}).items()}
    _check_links(acting, priority.period, chosen, chosen_links)
    if (
        Priority.objects.filter(period_id=priority.period_id, name__iexact=chosen["name"])
        .exclude(pk=priority.pk)
        .exists()
    ):
        raise ServiceError(
            f"{priority.period.name} already has the priority {chosen['name']}", field="name"
        )
    before = {**audit.snapshot(priority, PRIORITY), **_links_snapshot(priority)}
    for name, value in chosen.items():
        setattr(priority, name, value)
    priority.save()
    for name, items in chosen_links.items():
        getattr(priority, name).set(items)
    changes = audit.changes_between(
        before, {**audit.snapshot(priority, PRIORITY), **_links_snapshot(priority)}
    )
    if changes:
        audit.record(acting, "priority.change", priority, changes)
    return priority


@transaction.atomic
def strategy_add(
    *, acting: Acting, priority: Priority, name: str, review_on: datetime.date, url: str = ""
) -> Strategy:
    """A strategy that serves the priority, with the date it is next reviewed."""
    _require_manage(acting)
    priority = policies.priorities.get_or_404(acting, "manage", priority.pk)
    name = _text(name, "name", "Enter the strategy's name")
    if priority.strategies.filter(name__iexact=name).exists():
        raise ServiceError(f"{priority.name} already has the strategy {name}", field="name")
    strategy = Strategy.objects.create(
        partnership=priority.partnership,
        priority=priority,
        name=name,
        review_on=review_on,
        url=url.strip(),
    )
    audit.record(acting, "strategy.add", priority, audit.created(strategy, ("name", "review_on")))
    return strategy


@transaction.atomic
def delivery_action_add(
    *,
    acting: Acting,
    priority: Priority,
    owner_agency: Agency,
    what: str,
    measure_of_success: str,
    due_on: datetime.date,
    owner: Person | None = None,
) -> Action:
    """A delivery action of the plan: the priority is its source and the priority it
    serves. For those who edit the plan, or may write the priority's progress."""
    if not (
        policies.priorities.can(acting, "manage_here")
        or policies.priorities.can(acting, "update", priority)
    ):
        raise NotAllowed("You do not have permission to add actions to this priority")
    return action_services.action_create_for_source(
        acting=acting,
        partnership=priority.partnership,
        source_kind=SourceKind.PLAN_ITEM,
        source=priority,
        owner_agency=owner_agency,
        owner=owner,
        what=what,
        measure_of_success=measure_of_success,
        due_on=due_on,
        serves=priority,
    )


# --- quarterly progress ------------------------------------------------------------------


PROGRESS = ("year", "quarter", "what_we_did", "impact", "challenges", "next_steps")


@transaction.atomic
def progress_add(
    *,
    acting: Acting,
    priority: Priority,
    year: int,
    quarter: int,
    what_we_did: str,
    impact: str,
    challenges: str = "",
    next_steps: str = "",
) -> ProgressUpdate:
    """The priority's progress in one quarter, by its lead (plan.update reaching it).
    One a quarter: a second for the same quarter is refused, so a double submit makes one."""
    if not policies.priorities.can(acting, "update", priority):
        raise NotAllowed("You do not have permission to write this priority's progress")
    priority = Priority.objects.select_for_update().select_related("period").get(pk=priority.pk)
    if quarter not in Quarter.values:
        raise ServiceError("Select the quarter", field="quarter")
    first = priority.period.starts_on.year - (1 if priority.period.starts_on.month < 4 else 0)
    if not first <= year <= priority.period.ends_on.year:
        raise ServiceError(f"Choose a year of the plan {priority.period.name}", field="year")
    if priority.updates.filter(year=year, quarter=quarter).exists():
        raise ServiceError(
            f"{priority.name} already has its progress for "
            f"{year}-{(year + 1) % 100:02d} quarter {quarter}",
            field="quarter",
        )
    try:
        with transaction.atomic():
            update = ProgressUpdate.objects.create(
                partnership=priority.partnership,
                priority=priority,
                year=year,
                quarter=quarter,
                what_we_did=_text(what_we_did, "what_we_did", "Say what was done this quarter"),
                impact=_text(impact, "impact", "Say what difference it made"),
                challenges=challenges.strip(),
                next_steps=next_steps.strip(),
                author=acting.person,
            )
    except IntegrityError as error:
        raise ServiceError(
            "This quarter's progress has just been written", field="quarter"
        ) from error
    audit.record(acting, "progress.add", priority, audit.created(update, PROGRESS))
    return update


# --- improvement areas carried forward ------------------------------------------------------


def _improvement_values(acting: Acting, values: Mapping[str, Any]) -> dict[str, Any]:
    chosen = {name: values[name] for name in IMPROVEMENT if name in values}
    chosen["area"] = _text(chosen.get("area", ""), "area", "Say what the area for improvement was")
    chosen["from_year"] = _text(
        chosen.get("from_year", ""), "from_year", "Enter the year of the report that named it"
    )
    chosen["what_became"] = (chosen.get("what_became") or "").strip()
    priority = chosen.get("priority")
    if priority is not None and priority.partnership_id != acting.partnership_id:
        raise ServiceError("Choose a priority of this partnership", field="priority")
    return chosen


@transaction.atomic
def improvement_add(*, acting: Acting, **values: Any) -> ImprovementArea:
    _require_manage(acting)
    chosen = _improvement_values(acting, values)
    area = ImprovementArea.objects.create(
        partnership_id=acting.partnership_id, updated_on=timezone.localdate(), **chosen
    )
    audit.record(acting, "improvement.add", area, audit.created(area, IMPROVEMENT))
    return area


@transaction.atomic
def improvement_change(*, acting: Acting, area: ImprovementArea, **values: Any) -> ImprovementArea:
    _require_manage(acting)
    area = policies.improvements.get_or_404(acting, "manage", area.pk, for_update=True)
    chosen = _improvement_values(acting, values)
    before = audit.snapshot(area, IMPROVEMENT)
    for name, value in chosen.items():
        setattr(area, name, value)
    area.updated_on = timezone.localdate()
    area.save()
    changes = audit.changes_between(before, audit.snapshot(area, IMPROVEMENT))
    if changes:
        audit.record(acting, "improvement.change", area, changes)
    return area
