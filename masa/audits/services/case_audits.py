"""Writes to multi-agency case audits: rounds of the programme, the audit tool, cases,
agencies' audits of their own files, the panel's grades, urgent concerns and closing
a round. Each is one transaction with its permission check and its audit event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction

from masa.actions.models import Action
from masa.audits import policies, rules
from masa.audits.models import (
    AgeBand,
    AgencyAudit,
    Answer,
    AreaGrade,
    Case,
    Disability,
    Grade,
    PracticeArea,
    Question,
    Round,
    UrgentConcern,
)
from masa.audits.services.common import due_after, require_text, today
from masa.audits.tool import STARTER_QUESTIONS
from masa.core import audit, notify
from masa.core.acting import Acting
from masa.core.codes import ETHNICITY, SEX
from masa.core.errors import ServiceError
from masa.core.models import Agency, Membership, Partnership, PartnershipAgency, Person
from masa.insight.models import Indicator
from masa.reviews.models import Review


def _year(year: str) -> str:
    year = (year or "").strip()
    if not rules.is_year(year):
        raise ServiceError("Enter the year as the reports write it, like 2022-23", field="year")
    return year


@transaction.atomic
def round_add(
    *,
    acting: Acting,
    year: str,
    quarter: str,
    theme: str,
    why_chosen: str = "",
    review: Review | None = None,
    indicator: Indicator | None = None,
    case_count: int = 5,
    audit_group: Iterable[Person] = (),
    agency_due_on: datetime.date | None = None,
) -> Round:
    """Add a themed round to a year's programme; it gets its own copy of the standard
    audit tool, to adapt to its theme."""
    policies.rounds.require(acting, "manage")
    partnership = acting.partnership
    year = _year(year)
    if quarter not in rules.QUARTERS:
        raise ServiceError("Choose the quarter", field="quarter")
    theme = require_text(theme, "theme", "Enter the round's theme")
    if not 1 <= case_count <= 50:
        raise ServiceError("The number of cases must be between 1 and 50", field="case_count")
    if review is not None and review.partnership_id != partnership.pk:
        raise ServiceError("Choose one of the partnership's reviews", field="review")
    if indicator is not None and indicator.partnership_id != partnership.pk:
        raise ServiceError("Choose one of the partnership's figures", field="indicator")
    members = list(audit_group)
    outsiders = [
        p
        for p in members
        if not Membership.objects.filter(person=p, partnership=partnership, is_active=True).exists()
    ]
    if outsiders:
        raise ServiceError(
            "The audit group must be members of the partnership", field="audit_group"
        )
    if Round.objects.filter(
        partnership=partnership, year=year, quarter=quarter, theme__iexact=theme
    ).exists():
        raise ServiceError(f"{year} {quarter} already has a round on {theme}", field="theme")
    record = Round.objects.create(
        partnership=partnership,
        year=year,
        quarter=quarter,
        theme=theme,
        why_chosen=why_chosen.strip(),
        review=review,
        indicator=indicator,
        case_count=case_count,
        agency_due_on=agency_due_on,
    )
    record.audit_group.set(members)
    standard = Question.objects.filter(partnership=partnership, round__isnull=True)
    Question.objects.bulk_create(
        [
            Question(
                partnership=partnership,
                round=record,
                practice_area=q.practice_area,
                text=q.text,
                order=q.order,
            )
            for q in standard
        ]
    )
    audit.record(
        acting,
        "audit_round.create",
        record,
        {
            "year": {"old": None, "new": year},
            "quarter": {"old": None, "new": quarter},
            "theme": {"old": None, "new": theme},
            "case_count": {"old": None, "new": case_count},
            "audit_group": {"old": None, "new": sorted(p.full_name for p in members)},
            "agency_due_on": {"old": None, "new": str(agency_due_on) if agency_due_on else None},
        },
    )
    return record


@transaction.atomic
def question_add(
    *, acting: Acting, practice_area: str, text: str, round: Round | None = None
) -> Question:
    """Add a question to the standard audit tool, or to a round's own copy."""
    policies.rounds.require(acting, "manage")
    partnership = acting.partnership
    if round is not None:
        policies.rounds.require(acting, "manage", round)
        _open(round)
    if practice_area not in PracticeArea.values:
        raise ServiceError("Choose the practice area", field="practice_area")
    text = require_text(text, "text", "Enter the question")
    last = Question.objects.filter(partnership=partnership, round=round).order_by("-order").first()
    question = Question.objects.create(
        partnership=partnership,
        round=round,
        practice_area=practice_area,
        text=text,
        order=(last.order + 1) if last else 1,
    )
    audit.record(
        acting,
        "audit_question.create",
        question,
        {
            "practice_area": {"old": None, "new": practice_area},
            "text": {"old": None, "new": text},
            "round": {"old": None, "new": str(round) if round else "Standard tool"},
        },
        partnership=partnership,
        target_label=f"Audit tool question {question.pk}",
    )
    return question


def _open(round: Round) -> None:
    """The round is still open (asked of the database: the record in hand may be old)."""
    if not Round.objects.filter(pk=round.pk, status=Round.Status.OPEN).exists():
        raise ServiceError("The round is closed")


