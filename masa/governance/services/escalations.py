"""Professional escalation and resolution: the partnership's ladder of stages (data, with
a default a partnership may change), raising an escalation, recording each stage's
response, moving it up the ladder and resolving it with what was learnt.

A stage's due date is its timescale in working days from the day the escalation
reached it (`masa.core.clocks`). A case-level escalation names the child only by a
pseudonym ("Child K") or a case reference, never by name (`case_reference_problem`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from masa.core import audit, clocks, notify
from masa.core.acting import Acting
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Agency, Partnership, PartnershipAgency
from masa.governance import policies_risks as policies
from masa.governance.models_risks import Escalation, EscalationStage, EscalationStep
from masa.reviews.models import Theme

# The ladder every partnership starts with (seed 002 §1.3 names "refreshed escalation
# procedures" but no levels): stage, name, what happens, working days to respond.
DEFAULT_LADDER = (
    (
        1,
        "Practitioner to practitioner",
        "The practitioner raises the disagreement directly with their counterpart in the "
        "other agency.",
        5,
    ),
    (2, "Managers", "The practitioners' line managers discuss it and agree a way forward.", 5),
    (
        3,
        "Senior managers",
        "Senior managers or designated safeguarding leads of both agencies meet.",
        10,
    ),
    (
        4,
        "The partnership",
        "The business manager takes it to the lead safeguarding partners for a decision.",
        20,
    ),
)

# A pseudonym ("Child K", "Child AB", "Young person 3") or a reference with a digit in it.
_PSEUDONYM = re.compile(r"^(Child|Young person|Adult|Family) [A-Z0-9]{1,3}$")
_REFERENCE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9/\-]{1,39}$")


def _today() -> datetime.date:
    return timezone.localdate()


def case_reference_problem(value: str) -> str | None:
    """Why `value` cannot be a case reference (None if it can): only a pseudonym such as
    "Child K" or a reference with a figure in it (LA-204517), so a name cannot be typed."""
    if not value or _PSEUDONYM.match(value) or _REFERENCE.match(value):
        return None
    return (
        'Enter a pseudonym such as "Child K" or a case reference such as LA-204517, '
        "never the child's name"
    )


@transaction.atomic
def ladder_ensure_default(partnership: Partnership) -> list[EscalationStage]:
    """The partnership's ladder, made from the default if it has none yet."""
    if not EscalationStage.objects.filter(partnership=partnership).exists():
        for number, name, description, days in DEFAULT_LADDER:
            EscalationStage.objects.create(
                partnership=partnership,
                number=number,
                name=name,
                description=description,
                working_days=days,
            )
    return list(EscalationStage.objects.filter(partnership=partnership).order_by("number"))


def install_ladder(sender: object, *, partnership: Partnership, **kwargs: object) -> str:
    """A new partnership gets the default escalation ladder (core's set-up signal)."""
    had = EscalationStage.objects.filter(partnership=partnership).exists()
    ladder_ensure_default(partnership)
    return "" if had else "the default escalation ladder added"


def _require_ladder(acting: Acting) -> None:
    if not policies.escalations.can(acting, "ladder"):
        raise NotAllowed("You do not have permission to do that.")


def _stage_values(name: str, working_days: int) -> tuple[str, int]:
    name = name.strip()
    if not name:
        raise ServiceError("Enter the stage's name", field="name")
    if not 1 <= working_days <= 120:
        raise ServiceError("The timescale must be from 1 to 120 working days", field="working_days")
    return name, working_days


@transaction.atomic
def stage_add(*, acting: Acting, name: str, description: str, working_days: int) -> EscalationStage:
    """Add a stage at the top of the ladder (escalation.manage)."""
    _require_ladder(acting)
    name, working_days = _stage_values(name, working_days)
    ladder_ensure_default(acting.partnership)
    top = EscalationStage.objects.filter(partnership=acting.partnership).aggregate(n=Max("number"))
    stage = EscalationStage.objects.create(
        partnership=acting.partnership,
        number=(top["n"] or 0) + 1,
        name=name,
        description=description.strip(),
        working_days=working_days,
    )
    audit.record(
        acting,
        "escalation_stage.add",
        stage,
        audit.created(stage, ("number", "name", "working_days")),
    )
    return stage


