"""The demo's multi-agency case audits: Northbridge's programme for the year before the
demo's anchor and the year it falls in, four themed rounds each; earlier years' grades
imported from a CSV that ships with the demo (masa/demo/data).

Everything is made through the audits services, as the people who would do it: the
business manager (Eleanor Hughes) plans rounds and adds cases, the business unit
officer (Dev Patel) grades them on the panel and raises urgent concerns, agencies audit
their own files (Maya Singh for the police, Grace Okafor for the hospital trust; the
business unit records the others'). Rounds whose quarter ended before the anchor are
graded and closed; the anchor's own quarter is under way, with an urgent concern to
the police that is overdue; the quarters after it are planned. Dates the services
stamp as "today" are moved back to the story's dates straight after. Cases are
pseudonymous references with equality data only: no child is named.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from pathlib import Path

from masa.audits.models import AgencyAudit, Case, Grade, PracticeArea, Round, UrgentConcern
from masa.audits.services import action_plan, case_audits
from masa.audits.services.case_audits import AreaJudgement
from masa.audits.services.grades_import import grades_import
from masa.core.acting import Acting, acting_in
from masa.core.figures import financial_year_of, year_label
from masa.core.models import Agency, Partnership, Person
from masa.demo import anchor as demo_anchor

Progress = Callable[[str], None]
CSV = Path(__file__).parent / "data" / "audit_grades_northbridge.csv"

MANAGER = "eleanor.hughes@northbridge.example"
OFFICER = "dev.patel@northbridge.example"
AUDITOR = "olivia.grant@merciavale-icb.example"  # the audit group's designated nurse
POLICE_LEAD = "maya.singh@merciavale-police.example"
HOSPITAL_LEAD = "grace.okafor@northbridge-hospitals.example"

POLICE = "Mercia Vale Police"
COUNCIL = "Northbridge Borough Council"
HOSPITALS = "Northbridge Hospitals NHS Trust"
ICB = "Mercia Vale Integrated Care Board"
SCHOOL = "Northbridge Academy"
GP = "Canal Street Medical Practice"

# (theme, why chosen) for Q1 to Q4 of the year before and the year of the anchor.
THEMES = [
    [
        ("Neglect", "A year on from the neglect audit: is the Graded Care Profile used?"),
        ("Exploitation", "A partnership priority, and practice for the joint inspection."),
        ("Self-harm", "Learning from two rapid reviews of adolescents who self-harmed."),
        ("Domestic abuse", "Police domestic abuse notifications to schools rose by a third."),
    ],
    [
        ("Safeguarding infants", "Bruising in non-mobile babies: a national panel theme."),
        ("Information sharing", "The learning of the partnership's last local review."),
        ("Exploitation", "Missing episodes rose: checking the response a year on."),
        ("Neglect", "Re-referrals for neglect within twelve months rose."),
    ],
]
# The panel's overall grades for each round's five cases.
GRADES = [
    [
        Grade.GOOD,
        Grade.GOOD,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.INADEQUATE,
    ],
    [Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.GOOD],
    [
        Grade.OUTSTANDING,
        Grade.GOOD,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.GOOD,
    ],
    [
        Grade.GOOD,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.INADEQUATE,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.GOOD,
    ],
]
AGENCIES = [
    (POLICE, COUNCIL, SCHOOL),
    (COUNCIL, HOSPITALS, GP),
    (POLICE, COUNCIL, HOSPITALS),
    (COUNCIL, ICB, SCHOOL),
    (POLICE, HOSPITALS, SCHOOL),
]
EQUALITY = [
    ("10_15", "F", "WBRI", "no"),
    ("5_9", "M", "APKN", "no"),
    ("16_17", "F", "BCRB", "yes"),
    ("under_1", "M", "WBRI", "no"),
    ("10_15", "M", "MWBC", "unknown"),
]
GOOD_PRACTICE = {
    PracticeArea.RISK: "Risks were recognised quickly and a strategy discussion held the same day.",
    PracticeArea.ENGAGEMENT: "The school's learning mentor built a trusting relationship.",
    PracticeArea.MULTI_AGENCY: "Police and children's social care shared information in time.",
}
IMPROVEMENT = {
    PracticeArea.ASSESSMENT: "No chronology: the child's history was not understood.",
    PracticeArea.PLANNING: "The plan was the lead agency's, not owned by the partnership.",
    PracticeArea.OVERSIGHT: "Drift between reviews was not challenged by managers.",
}


def quarter_end(start: int, quarter: int) -> datetime.date:
    """The last day of financial quarter `quarter` (1-4) of the year starting `start`."""
    return [
        datetime.date(start, 6, 30),
        datetime.date(start, 9, 30),
        datetime.date(start, 12, 31),
        datetime.date(start + 1, 3, 31),
    ][quarter - 1]


def loaded(partnership: Partnership) -> bool:
    return Round.objects.filter(partnership=partnership, imported=False).exists()


def build(progress: Progress = lambda _: None, *, anchor: datetime.datetime | None = None) -> None:
    """Northbridge's audit programme. Idempotent: a partnership already loaded is left
    alone (importing the earlier years again adds nothing)."""
    anchor = demo_anchor.resolve(anchor)
    partnership = Partnership.objects.get(slug="northbridge")
    if not Round.objects.filter(partnership=partnership, imported=True).exists():
        progress("Multi-agency case audits: earlier years' grades")
        grades_import(
            acting=None, partnership=partnership, data=CSV.read_bytes(), file_name=CSV.name
        )
    if loaded(partnership):
        return
    progress("Multi-agency case audits: two years of rounds")
    today = anchor.date()
    first = financial_year_of(today) - 1
    people = {
        email: Person.objects.get(email=email)
        for email in (MANAGER, OFFICER, AUDITOR, POLICE_LEAD, HOSPITAL_LEAD)
    }
    acting = {email: acting_in(person, partnership) for email, person in people.items()}
    for y, start in enumerate((first, first + 1)):
        for q in range(1, 5):
            end = quarter_end(start, q)
            theme, why = THEMES[y][q - 1]
            record = case_audits.round_add(
                acting=acting[MANAGER],
                year=year_label(start),
                quarter=f"Q{q}",
                theme=theme,
                why_chosen=why,
                audit_group=[people[OFFICER], people[MANAGER], people[AUDITOR]],
            )
            if end < today:
                _run_round(record, acting, GRADES[(y * 4 + q) % 4], end, close=True)
            elif end - datetime.timedelta(days=92) < today:
                _run_round(record, acting, GRADES[(y * 4 + q) % 4], today, close=False)


def _run_round(
    record: Round,
    acting: dict[str, Acting],
    grades: Sequence[str],
    end: datetime.date,
    *,
    close: bool,
) -> None:
    """Five cases, each agency's audit, the panel's grades, concerns and actions."""
    for n, (agencies, equality, grade) in enumerate(
        zip(AGENCIES, EQUALITY, grades, strict=True), 1
    ):
        age_band, sex, ethnicity, disability = equality
        case = case_audits.case_add(
            acting=acting[MANAGER],
            round=record,
            reference=f"MAA-{record.year[:4]}-{record.quarter}-{n}",
            age_band=age_band,
            sex=sex,
            ethnicity=ethnicity,
            disability=disability,
            agencies=list(Agency.objects.filter(name__in=agencies)),
        )
        due_on = end - datetime.timedelta(days=28) if close else end + datetime.timedelta(days=10)
        AgencyAudit.objects.filter(case=case).update(due_on=due_on)
        if not close and n > 3:
            continue  # the round under way: the last cases' agencies have not answered yet
        for agency_audit in case.agency_audits.select_related("agency", "case__round"):
            who = {POLICE: POLICE_LEAD, HOSPITALS: HOSPITAL_LEAD}.get(
                agency_audit.agency.name, OFFICER
            )
            case_audits.agency_audit_submit(
                acting=acting[who],
                agency_audit=agency_audit,
                answers={
                    q.pk: f"From {agency_audit.agency.name}'s records: see the chronology."
                    for q in record.questions.all()
                },
                practitioner_view="The worker knew the family well but carried a high caseload.",
                child_family_voice="The young person said they wanted one worker they could trust.",
            )
        AgencyAudit.objects.filter(case=case).update(
            submitted_on=end - datetime.timedelta(days=30 if close else 3)
        )
        if not close and n > 2:
            continue
        case_audits.case_grade(
            acting=acting[OFFICER],
            case=case,
            areas={
                area.value: AreaJudgement(
                    grade,
                    f"{area.label}: the panel's finding for this case.",
                    GOOD_PRACTICE.get(area, "") if grade in (Grade.OUTSTANDING, Grade.GOOD) else "",
                    IMPROVEMENT.get(area, "") if grade != Grade.OUTSTANDING else "",
                )
                for area in PracticeArea
            },
            grade=grade,
            rationale="Agreed by the panel after hearing from each agency.",
        )
        Case.objects.filter(pk=case.pk).update(
            graded_on=end - datetime.timedelta(days=14 if close else 1)
        )
        if grade == Grade.INADEQUATE or (not close and n == 1):
            concern = case_audits.concern_raise(
                acting=acting[OFFICER],
                case=case,
                agency=Agency.objects.get(name=agencies[0]),
                concern="The child's safety plan has not been reviewed since the audit period.",
            )
            raised = (
                end - datetime.timedelta(days=20) if close else end - datetime.timedelta(days=9)
            )
            UrgentConcern.objects.filter(pk=concern.pk).update(
                raised_on=raised, due_on=raised + datetime.timedelta(days=4)
            )
            if close:
                concern.refresh_from_db()
                lead = POLICE_LEAD if concern.agency.name == POLICE else OFFICER
                case_audits.concern_answer(
                    acting=acting[lead],
                    concern=concern,
                    response="A strategy discussion was held; the plan was reviewed.",
                )
                UrgentConcern.objects.filter(pk=concern.pk).update(
                    responded_on=raised + datetime.timedelta(days=2)
                )
        if grade == Grade.INADEQUATE:
            action_plan.audit_action_add(
                acting=acting[OFFICER],
                case=case,
                owner_agency=Agency.objects.get(name=agencies[0]),
                what="Brief every team on using chronologies in multi-agency assessments.",
                measure_of_success="The next audit of the theme finds chronologies in every file.",
                due_on=max(end, datetime.date.today()) + datetime.timedelta(days=90),
            )
    if close:
        case_audits.round_close(acting=acting[MANAGER], round=record)
        Round.objects.filter(pk=record.pk).update(closed_on=end)
    else:
        Round.objects.filter(pk=record.pk).update(agency_due_on=end + datetime.timedelta(days=20))
