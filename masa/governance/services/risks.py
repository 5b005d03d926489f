"""Writes to the risk register: the partnership's scale, adding a risk, changing its
details, reviewing it (a new version, never an edit) and adding actions to it.

Scores are checked against the partnership's scale here, whatever form or command
asks; a review's next date comes from the `risk_review` clock (3 months by default).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from masa.actions import services as action_services
from masa.actions.models import Action, SourceKind
from masa.core import audit, clocks
from masa.core.acting import Acting
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Agency, Membership, Partnership, Person
from masa.core.timescales import rule_for
from masa.governance import policies_risks as policies
from masa.governance import rules_risks as rules
from masa.governance.models import Group
from masa.governance.models_risks import Risk, RiskCategory, RiskReview, RiskScale


def _today() -> datetime.date:
    return timezone.localdate()


def scale_of(partnership: Partnership | int) -> RiskScale:
    """The partnership's risk scale (5 x 5, unsaved, if it has set none)."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.pk
    scale = RiskScale.objects.filter(partnership_id=partnership_id).first()
    return scale or RiskScale(partnership_id=partnership_id)


@dataclass(frozen=True)
class Scores:
    """A risk's three scores as likelihood and impact levels."""

    inherent_likelihood: int
    inherent_impact: int
    current_likelihood: int
    current_impact: int
    target_likelihood: int
    target_impact: int

    def check(self, scale: RiskScale) -> None:
        """Refuse a level off the scale, or a target above the current score."""
        for name, value in vars(self).items():
            levels = scale.likelihood_levels if name.endswith("likelihood") else scale.impact_levels
            what = name.replace("_", " ").capitalize()
            problem = rules.level_problem(value, levels, what)
            if problem:
                raise ServiceError(problem, field=name)
        if rules.score(self.target_likelihood, self.target_impact) > rules.score(
            self.current_likelihood, self.current_impact
        ):
            raise ServiceError(
                "The target score cannot be higher than the current score",
                field="target_likelihood",
            )

    def of(self, record: Any) -> None:
        for name, value in vars(self).items():
            setattr(record, name, value)

    @classmethod
    def from_record(cls, record: Any) -> Scores:
        return cls(**{name: getattr(record, name) for name in cls.__dataclass_fields__})


