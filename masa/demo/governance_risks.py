"""The demo's risk register, escalations and independent scrutiny for Northbridge, up to
the demo's anchor (masa/demo/anchor.py).

Everything is made through the services (`masa.governance.services`) as the people who
would do it: the business manager (Eleanor Hughes) keeps the register and reviews the
risks she owns, owners on subgroups review theirs (Harry Whitfield, Grace Okafor), the
executive (James Morgan) reviews his and decides on scrutiny recommendations, the
scrutineer (Imogen Lloyd) writes the plan and findings. Escalations are raised and
answered by the agencies' own people. Dates are counted back from the anchor, so some
risks are overdue for review and some escalations late at their stage, as in a real
partnership. Every name is invented; cases are pseudonyms ("Child K").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from masa.actions.models import Action
from masa.core import audit, figures
from masa.core.acting import Acting, acting_in
from masa.core.models import Agency, AuditEvent, Partnership, Person
from masa.demo import anchor as demo_anchor
from masa.governance.models import Group
from masa.governance.models_risks import Risk, ScrutinyRecommendation
from masa.governance.services import escalations, risks, scrutiny
from masa.governance.services.risks import Scores
from masa.reviews.models import Theme

LOAD_VERB = "demo.governance_risks_load"
Progress = Callable[[str], None]

MANAGER = "eleanor.hughes@northbridge.example"
CHAIR = "harry.whitfield@merciavale-probation.example"
MEMBER = "grace.okafor@northbridge-hospitals.example"
EXECUTIVE = "james.morgan@northbridge.example"
SCRUTINEER = "imogen.lloyd@scrutiny.example"
POLICE = "maya.singh@merciavale-police.example"
MASH_MANAGER = "chloe.davies@northbridge.example"
PRACTITIONER = "amira.khan@northbridge-academy.example"


@dataclass(frozen=True)
class RiskSpec:
    title: str
    category: str
    owner: str
    group: str  # a word in the owning group's name ("" for none)
    cause: str
    effect: str
    controls: str
    inherent: tuple[int, int]
    # Current and target (likelihood, impact) at each review, oldest first; the first
    # is the risk as entered.
    history: tuple[tuple[tuple[int, int], tuple[int, int]], ...]
    # Days before the anchor of the last review (the earlier ones are 90 days apart).
    last_review_days_ago: int
    status: str = "open"


RISKS = (
    RiskSpec(
        "Police attendance at subgroups falls below the threshold",
        "partnership",
        CHAIR,
        "Operations",
        "Staff movement in the public protection unit; no named deputies.",
        "Subgroups decide without what the police know.",
        "Deputies named in the terms of reference; the chair writes to the superintendent.",
        (5, 4),
        (((4, 4), (2, 3)), ((4, 4), (2, 3)), ((3, 4), (2, 3)), ((3, 3), (2, 3))),
        40,
    ),
    RiskSpec(
        "Health partners cannot supply data for the performance dashboard",
        "data",
        MEMBER,
        "Performance",
        "Systems cannot extract the fields the dataset asks for.",
        "The partnership cannot evidence the impact of its work.",
        "Narrative returns accepted; an analyst shared with the ICB.",
        (4, 4),
        (((4, 3), (2, 2)), ((3, 3), (2, 2)), ((3, 3), (2, 2))),
        130,
    ),
    RiskSpec(
        "The pool of trainers for core courses is depleted",
        "workforce",
        MANAGER,
        "Practice learning",
        "Trainers have left partner agencies and not been replaced.",
        "Courses are cancelled and practitioners are not trained.",
        "Train-the-trainer course booked; courses shared with neighbours.",
        (4, 4),
        (((4, 3), (2, 2)), ((3, 3), (2, 2))),
        20,
    ),
    RiskSpec(
        "Case review recommendations drift without evidence of impact",
        "practice",
        MANAGER,
        "Case review",
        "Actions are closed without evidence; owners move on.",
        "The same learning recurs in later reviews.",
        "The action plan shows drift; evidence is checked before sign-off.",
        (4, 5),
        (((3, 4), (2, 3)), ((3, 4), (2, 3)), ((2, 4), (2, 3))),
        60,
    ),
    RiskSpec(
        "Partner agencies' funding contributions are not agreed for next year",
        "finance",
        EXECUTIVE,
        "Executive",
        "Budget pressures in every partner agency.",
        "The business unit cannot plan its work or keep its staff.",
        "Contributions formula agreed in principle; reserves for three months.",
        (4, 5),
        (((3, 5), (2, 3)), ((4, 5), (2, 3))),
        25,
        "escalated",
    ),
    RiskSpec(
        "Referrals reach the MASH without the multi-agency referral form",
        "practice",
        MANAGER,
        "MASH",
        "Referrers phone or email instead of using the form.",
        "Essential information is missing and decisions are delayed.",
        "Mandatory fields in the eMARF; calls redirected to the form.",
        (4, 4),
        (((3, 3), (1, 2)), ((2, 3), (1, 2)), ((2, 2), (1, 2))),
        100,
    ),
    RiskSpec(
        "Information sharing across health is slow at the front door",
        "data",
        MEMBER,
        "MASH",
        "Health partner checks depend on one practitioner.",
        "Decisions on level 4 contacts wait for health information.",
        "Partner checks tracked against the 24 hour timescale; a second health post.",
        (5, 4),
        (((4, 4), (2, 2)), ((4, 4), (2, 2)), ((3, 4), (2, 2))),
        95,
    ),
    RiskSpec(
        "The independent scrutiny role is vacant from next spring",
        "statutory",
        EXECUTIVE,
        "Executive",
        "The scrutineer's contract ends.",
        "The arrangements lack independent challenge.",
        "Recruitment started; a neighbouring scrutineer offered cover.",
        (3, 4),
        (((3, 4), (1, 3)),),
        10,
    ),
    RiskSpec(
        "Schools' section 175 returns are late",
        "statutory",
        MANAGER,
        "education",
        "Returns fall in the busiest term.",
        "The partnership cannot give assurance on safeguarding in schools.",
        "Deadline moved; reminders from the business unit.",
        (3, 3),
        (((3, 3), (1, 2)), ((2, 3), (1, 2))),
        200,
    ),
    RiskSpec(
        "Exploitation triage meets without children's social care",
        "practice",
        CHAIR,
        "Exploitation",
        "Rota gaps in the exploitation team.",
        "Children reported missing are not discussed the same day.",
        "A deputy rota; the chair reports gaps to the executive.",
        (4, 5),
        (((3, 4), (2, 3)), ((3, 4), (2, 3)), ((2, 4), (2, 3)), ((2, 3), (2, 3))),
        30,
    ),
    RiskSpec(
        "The yearly report is published late",
        "reputation",
        MANAGER,
        "Executive",
        "Partners' contributions arrive after the deadline.",
        "The partnership does not meet its duty to publish.",
        "A timetable agreed by the executive; drafts built from the data.",
        (3, 4),
        (((2, 3), (1, 3)), ((2, 3), (1, 3))),
        150,
        "closed",
    ),
    RiskSpec(
        "Self-neglect and hoarding cases are not recognised early",
        "practice",
        CHAIR,
        "Self-neglect",
        "Practitioners are unsure of the pathway.",
        "Adults come to harm before agencies act.",
        "Pathway relaunched; fire service hoarding levels shared.",
        (4, 4),
        (((3, 4), (2, 2)), ((3, 3), (2, 2))),
        70,
    ),
    RiskSpec(
        "Neglect practice is inconsistent across agencies",
        "practice",
        MEMBER,
        "Neglect",
        "The neglect toolkit is used by some agencies only.",
        "Children live with neglect for too long.",
        "Toolkit training; a neglect audit in the audit programme.",
        (5, 4),
        (((4, 4), (2, 3)), ((4, 3), (2, 3)), ((3, 3), (2, 3))),
        45,
    ),
    RiskSpec(
        "Audit actions are not evidenced before the next audit round",
        "practice",
        MANAGER,
        "Audit",
        "Agencies report completion without evidence.",
        "Learning from audits is not embedded.",
        "Evidence asked for before an action closes.",
        (3, 4),
        (((3, 3), (1, 3)),),
        110,
    ),
    RiskSpec(
        "Business unit capacity falls with two vacancies",
        "workforce",
        MANAGER,
        "",
        "Two posts vacant for six months.",
        "Reviews, audits and training slip.",
        "Interim cover; work prioritised by the executive.",
        (4, 4),
        (((4, 4), (2, 2)), ((3, 4), (2, 2)), ((3, 3), (2, 2))),
        15,
    ),
)


@dataclass(frozen=True)
class EscalationSpec:
    who: str
    about: str
    kind: str
    concern: str
    case_reference: str
    raised_days_ago: int
    # (days after raising it moved on, raised with) for each later stage
    moves: tuple[tuple[int, str], ...]
    responder: str  # who answers for the other agency ("" : no answer yet at the last)
    responded_days_after: int
    resolution: str = ""
    learning: str = ""
    themes: tuple[str, ...] = ()


ESCALATIONS = (
    EscalationSpec(
        MEMBER,
        "Mercia Vale Police",
        "case",
        "The strategy discussion was not held within the timescale after a second disclosure.",
        "Child K",
        4,
        (),
        "",
        0,
    ),
    EscalationSpec(
        PRACTITIONER,
        "Northbridge Borough Council",
        "case",
        "The school disagrees with the MASH decision of no further action on a referral.",
        "Child M",
        12,
        ((6, "Team manager, MASH"),),
        MASH_MANAGER,
        3,
    ),
    EscalationSpec(
        POLICE,
        "Northbridge Hospitals NHS Trust",
        "case",
        "Health information for a child protection conference was not shared in time.",
        "LA-204517",
        40,
        ((5, "Named nurse for safeguarding"), (12, "Head of safeguarding, hospital trust")),
        "",
        0,
    ),
    EscalationSpec(
        MANAGER,
        "Mercia Vale Police",
        "strategic",
        "Police attendance at subgroups has fallen below the partnership's threshold for "
        "two quarters.",
        "",
        60,
        (
            (10, "Detective inspector, public protection"),
            (20, "Superintendent, public protection"),
            (30, "Lead safeguarding partners"),
        ),
        POLICE,
        5,
    ),
    EscalationSpec(
        MEMBER,
        "Northbridge Borough Council",
        "case",
        "Disagreement about the threshold level applied to a family with repeat contacts.",
        "Child R",
        90,
        (),
        MASH_MANAGER,
        2,
        "The MASH manager reviewed the contact and stepped it up to level 3.",
        "Repeat contacts should be read together before a level is set.",
        ("Professional curiosity", "Escalation"),
    ),
    EscalationSpec(
        PRACTITIONER,
        "Mercia Vale Police",
        "case",
        "No police representative attended the strategy discussion.",
        "Child S",
        150,
        ((4, "Detective sergeant, MASH"),),
        POLICE,
        3,
        "A second discussion was held with the police two days later.",
        "Strategy discussion invitations go to the MASH police inbox as well.",
        ("Information sharing",),
    ),
    EscalationSpec(
        MASH_MANAGER,
        "Northbridge Hospitals NHS Trust",
        "strategic",
        "Health partner checks routinely exceed the 24 hour timescale.",
        "",
        200,
        ((10, "Named nurse for safeguarding"), (25, "Chief nurse")),
        MEMBER,
        8,
        "A second health practitioner joined the MASH rota.",
        "Timescales for partner checks are reported to the performance subgroup.",
        ("Information sharing", "Escalation"),
    ),
)


def _person(email: str) -> Person:
    return Person.objects.get(email=email)


def _acting(email: str, partnership: Partnership) -> Acting:
    return acting_in(_person(email), partnership)


def _group(partnership: Partnership, word: str) -> Group | None:
    if not word:
        return None
    return Group.objects.filter(partnership=partnership, name__icontains=word).first()


def _scores(inherent: tuple[int, int], current: tuple[int, int], target: tuple[int, int]) -> Scores:
    return Scores(*inherent, *current, *target)


def _risks(partnership: Partnership, today: datetime.date) -> int:
    manager = _acting(MANAGER, partnership)
    for spec in RISKS:
        reviews = len(spec.history)
        first_on = today - datetime.timedelta(days=spec.last_review_days_ago + 90 * (reviews - 1))
        current, target = spec.history[0]
        risk = risks.risk_add(
            acting=manager,
            title=spec.title,
            description=f"{spec.title}.",
            cause=spec.cause,
            effect=spec.effect,
            category=spec.category,
            owner=_person(spec.owner),
            owner_group=_group(partnership, spec.group),
            controls=spec.controls,
            scores=_scores(spec.inherent, current, target),
            on=first_on,
        )
        for number, (current, target) in enumerate(spec.history[1:], start=1):
            last = number == reviews - 1
            status = spec.status if last and spec.status != "open" else None
            risks.risk_review(
                acting=manager if status else _acting(spec.owner, partnership),
                risk=risk,
                scores=_scores(spec.inherent, current, target),
                controls=spec.controls,
                note=_note(current, spec.history[number - 1][0], status),
                status=status,
                on=first_on + datetime.timedelta(days=90 * number),
            )
        if spec.status != "open" and reviews == 1:
            risks.risk_review(
                acting=manager,
                risk=risk,
                scores=_scores(spec.inherent, current, target),
                controls=spec.controls,
                note=_note(current, current, spec.status),
                status=spec.status,
                on=first_on,
            )
    return len(RISKS)


def _note(now: tuple[int, int], before: tuple[int, int], status: str | None) -> str:
    if status == "escalated":
        return "Escalated to the executive: the controls are not enough on their own."
    if status == "closed":
        return "Closed: the controls have held for two quarters."
    if now[0] * now[1] < before[0] * before[1]:
        return "Reviewed at the subgroup: the controls are working and the score is down."
    if now[0] * now[1] > before[0] * before[1]:
        return "Reviewed at the subgroup: the risk has grown since the last review."
    return "Reviewed at the subgroup: no change this quarter."


def _escalations(partnership: Partnership, today: datetime.date) -> int:
    themes = {t.name: t for t in Theme.objects.filter(partnership=partnership)}
    for spec in ESCALATIONS:
        raiser = _acting(spec.who, partnership)
        raised_on = today - datetime.timedelta(days=spec.raised_days_ago)
        escalation = escalations.escalation_raise(
            acting=raiser,
            kind=spec.kind,
            about_agency=Agency.objects.get(name=spec.about),
            concern=spec.concern,
            raised_with="Their counterpart in the other agency",
            case_reference=spec.case_reference,
            raised_on=raised_on,
        )
        for days, raised_with in spec.moves:
            escalations.escalation_escalate(
                acting=raiser,
                escalation=escalation,
                raised_with=raised_with,
                on=raised_on + datetime.timedelta(days=days),
            )
        last_move = spec.moves[-1][0] if spec.moves else 0
        if spec.responder:
            escalations.escalation_respond(
                acting=_acting(spec.responder, partnership),
                escalation=escalation,
                response="We have looked again and agree the next steps set out here.",
                responded_on=raised_on
                + datetime.timedelta(days=last_move + spec.responded_days_after),
            )
        if spec.resolution:
            escalations.escalation_resolve(
                acting=raiser,
                escalation=escalation,
                resolution=spec.resolution,
                learning=spec.learning,
                themes=[themes[name] for name in spec.themes if name in themes],
                resolved_on=raised_on
                + datetime.timedelta(days=last_move + spec.responded_days_after + 1),
            )
    return len(ESCALATIONS)


def _scrutiny(partnership: Partnership, today: datetime.date) -> int:
    scrutineer = _acting(SCRUTINEER, partnership)
    executive = _acting(EXECUTIVE, partnership)
    manager = _acting(MANAGER, partnership)
    this_year = figures.financial_year_of(today)
    made = 0
    for year, summary in (
        (this_year - 1, "The front door, neglect and the partnership's use of data."),
        (this_year, "Exploitation, the voice of the child and partner attendance."),
    ):
        plan = scrutiny.scrutiny_plan_add(acting=scrutineer, year=year, summary=summary)
        start = datetime.date(year, 4, 1)
        for offset, kind, title in (
            (30, "deep_dive", "Deep dive: repeat contacts to the MASH"),
            (90, "focus_group", "Practitioner focus group: neglect toolkit"),
            (150, "observation", "Observation of the executive group"),
            (210, "session", "Scrutiny session: partners' data returns"),
        ):
            planned_on = start + datetime.timedelta(days=offset)
            activity = scrutiny.scrutiny_activity_add(
                acting=scrutineer,
                plan=plan,
                kind=kind,
                title=title,
                planned_on=planned_on,
            )
            if planned_on > today - datetime.timedelta(days=20):
                continue
            scrutiny.scrutiny_findings_record(
                acting=scrutineer,
                activity=activity,
                held_on=planned_on,
                findings=f"What the {activity.get_kind_display().lower()} found: practice is "
                "improving, but agencies do not yet show the difference it makes for "
                "children.",
            )
            recommendation = scrutiny.scrutiny_recommendation_add(
                acting=scrutineer,
                activity=activity,
                text=f"Following the {activity.get_kind_display().lower()}, partners should "
                "report to the executive how they know their practice has improved.",
                made_on=planned_on + datetime.timedelta(days=7),
            )
            made += 1
            decided_on = planned_on + datetime.timedelta(days=14)
            if decided_on > today:
                continue
            state = made % 5
            group = Group.objects.filter(partnership=partnership).order_by("pk").first()
            if state == 1:
                _accept(executive, manager, recommendation, decided_on, "accepted")
            elif state == 2:
                scrutiny.scrutiny_decide(
                    acting=executive,
                    recommendation=recommendation,
                    decision="rejected",
                    reason="Partners already report this through the performance dashboard.",
                    decided_on=decided_on,
                )
            elif state == 3 and group is not None:
                scrutiny.scrutiny_decide(
                    acting=executive,
                    recommendation=recommendation,
                    decision="delegated",
                    delegated_to=group,
                    decided_on=decided_on,
                )
            elif state == 4:
                _accept(executive, manager, recommendation, decided_on, "accepted_in_part")
            # state 0: awaiting the executive's decision
    return made


def _accept(
    executive: Acting,
    manager: Acting,
    recommendation: ScrutinyRecommendation,
    decided_on: datetime.date,
    decision: str,
) -> None:
    scrutiny.scrutiny_decide(
        acting=executive,
        recommendation=recommendation,
        decision=decision,
        reason="Accepted for the statutory partners only; schools report through s175."
        if decision == "accepted_in_part"
        else "",
        decided_on=decided_on,
    )
    action = scrutiny.scrutiny_action_add(
        acting=manager,
        recommendation=recommendation,
        owner_agency=Agency.objects.get(name="Northbridge Borough Council"),
        what="Each statutory partner reports its evidence of impact to the executive.",
        measure_of_success="A report from each partner at every quarterly executive.",
        due_on=decided_on + datetime.timedelta(days=120),
    )
    # The service stamps today; the story's action was added on the day of the decision.
    Action.objects.filter(pk=action.pk).update(created_on=decided_on)


def loaded(partnership: Partnership) -> bool:
    return AuditEvent.objects.filter(partnership=partnership, verb=LOAD_VERB).exists()


def load(partnership: Partnership, anchor: datetime.datetime) -> None:
    """Write Northbridge's register, escalations and scrutiny, once."""
    if loaded(partnership) or Risk.objects.filter(partnership=partnership).exists():
        return
    today = anchor.date()
    with transaction.atomic():
        escalations.ladder_ensure_default(partnership)
        summary = {
            "anchor": anchor.isoformat(),
            "risks": _risks(partnership, today),
            "escalations": _escalations(partnership, today),
            "recommendations": _scrutiny(partnership, today),
        }
        audit.record(None, LOAD_VERB, partnership=partnership, changes=summary)


def build(progress: Progress = lambda _: None, *, anchor: datetime.datetime | None = None) -> None:
    """Northbridge's risk register, escalations and scrutiny up to `anchor`."""
    anchor = demo_anchor.resolve(anchor)
    partnership = Partnership.objects.get(slug="northbridge")
    if not loaded(partnership):
        progress("Governance: the risk register, escalations and independent scrutiny")
    load(partnership, anchor)