@transaction.atomic
def case_add(
    *,
    acting: Acting,
    round: Round,
    reference: str,
    age_band: str,
    sex: str,
    ethnicity: str,
    disability: str,
    agencies: Iterable[Agency],
) -> Case:
    """Add a child's case to a round by a pseudonymous reference (never a name) with
    their equality data; each agency involved is asked to audit its own file by the
    partnership's timescale."""
    policies.rounds.require(acting, "manage", round)
    _open(round)
    partnership = round.partnership
    reference = require_text(reference, "reference", "Enter the case's reference")
    if age_band not in AgeBand.values:
        raise ServiceError("Choose the child's age band", field="age_band")
    if sex not in SEX:
        raise ServiceError("Choose the child's sex", field="sex")
    if ethnicity not in ETHNICITY:
        raise ServiceError("Choose the child's ethnicity", field="ethnicity")
    if disability not in Disability.values:
        raise ServiceError("Choose whether the child is disabled", field="disability")
    involved = list(agencies)
    if not involved:
        raise ServiceError("Choose the agencies involved", field="agencies")
    taking_part = set(
        PartnershipAgency.objects.filter(partnership=partnership).values_list(
            "agency_id", flat=True
        )
    )
    if any(agency.pk not in taking_part for agency in involved):
        raise ServiceError("Choose agencies of the partnership", field="agencies")
    if Case.objects.filter(round=round, reference__iexact=reference).exists():
        raise ServiceError("The round already has a case with this reference", field="reference")
    if round.cases.count() >= round.case_count:
        raise ServiceError(f"The round already has its {round.case_count} cases")
    case = Case.objects.create(
        partnership=partnership,
        round=round,
        reference=reference,
        age_band=age_band,
        sex=sex,
        ethnicity=ethnicity,
        disability=disability,
    )
    due_on = round.agency_due_on or due_after(partnership, "audit_agency_return", today())
    for agency in involved:
        AgencyAudit.objects.create(case=case, agency=agency, due_on=due_on)
    audit.record(
        acting,
        "audit_case.create",
        case,
        {
            "reference": {"old": None, "new": reference},
            "age_band": {"old": None, "new": age_band},
            "sex": {"old": None, "new": sex},
            "ethnicity": {"old": None, "new": ethnicity},
            "disability": {"old": None, "new": disability},
            "agencies": {"old": None, "new": sorted(a.name for a in involved)},
        },
    )
    for agency_audit in case.agency_audits.select_related("agency", "case"):
        people = policies.agency_audits.people_with("answer", agency_audit)
        notify.send(
            "audits/agency_audit_due",
            people,
            {
                "agency": agency_audit.agency.name,
                "reference": case.reference,
                "theme": round.theme,
                "due_on": due_on,
                "link": notify.link("audits:agency-audit", agency_audit.pk),
            },
            partnership=partnership,
            about=case,
        )
    return case


@transaction.atomic
def agency_audit_submit(
    *,
    acting: Acting,
    agency_audit: AgencyAudit,
    answers: Mapping[int, str],
    practitioner_view: str,
    child_family_voice: str,
) -> AgencyAudit:
    """An agency sends its audit of its own file: an answer to every question of the
    round's tool, the practitioner's view and what the child and family said."""
    policies.agency_audits.require(acting, "answer", agency_audit)
    case = agency_audit.case
    _open(case.round)
    if agency_audit.submitted_on is not None:
        raise ServiceError("This audit has been sent already")
    questions = list(Question.objects.filter(round=case.round))
    for question in questions:
        require_text(answers.get(question.pk, ""), f"q{question.pk}", "Answer the question")
    agency_audit.practitioner_view = require_text(
        practitioner_view, "practitioner_view", "Say what the practitioner thinks"
    )
    agency_audit.child_family_voice = require_text(
        child_family_voice, "child_family_voice", "Say what the child and family said"
    )
    Answer.objects.bulk_create(
        [
            Answer(agency_audit=agency_audit, question=q, text=answers[q.pk].strip())
            for q in questions
        ]
    )
    agency_audit.submitted_on = today()
    agency_audit.submitted_by = acting.person
    agency_audit.save()
    audit.record(
        acting,
        "agency_audit.submit",
        case,
        {
            "submitted_on": {"old": None, "new": str(agency_audit.submitted_on)},
            "answers": {"old": None, "new": len(questions)},
        },
    )
    return agency_audit


@dataclass(frozen=True)
class AreaJudgement:
    grade: str
    rationale: str
    good_practice: str = ""
    improvement: str = ""