def _text(value: str, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise ServiceError(message, field=field)
    return text


def _check_owner(partnership_id: int, owner: Person, group: Group | None) -> None:
    if not Membership.objects.filter(
        person=owner, partnership_id=partnership_id, is_active=True
    ).exists():
        raise ServiceError("The owner must be a member of the partnership", field="owner")
    if group is not None and group.partnership_id != partnership_id:
        raise ServiceError("Select a group of this partnership", field="owner_group")


def _next_review(partnership: Partnership, on: datetime.date) -> datetime.date:
    due = clocks.due(on, rule_for(partnership, "risk_review"))
    assert isinstance(due, datetime.date)
    return due


def _score_changes(before: dict[str, Any], risk: Risk) -> dict[str, Any]:
    after = {
        "inherent_score": risk.inherent_score,
        "current_score": risk.current_score,
        "target_score": risk.target_score,
        "status": risk.status,
        "review_due_on": risk.review_due_on.isoformat(),
    }
    return {
        name: {"old": before.get(name), "new": value}
        for name, value in after.items()
        if before.get(name) != value
    }


@transaction.atomic
def risk_scale_set(*, acting: Acting, likelihood_levels: int, impact_levels: int) -> RiskScale:
    """Set the partnership's risk scale. Refused while a risk has a level beyond it."""
    if not policies.risks.can(acting, "manage_here"):
        raise NotAllowed("You do not have permission to do that.")
    for value, field, what in (
        (likelihood_levels, "likelihood_levels", "Levels of likelihood"),
        (impact_levels, "impact_levels", "Levels of impact"),
    ):
        if not rules.SMALLEST_SCALE <= value <= rules.LARGEST_SCALE:
            raise ServiceError(
                f"{what} must be from {rules.SMALLEST_SCALE} to {rules.LARGEST_SCALE}", field=field
            )
    scale = scale_of(acting.partnership)
    beyond = Risk.objects.filter(partnership_id=acting.partnership_id).filter(
        Q(inherent_likelihood__gt=likelihood_levels)
        | Q(current_likelihood__gt=likelihood_levels)
        | Q(target_likelihood__gt=likelihood_levels)
        | Q(inherent_impact__gt=impact_levels)
        | Q(current_impact__gt=impact_levels)
        | Q(target_impact__gt=impact_levels)
    )
    if beyond.exists():
        raise ServiceError(
            f"{beyond.count()} risk(s) are scored beyond that scale: review them first",
            field="likelihood_levels",
        )
    changes = audit.changes_between(
        {"likelihood_levels": scale.likelihood_levels, "impact_levels": scale.impact_levels}
        if scale.pk
        else {},
        {"likelihood_levels": likelihood_levels, "impact_levels": impact_levels},
    )
    scale.likelihood_levels, scale.impact_levels = likelihood_levels, impact_levels
    scale.save()
    audit.record(acting, "risk.scale", acting.partnership, changes)
    return scale


@transaction.atomic
def risk_add(
    *,
    acting: Acting,
    title: str,
    description: str,
    cause: str,
    effect: str,
    category: str,
    owner: Person,
    owner_group: Group | None,
    controls: str,
    scores: Scores,
    note: str = "",
    on: datetime.date | None = None,
) -> Risk:
    """Add a risk to the register (risk.manage across the partnership), with its first
    version: the scores as entered."""
    if not policies.risks.can(acting, "manage_here"):
        raise NotAllowed("You do not have permission to do that.")
    partnership = acting.partnership
    on = on or _today()
    if category not in RiskCategory.values:
        raise ServiceError("Select a category", field="category")
    _check_owner(partnership.pk, owner, owner_group)
    scores.check(scale_of(partnership))
    # Lock the partnership's register while numbering, so two adds get two numbers.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    number = (Risk.objects.filter(partnership=partnership).aggregate(n=Max("number"))["n"] or 0) + 1
    risk = Risk(
        partnership=partnership,
        number=number,
        title=_text(title, "title", "Enter the risk's title"),
        description=_text(description, "description", "Describe the risk"),
        cause=_text(cause, "cause", "Say what causes the risk"),
        effect=_text(effect, "effect", "Say what its effect would be"),
        category=category,
        owner=owner,
        owner_group=owner_group,
        controls=_text(controls, "controls", "Say what controls are in place"),
        review_due_on=_next_review(partnership, on),
        last_reviewed_on=on,
        created_on=on,
    )
    scores.of(risk)
    risk.current_score = rules.score(risk.current_likelihood, risk.current_impact)
    risk.save()
    _version(acting, risk, on, note.strip() or "Added to the register")
    audit.record(
        acting,
        "risk.add",
        risk,
        {
            "title": {"old": None, "new": risk.title},
            "owner": {"old": None, "new": str(owner)},
            "owner_group": {"old": None, "new": str(owner_group) if owner_group else None},
            "category": {"old": None, "new": risk.get_category_display()},
            **_score_changes({}, risk),
        },
    )
    return risk


def _version(acting: Acting, risk: Risk, on: datetime.date, note: str) -> RiskReview:
    version = (risk.reviews.aggregate(v=Max("version"))["v"] or 0) + 1
    review = RiskReview(
        risk=risk,
        version=version,
        reviewed_by=acting.person,
        reviewed_on=on,
        status=risk.status,
        controls=risk.controls,
        note=note,
        next_review_on=risk.review_due_on,
    )
    Scores.from_record(risk).of(review)
    review.save()
    return review


@transaction.atomic
def risk_edit(
    *,
    acting: Acting,
    risk: Risk,
    title: str,
    description: str,
    cause: str,
    effect: str,
    category: str,
    owner: Person,
    owner_group: Group | None,
) -> Risk:
    """Change a risk's details and ownership (risk.manage). Scores change only by review."""
    if not policies.risks.can(acting, "manage_here"):
        raise NotAllowed("You do not have permission to do that.")
    policies.risks.require(acting, "manage", risk)
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    if category not in RiskCategory.values:
        raise ServiceError("Select a category", field="category")
    _check_owner(risk.partnership_id, owner, owner_group)
    fields = ("title", "description", "cause", "effect", "category", "owner", "owner_group")
    before = audit.snapshot(risk, fields)
    risk.title = _text(title, "title", "Enter the risk's title")
    risk.description = _text(description, "description", "Describe the risk")
    risk.cause = _text(cause, "cause", "Say what causes the risk")
    risk.effect = _text(effect, "effect", "Say what its effect would be")
    risk.category, risk.owner, risk.owner_group = category, owner, owner_group
    risk.save()
    changes = audit.changes_between(before, audit.snapshot(risk, fields))
    if changes:
        audit.record(acting, "risk.edit", risk, changes)
    return risk


@transaction.atomic
def risk_review(
    *,
    acting: Acting,
    risk: Risk,
    scores: Scores,
    controls: str,
    note: str,
    status: str | None = None,
    on: datetime.date | None = None,
) -> RiskReview:
    """Review a risk (its owner, or risk.review reaching it): the scores now, the
    controls and a note, as a new version; the next review is due on the clock. Moving it
    to escalated or closed (or back) is for those who manage the register."""
    policies.risks.require(acting, "review", risk)
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    on = on or _today()
    if on > _today():
        raise ServiceError("The review date must be today or in the past", field="on")
    if on < risk.last_reviewed_on:
        raise ServiceError("The review date cannot be before the last review", field="on")
    status = status or risk.status
    if status not in Risk.Status.values:
        raise ServiceError("Select the risk's status", field="status")
    if status != risk.status:
        if not policies.risks.can(acting, "manage_here"):
            raise ServiceError(
                "Only the business unit can escalate, close or reopen a risk", field="status"
            )
        if not rules.risk_may_move(risk.status, status):
            raise ServiceError("The risk cannot move to that status", field="status")
    scores.check(scale_of(risk.partnership_id))
    before = {
        "inherent_score": risk.inherent_score,
        "current_score": risk.current_score,
        "target_score": risk.target_score,
        "status": risk.status,
        "review_due_on": risk.review_due_on.isoformat(),
    }
    old_controls = risk.controls
    scores.of(risk)
    risk.current_score = rules.score(risk.current_likelihood, risk.current_impact)
    risk.controls = _text(controls, "controls", "Say what controls are in place")
    risk.status = status
    risk.closed_on = on if status == Risk.Status.CLOSED else None
    risk.last_reviewed_on = on
    risk.review_due_on = _next_review(risk.partnership, on)
    risk.save()
    review = _version(acting, risk, on, _text(note, "note", "Say what the review found"))
    changes = {
        **_score_changes(before, risk),
        "version": {"old": review.version - 1, "new": review.version},
    }
    if old_controls != risk.controls:
        changes["controls"] = {"old": old_controls, "new": risk.controls}
    audit.record(acting, "risk.review", risk, changes)
    return review


@transaction.atomic
def risk_action_add(
    *,
    acting: Acting,
    risk: Risk,
    owner_agency: Agency,
    what: str,
    measure_of_success: str,
    due_on: datetime.date,
    owner: Person | None = None,
) -> Action:
    """Add an action of the one action model to a risk: its owner, or anyone whose
    risk.review reaches it."""
    policies.risks.require(acting, "review", risk)
    if risk.status == Risk.Status.CLOSED:
        raise ServiceError("The risk is closed: reopen it to add actions", field="what")
    return action_services.action_create_for_source(
        acting=acting,
        partnership=risk.partnership,
        source_kind=SourceKind.RISK,
        source=risk,
        owner_agency=owner_agency,
        owner=owner,
        what=what,
        measure_of_success=measure_of_success,
        due_on=due_on,
    )