@transaction.atomic
def stage_edit(
    *, acting: Acting, stage: EscalationStage, name: str, description: str, working_days: int
) -> EscalationStage:
    """Change a stage's name, description or timescale (escalation.manage). Due dates
    already set keep the timescale they were set with."""
    _require_ladder(acting)
    if stage.partnership_id != acting.partnership_id:
        raise NotAllowed("You do not have permission to do that.")
    name, working_days = _stage_values(name, working_days)
    fields = ("number", "name", "working_days")
    before = audit.snapshot(stage, fields)
    stage.name, stage.description, stage.working_days = name, description.strip(), working_days
    stage.save()
    changes = audit.changes_between(before, audit.snapshot(stage, fields))
    if changes:
        audit.record(acting, "escalation_stage.edit", stage, changes)
    return stage


def _step_due(stage: EscalationStage, started_on: datetime.date) -> datetime.date:
    return clocks.add_working_days(started_on, stage.working_days)


def _happened(day: datetime.date, field: str, what: str) -> None:
    if day > _today():
        raise ServiceError(f"{what} must be today or in the past", field=field)


@transaction.atomic
def escalation_raise(
    *,
    acting: Acting,
    kind: str,
    about_agency: Agency,
    concern: str,
    raised_with: str,
    case_reference: str = "",
    themes: Iterable[Theme] = (),
    raised_on: datetime.date | None = None,
) -> Escalation:
    """Raise an escalation for the person's agency about another agency of the partnership
    (escalation.raise): it starts at the first stage of the ladder, with its response due
    on that stage's timescale. Those who may respond for the other agency are told."""
    policies.escalations.require(acting, "raise")
    partnership = acting.partnership
    raised_on = raised_on or _today()
    _happened(raised_on, "raised_on", "The date it was raised")
    if kind not in Escalation.Kind.values:
        raise ServiceError("Select the kind of escalation", field="kind")
    if not PartnershipAgency.objects.filter(partnership=partnership, agency=about_agency).exists():
        raise ServiceError("Select an agency of the partnership", field="about_agency")
    if about_agency.pk == acting.agency_id:
        raise ServiceError(
            "An escalation is about another agency: select the agency you disagree with",
            field="about_agency",
        )
    case_reference = case_reference.strip()
    problem = case_reference_problem(case_reference)
    if problem:
        raise ServiceError(problem, field="case_reference")
    if kind == Escalation.Kind.STRATEGIC and case_reference:
        raise ServiceError(
            "A strategic challenge is not about one child: leave the case reference empty",
            field="case_reference",
        )
    concern = concern.strip()
    if not concern:
        raise ServiceError("Describe the concern", field="concern")
    raised_with = raised_with.strip()
    if not raised_with:
        raise ServiceError("Say who it was raised with (their role)", field="raised_with")
    first = ladder_ensure_default(partnership)[0]
    chosen = [theme for theme in themes if theme.partnership_id == partnership.pk]
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    number = (
        Escalation.objects.filter(partnership=partnership).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    escalation = Escalation.objects.create(
        partnership=partnership,
        number=number,
        kind=kind,
        raised_by=acting.person,
        raised_by_agency=acting.agency,
        about_agency=about_agency,
        concern=concern,
        case_reference=case_reference,
        raised_on=raised_on,
        stage=first,
    )
    escalation.themes.set(chosen)
    step = EscalationStep.objects.create(
        escalation=escalation,
        stage=first,
        started_on=raised_on,
        due_on=_step_due(first, raised_on),
        raised_with=raised_with,
    )
    audit.record(
        acting,
        "escalation.raise",
        escalation,
        {
            "kind": {"old": None, "new": escalation.get_kind_display()},
            "about_agency": {"old": None, "new": about_agency.name},
            "raised_by_agency": {"old": None, "new": acting.agency.name},
            "stage": {"old": None, "new": str(first)},
            "due_on": {"old": None, "new": step.due_on.isoformat()},
        },
    )
    _tell_responders(escalation, step)
    return escalation


def _tell_responders(escalation: Escalation, step: EscalationStep) -> None:
    """Email those who may respond for the agency the escalation is about."""
    people = [
        person
        for person in policies.escalations.people_with("respond", escalation)
        if person.pk != escalation.raised_by_id
        and person.memberships.filter(
            partnership_id=escalation.partnership_id, agency_id=escalation.about_agency_id
        ).exists()
    ]
    notify.send(
        "governance/escalation_raised",
        people,
        {
            "reference": escalation.reference,
            "stage": str(step.stage),
            "raised_by_agency": escalation.raised_by_agency.name,
            "due_on": step.due_on,
            "link": notify.link("governance:escalation", escalation.pk),
        },
        partnership=escalation.partnership,
        about=escalation,
    )


def _open_step(acting: Acting, escalation: Escalation) -> tuple[Escalation, EscalationStep]:
    """The escalation, locked, and its step at the current stage, for someone who may
    respond to it or who raised it."""
    if not (
        policies.escalations.can(acting, "respond", escalation)
        or (
            escalation.raised_by_id == acting.person.pk
            and escalation.partnership_id == acting.partnership_id
        )
    ):
        raise NotAllowed("You do not have permission to do that.")
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.status != Escalation.Status.OPEN:
        raise ServiceError("The escalation has been resolved", field="response")
    step = escalation.steps.get(stage=escalation.stage)
    return escalation, step


@transaction.atomic
def escalation_respond(
    *,
    acting: Acting,
    escalation: Escalation,
    response: str,
    responded_on: datetime.date | None = None,
) -> EscalationStep:
    """Record the response at the current stage (escalation.respond reaching it)."""
    if not policies.escalations.can(acting, "respond", escalation):
        raise NotAllowed("You do not have permission to do that.")
    escalation, step = _open_step(acting, escalation)
    responded_on = responded_on or _today()
    _happened(responded_on, "responded_on", "The date of the response")
    if responded_on < step.started_on:
        raise ServiceError(
            "The response cannot be before the escalation reached this stage", field="responded_on"
        )
    response = response.strip()
    if not response:
        raise ServiceError("Enter the response", field="response")
    step.response, step.responded_on, step.responded_by = response, responded_on, acting.person
    step.save()
    audit.record(
        acting,
        "escalation.respond",
        escalation,
        {
            "stage": {"old": None, "new": str(step.stage)},
            "responded_on": {"old": None, "new": responded_on.isoformat()},
        },
    )
    return step


@transaction.atomic
def escalation_escalate(
    *,
    acting: Acting,
    escalation: Escalation,
    raised_with: str,
    on: datetime.date | None = None,
) -> EscalationStep:
    """Take the escalation to the next stage of the ladder, its response due on that
    stage's timescale (the person who raised it, or escalation.respond reaching it)."""
    escalation, step = _open_step(acting, escalation)
    on = on or _today()
    _happened(on, "on", "The date it was escalated")
    if on < step.started_on:
        raise ServiceError("It cannot move on before it reached this stage", field="on")
    following = (
        EscalationStage.objects.filter(
            partnership_id=escalation.partnership_id, number__gt=escalation.stage.number
        )
        .order_by("number")
        .first()
    )
    if following is None:
        raise ServiceError(
            "This is the last stage of the ladder: resolve the escalation", field="raised_with"
        )
    raised_with = raised_with.strip()
    if not raised_with:
        raise ServiceError("Say who it is now raised with (their role)", field="raised_with")
    old_stage = str(escalation.stage)
    escalation.stage = following
    escalation.save(update_fields=["stage"])
    new_step = EscalationStep.objects.create(
        escalation=escalation,
        stage=following,
        started_on=on,
        due_on=_step_due(following, on),
        raised_with=raised_with,
    )
    audit.record(
        acting,
        "escalation.escalate",
        escalation,
        {
            "stage": {"old": old_stage, "new": str(following)},
            "due_on": {"old": step.due_on.isoformat(), "new": new_step.due_on.isoformat()},
        },
    )
    _tell_responders(escalation, new_step)
    return new_step


@transaction.atomic
def escalation_resolve(
    *,
    acting: Acting,
    escalation: Escalation,
    resolution: str,
    learning: str,
    themes: Iterable[Theme] = (),
    resolved_on: datetime.date | None = None,
) -> Escalation:
    """Resolve the escalation with what was agreed and what was learnt, tagged with the
    themes the learning feeds (audits, reviews, training)."""
    escalation, _step = _open_step(acting, escalation)
    resolved_on = resolved_on or _today()
    _happened(resolved_on, "resolved_on", "The date it was resolved")
    if resolved_on < escalation.raised_on:
        raise ServiceError("It cannot be resolved before it was raised", field="resolved_on")
    resolution = resolution.strip()
    if not resolution:
        raise ServiceError("Say how it was resolved", field="resolution")
    escalation.status = Escalation.Status.RESOLVED
    escalation.resolved_on = resolved_on
    escalation.resolution = resolution
    escalation.learning = learning.strip()
    escalation.save()
    chosen = [theme for theme in themes if theme.partnership_id == escalation.partnership_id]
    if chosen:
        escalation.themes.add(*chosen)
    audit.record(
        acting,
        "escalation.resolve",
        escalation,
        {
            "status": {"old": "open", "new": "resolved"},
            "resolved_on": {"old": None, "new": resolved_on.isoformat()},
            "themes": {"old": None, "new": sorted(t.name for t in escalation.themes.all())},
        },
    )
    return escalation
