"""Northbridge's strategic plan 2025-2028 (issue 16): five ambitions, the partnership's
seven priorities under them with the seed's columns (description, reason, impact), leads,
outcome indicators, strategies and delivery actions, review and training themes mapped
onto them, four quarters of progress from each lead, and areas for improvement carried
forward from last year's report.

Self-neglect and hoarding is the priority with little or no evidence of progress: none
of its actions was completed in the year and its outcome indicators are those of its
catalogue set that did not improve. Every other priority has an action completed in
the year. Deterministic, made through the services, dated up to the demo's anchor;
idempotent (a partnership that has its plan is left alone)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from masa.actions import services as action_services
from masa.actions.models import Action
from masa.core.acting import Acting, acting_in
from masa.core.models import Agency, Partnership, Person
from masa.demo import anchor as demo_anchor
from masa.insight.models import Function, Indicator
from masa.insight.periods import last_ended_quarter, quarters_back
from masa.learning.models import Theme as TrainingTheme
from masa.plan import periods, selectors, services
from masa.plan.models import Ambition, ImprovementArea, Priority, StrategicPlan
from masa.reviews.models import Theme as ReviewTheme

Progress = Callable[[str], None]

MANAGER = "eleanor.hughes@northbridge.example"
OFFICER = "dev.patel@northbridge.example"
CHAIR = "harry.whitfield@merciavale-probation.example"
MEMBER = "grace.okafor@northbridge-hospitals.example"
DATA_LEAD = "farid.ahmed@merciavale-icb.example"
FLAGGED = "self-neglect-and-hoarding"
GOVERNANCE = "governance"


@dataclass(frozen=True)
class ItemSpec:
    title: str
    statement: str
    description: str
    reason: str
    impact: str
    lead_group: str
    lead: str


@dataclass(frozen=True)
class PrioritySpec:
    slug: str
    name: str
    summary: str
    description: str
    reason: str
    impact: str
    lead_group: str
    lead: str
    review_themes: tuple[str, ...]
    training_themes: tuple[str, ...]
    strategy: str
    # (owning agency, what, measure of success, months from the plan's start it is due)
    actions: tuple[tuple[str, str, str, int], ...]


AMBITIONS = [
    ItemSpec(
        "Governance and leadership",
        "We want to learn from the partnership's experience and hold one another to account.",
        "Embed the partnership's operating framework: induction for members, clear terms of "
        "reference for every subgroup, and a yearly review of the arrangements.",
        "The independent scrutineer found subgroups unclear about their delegated decisions.",
        "Partners challenge one another and decisions are made at the right level.",
        "Safeguarding executive",
        MANAGER,
    ),
    ItemSpec(
        "Early identification of neglect",
        "We want children's needs met early, before neglect becomes entrenched.",
        "Launch the neglect strategy and toolkit, and train practitioners to use them.",
        "Neglect remains the most common category of child protection plan in Northbridge.",
        "Fewer children on plans for neglect, and fewer repeat plans.",
        "Neglect and early help subgroup",
        CHAIR,
    ),
    ItemSpec(
        "Safe from harm outside the home",
        "We want children and adults at risk of exploitation identified and protected.",
        "Commission a strategic needs assessment and an all-age exploitation delivery plan.",
        "Exploitation does not stop on a person's 18th birthday.",
        "Young people at risk are known to partners and supported through transition.",
        "Exploitation subgroup",
        MEMBER,
    ),
    ItemSpec(
        "Safe at home",
        "We want children living with domestic or sexual abuse seen, heard and kept safe.",
        "Review the child sexual abuse strategy and the domestic abuse pathway together.",
        "Under-reporting hides the scale of sexual abuse; domestic abuse drives many referrals.",
        "Abuse is recognised earlier and children are offered help that works.",
        "Practice and quality assurance subgroup",
        OFFICER,
    ),
    ItemSpec(
        "A multi-agency response for adults at risk",
        "We want adults who self-neglect or hoard, and the children with them, to get help.",
        "Rethink the self-neglect and hoarding panel and raise practitioners' recognition.",
        "A low volume of referrals and little use of the multi-agency panel.",
        "Practitioners recognise self-neglect and use the panel early.",
        "Adult safeguarding subgroup",
        DATA_LEAD,
    ),
]

# (ambition number, spec)
PRIORITIES: list[tuple[int, PrioritySpec]] = [
    (
        1,
        PrioritySpec(
            "governance",
            "Partnership governance and learning",
            "To strengthen the partnership's arrangements and learn from its experience.",
            "Induct every member; agree terms of reference for each subgroup; build the "
            "training offer from the learning of reviews and audits.",
            "Scrutiny found subgroups unclear about their delegated decisions.",
            "Decisions are made at the right level and learning reaches practice.",
            "Safeguarding executive",
            MANAGER,
            ("Professional curiosity",),
            ("Safer workforce",),
            "Multi-agency safeguarding arrangements",
            (
                ("Northbridge Borough Council", "Induct every subgroup member", "All", 6),
                ("Mercia Vale Police", "Agree subgroup terms of reference", "Agreed", 12),
            ),
        ),
    ),
    (
        2,
        PrioritySpec(
            "neglect",
            "Neglect",
            "To improve multi-agency oversight and management of neglect.",
            "Hold launch events for the neglect toolkit; promote the Graded Care Profile 2 "
            "and keep a pool of trained trainers.",
            "Neglect continues to be the highest category of abuse in Northbridge.",
            "Practitioners use one shared tool and children get help sooner.",
            "Neglect and early help subgroup",
            CHAIR,
            ("Neglect",),
            ("Neglect",),
            "Northbridge neglect strategy",
            (
                ("Northbridge Borough Council", "Launch the neglect toolkit", "Toolkit live", 6),
                ("Northbridge Hospitals NHS Trust", "Train 40 GCP2 users", "40 trained", 18),
            ),
        ),
    ),
    (
        5,
        PrioritySpec(
            "early-help",
            "Early help",
            "To give families the right help at the right time.",
            "Refresh the right help, right time threshold guidance and its training.",
            "Too many contacts reach the front door that early help could meet.",
            "Families are helped below the threshold for social care.",
            "Neglect and early help subgroup",
            CHAIR,
            (),
            ("Multi-agency working",),
            "Early help strategy",
            (
                ("Northbridge Borough Council", "Publish the threshold guidance", "Published", 4),
                ("Northbridge Academy", "Run early help clinics in schools", "Six held", 20),
            ),
        ),
    ),
    (
        3,
        PrioritySpec(
            "exploitation",
            "Exploitation",
            "To improve multi-agency oversight of children and adults at risk of exploitation.",
            "Commission a strategic needs assessment; produce a delivery plan and scorecard.",
            "Services need to recognise risk that continues past a person's 18th birthday.",
            "Young people at risk are supported through the move to adult services.",
            "Exploitation subgroup",
            MEMBER,
            ("Exploitation",),
            ("Exploitation",),
            "All-age exploitation strategy",
            (
                ("Mercia Vale Police", "Complete the needs assessment", "Assessment agreed", 9),
                ("Mercia Vale Police", "Agree the delivery plan and scorecard", "Agreed", 24),
            ),
        ),
    ),
    (
        4,
        PrioritySpec(
            "child-sexual-abuse",
            "Child sexual abuse",
            "To improve multi-agency oversight and management of child sexual abuse.",
            "Review the child sexual abuse strategy and the themes it shares with adults.",
            "The scale of offending is hidden by under-reporting and under-identification.",
            "More children are identified and offered support.",
            "Practice and quality assurance subgroup",
            OFFICER,
            ("Child sexual abuse",),
            ("Harmful sexual behaviour",),
            "Child sexual abuse strategy",
            (
                ("Mercia Vale Police", "Review the strategy", "Revised strategy agreed", 10),
                ("Northbridge Academy", "Train staff on harmful sexual behaviour", "80%", 26),
            ),
        ),
    ),
    (
        4,
        PrioritySpec(
            "domestic-abuse",
            "Domestic abuse",
            "To keep children living with domestic abuse seen, heard and safe.",
            "Bring the domestic abuse pathway and the MARAC referral route together.",
            "Domestic abuse is the commonest factor at assessment.",
            "Children's experience is recorded and acted on at every MARAC.",
            "Practice and quality assurance subgroup",
            OFFICER,
            ("Domestic abuse",),
            ("Domestic abuse",),
            "Domestic abuse strategy",
            (
                ("Mercia Vale Police", "Join up the pathway and MARAC", "One route", 8),
                ("Canal Street Medical Practice", "Routine enquiry in GP practices", "75%", 22),
            ),
        ),
    ),
    (
        5,
        PrioritySpec(
            FLAGGED,
            "Self-neglect and hoarding",
            "To improve multi-agency oversight of adults who self-neglect or hoard.",
            "Rethink the self-neglect and hoarding panel; hold a learning event.",
            "A low volume of referrals and little use of the multi-agency panel.",
            "Practitioners recognise self-neglect and refer early.",
            "Adult safeguarding subgroup",
            DATA_LEAD,
            ("Self-neglect and hoarding",),
            (),
            "Self-neglect and hoarding protocol",
            (
                ("Northbridge Borough Council", "Relaunch the panel", "Panel meets monthly", 12),
                ("Northbridge Hospitals NHS Trust", "Hold a learning event", "Held", 30),
            ),
        ),
    ),
]

IMPROVEMENTS = [
    (
        "Timeliness of learning from case reviews",
        "exploitation",
        ImprovementArea.Outcome.ACHIEVED,
        "Reviews now report to the executive each quarter; briefings go out within a month.",
    ),
    (
        "Tracking recommendations across the partnership",
        "neglect",
        ImprovementArea.Outcome.PARTLY,
        "One action plan holds every recommendation; evidence of impact is still thin.",
    ),
    (
        "Confidence and expertise of subgroup members",
        None,
        ImprovementArea.Outcome.CARRIED,
        "Induction is written; half the members have taken part. Carried into this year.",
    ),
]


def _people(partnership: Partnership) -> dict[str, Person]:
    emails = {MANAGER, OFFICER, CHAIR, MEMBER, DATA_LEAD}
    return {p.email: p for p in Person.objects.filter(email__in=emails)}


def _agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def _month(start: datetime.date, months: int) -> datetime.date:
    year, month = divmod(start.month - 1 + months, 12)
    return datetime.date(start.year + year, month + 1, min(start.day, 28))


def build(progress: Progress = lambda _: None, *, anchor: datetime.datetime | None = None) -> None:
    anchor = demo_anchor.resolve(anchor)
    partnership = Partnership.objects.get(slug="northbridge")
    if StrategicPlan.objects.filter(partnership=partnership).exists():
        return
    progress("Strategic plan: Northbridge's 2025-2028 plan and priorities")
    people = _people(partnership)
    acting = acting_in(people[MANAGER], partnership)
    today = anchor.date()
    period = periods.current_or_new_period(partnership, today)
    plan = services.plan_add(
        acting=acting,
        period=period,
        name="2025-2028",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2028, 3, 31),
        title="Northbridge Safeguarding Partnership strategic plan 2025-2028",
        vision="Every child and adult in Northbridge is safe, and feels safe, in their "
        "family, their community and online.",
        introduction="Partners agreed five shared ambitions for 2025-2028. The priorities "
        "below are the partnership's one list: subgroups plan their work against them and "
        "the yearly report says how far each has come.",
    )
    ambitions = {}
    for number, spec in enumerate(AMBITIONS, start=1):
        ambitions[number] = services.ambition_add(
            acting=acting,
            plan=plan,
            number=number,
            title=spec.title,
            statement=spec.statement,
            description=spec.description,
            reason=spec.reason,
            impact=spec.impact,
            lead_group=spec.lead_group,
            lead_officer=people[spec.lead],
        )
    _priorities(acting, plan, ambitions, people, today)
    for area, slug, outcome, what in IMPROVEMENTS:
        services.improvement_add(
            acting=acting,
            from_year="2024-25",
            area=area,
            priority=Priority.objects.filter(period=plan.period, slug=slug).first(),
            outcome=outcome,
            what_became=what,
        )


def _priorities(
    acting: Acting,
    plan: StrategicPlan,
    ambitions: dict[int, Ambition],
    people: dict[str, Person],
    today: datetime.date,
) -> None:
    existing = {p.slug: p for p in Priority.objects.filter(period=plan.period)}
    start = plan.period.starts_on
    quarters = quarters_back(last_ended_quarter(today), 4)
    for number, (ambition_number, spec) in enumerate(PRIORITIES, start=1):
        values = {
            "number": number,
            "name": spec.name,
            "summary": spec.summary,
            "description": spec.description,
            "reason": spec.reason,
            "impact": spec.impact,
            "lead_group": spec.lead_group,
            "lead_officer": people[spec.lead],
            "ambition": ambitions[ambition_number],
        }
        links = {
            "review_themes": ReviewTheme.objects.filter(
                partnership=plan.partnership, name__in=spec.review_themes
            ),
            "training_themes": TrainingTheme.objects.filter(
                partnership=plan.partnership, name__in=spec.training_themes
            ),
        }
        if spec.slug == GOVERNANCE:
            # Its outcome indicators: the training figures the platform computes.
            links["indicators"] = Indicator.objects.filter(
                partnership=plan.partnership, function=Function.LEARNING, is_active=True
            ).order_by("code")[:3]
        found = existing.get(spec.slug)
        if found is None:
            found = services.priority_add(acting=acting, period=plan.period, links=links, **values)
        else:
            found = services.priority_change(acting=acting, priority=found, links=links, **values)
        services.strategy_add(
            acting=acting,
            priority=found,
            name=spec.strategy,
            review_on=_month(start, 24 + number),
        )
        _actions(acting, found, spec, start, today, flagged=spec.slug == FLAGGED)
        lead = acting_in(people[spec.lead], plan.partnership)
        for n, quarter in enumerate(quarters):
            services.progress_add(
                acting=lead,
                priority=found,
                year=quarter.financial_year,
                quarter=quarter.quarter,
                what_we_did=_did(spec, n),
                impact=_impact(spec, n),
                challenges="Capacity in the subgroup" if spec.slug == FLAGGED else "",
                next_steps=f"Report to the {spec.lead_group.lower()} next quarter.",
            )
        if spec.slug == FLAGGED:
            _keep_only_unimproved(acting, found, today)


def _did(spec: PrioritySpec, n: int) -> str:
    if spec.slug == FLAGGED:
        return "The panel's terms of reference were discussed; no referrals were heard."
    return [
        f"The {spec.lead_group.lower()} agreed the delivery plan for {spec.name.lower()}.",
        f"Partners reported on the first actions for {spec.name.lower()}.",
        "Practitioner feedback was gathered at a learning event.",
        "The subgroup reviewed the scorecard and the actions still open.",
    ][n % 4]


def _impact(spec: PrioritySpec, n: int) -> str:
    if spec.slug == FLAGGED:
        return "Too early to see a difference."
    return [
        "Partners know who leads each action.",
        "Practitioners say they know where to find the new guidance.",
        "Practitioners gave examples of using the guidance with families.",
        "The scorecard shows where to look next.",
    ][n % 4]


def _actions(
    acting: Acting,
    priority: Priority,
    spec: PrioritySpec,
    start: datetime.date,
    today: datetime.date,
    *,
    flagged: bool,
) -> None:
    for n, (agency, what, measure, months) in enumerate(spec.actions):
        action = services.delivery_action_add(
            acting=acting,
            priority=priority,
            owner_agency=_agency(agency),
            what=what,
            measure_of_success=measure,
            due_on=_month(start, months),
        )
        # The first action of every priority but the flagged one was completed this
        # year; the flagged priority's first is only on track.
        if n == 0:
            _update(acting, action, today - datetime.timedelta(days=90), Action.Status.ON_TRACK)
            if not flagged:
                _update(
                    acting, action, today - datetime.timedelta(days=60), Action.Status.COMPLETED
                )


def _update(acting: Acting, action: Action, day: datetime.date, status: str) -> None:
    action_services.action_update(
        acting=acting,
        action=action,
        status=status,
        progress="Done, and reported to the subgroup."
        if status == Action.Status.COMPLETED
        else "Under way; the subgroup has the plan.",
        at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
    )


def _keep_only_unimproved(acting: Acting, priority: Priority, today: datetime.date) -> None:
    """The flagged priority's outcome indicators: those of its catalogue set that did
    not improve in the year (so the demo shows the rule at work, whatever the figures)."""
    indicators = list(priority.indicators.all())
    rows = selectors.indicator_rows(indicators, today)
    kept = [row.indicator for row in rows if not row.improved]
    services.priority_change(
        acting=acting,
        priority=priority,
        links={"indicators": kept},
        **{
            name: getattr(priority, name)
            for name in ("number", "name", "summary", "description", "reason", "impact")
        },
        lead_group=priority.lead_group,
        lead_officer=priority.lead_officer,
        ambition=priority.ambition,
    )