@transaction.atomic
def case_grade(
    *,
    acting: Acting,
    case: Case,
    areas: Mapping[str, AreaJudgement],
    grade: str,
    rationale: str,
) -> Case:
    """The panel grades each practice area and the overall multi-agency practice, each
    with its rationale. A case may be graded again while its round is open."""
    policies.cases.require(acting, "grade", case)
    _open(case.round)
    for area in PracticeArea:
        judgement = areas.get(area.value)
        if judgement is None or judgement.grade not in Grade.values:
            raise ServiceError(
                f"Choose the grade for {area.label.lower()}", field=f"{area.value}_grade"
            )
        require_text(
            judgement.rationale,
            f"{area.value}_rationale",
            f"Give the rationale for {area.label.lower()}",
        )
    if grade not in Grade.values:
        raise ServiceError("Choose the overall grade", field="grade")
    rationale = require_text(rationale, "rationale", "Give the rationale for the overall grade")
    old = case.grade or None
    for area in PracticeArea:
        judgement = areas[area.value]
        AreaGrade.objects.update_or_create(
            case=case,
            practice_area=area.value,
            defaults={
                "grade": judgement.grade,
                "rationale": judgement.rationale.strip(),
                "good_practice": judgement.good_practice.strip(),
                "improvement": judgement.improvement.strip(),
            },
        )
    case.grade, case.rationale = grade, rationale
    case.graded_on, case.graded_by = today(), acting.person
    case.save()
    audit.record(
        acting,
        "audit_case.grade",
        case,
        {
            "grade": {"old": old, "new": grade},
            "rationale": {"old": None, "new": rationale},
            "areas": {"old": None, "new": len(PracticeArea.values)},
        },
    )
    return case


@transaction.atomic
def concern_raise(*, acting: Acting, case: Case, agency: Agency, concern: str) -> UrgentConcern:
    """Send an urgent concern found in the audit straight to the agency's lead, who must
    answer within the partnership's timescale."""
    policies.cases.require(acting, "grade", case)
    _open(case.round)
    if not case.agency_audits.filter(agency=agency).exists():
        raise ServiceError("Choose an agency involved in the case", field="agency")
    concern = require_text(concern, "concern", "Describe the concern")
    raised_on = today()
    record = UrgentConcern.objects.create(
        partnership=case.partnership,
        case=case,
        agency=agency,
        concern=concern,
        raised_on=raised_on,
        raised_by=acting.person,
        due_on=due_after(case.partnership, "audit_urgent_concern", raised_on),
    )
    audit.record(
        acting,
        "urgent_concern.raise",
        record,
        {
            "agency": {"old": None, "new": agency.name},
            "due_on": {"old": None, "new": str(record.due_on)},
        },
    )
    notify.send(
        "audits/urgent_concern",
        policies.concerns.people_with("answer", record),
        {
            "agency": agency.name,
            "reference": case.reference,
            "due_on": record.due_on,
            "link": notify.link("audits:concern-answer", record.pk),
        },
        partnership=case.partnership,
        about=record,
    )
    return record


@transaction.atomic
def concern_answer(*, acting: Acting, concern: UrgentConcern, response: str) -> UrgentConcern:
    """The agency's lead records what the agency has done about an urgent concern."""
    policies.concerns.require(acting, "answer", concern)
    if concern.responded_on is not None:
        raise ServiceError("This concern has been answered already")
    concern.response = require_text(response, "response", "Say what the agency has done")
    concern.responded_on, concern.responded_by = today(), acting.person
    concern.save()
    audit.record(
        acting,
        "urgent_concern.answer",
        concern,
        {"responded_on": {"old": None, "new": str(concern.responded_on)}},
    )
    return concern


def close_blockers(round: Round) -> list[str]:
    """Why the round cannot close yet: a case not graded, an inadequate case without a
    follow-up action, an urgent concern not answered."""
    cases = round.cases.all()
    with_action = set(
        Action.objects.filter(audit_case__round=round).values_list("audit_case_id", flat=True)
    )
    return rules.close_blockers(
        cases=cases.count(),
        ungraded=cases.filter(grade="").count(),
        inadequate_without_action=sum(
            1
            for pk in cases.filter(grade=Grade.INADEQUATE).values_list("pk", flat=True)
            if pk not in with_action
        ),
        open_concerns=UrgentConcern.objects.filter(
            case__round=round, responded_on__isnull=True
        ).count(),
    )


@transaction.atomic
def round_close(*, acting: Acting, round: Round) -> Round:
    """Close a round: only when every case is graded, every inadequate grade has a
    follow-up action and no urgent concern is open."""
    policies.rounds.require(acting, "manage", round)
    round = Round.objects.select_for_update().get(pk=round.pk)
    _open(round)
    blockers = close_blockers(round)
    if blockers:
        raise ServiceError("The round cannot close yet: " + "; ".join(blockers))
    round.status, round.closed_on = Round.Status.CLOSED, today()
    round.save()
    audit.record(acting, "audit_round.close", round, {"status": {"old": "open", "new": "closed"}})
    return round


@transaction.atomic
def tool_ensure_defaults(*, partnership: Partnership) -> int:
    """Give a partnership the starter audit tool if it has no standard tool yet (the
    demo build runs it for every partnership); returns how many questions were added."""
    if Question.objects.filter(partnership=partnership, round__isnull=True).exists():
        return 0
    Question.objects.bulk_create(
        [
            Question(partnership=partnership, practice_area=area, text=text, order=number)
            for number, (area, text) in enumerate(STARTER_QUESTIONS, start=1)
        ]
    )
    return len(STARTER_QUESTIONS)
