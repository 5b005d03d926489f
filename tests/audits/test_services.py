"""The services of multi-agency case audits: who may do what, and the grading rules
(a round closes only when every case is graded, every inadequate grade has a
follow-up action and no urgent concern is open)."""

from __future__ import annotations

import pytest

from masa.audits.models import AgencyAudit, Grade, Question, Round
from masa.audits.services import case_audits
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import AuditEvent, Notification
from tests import helpers as h
from tests.audits import factories as f

pytestmark = pytest.mark.usefixtures("demo")


def test_a_round_gets_its_own_copy_of_the_standard_tool() -> None:
    record = f.round_()
    standard = Question.objects.filter(partnership=record.partnership, round__isnull=True)
    assert standard.count() >= 7
    assert list(record.questions.values_list("text", flat=True)) == list(
        standard.values_list("text", flat=True)
    )
    case_audits.question_add(
        acting=f.manager(), practice_area="risk", text="Zq: a theme question", round=record
    )
    assert record.questions.count() == standard.count() + 1


def test_the_year_must_be_written_as_the_reports_write_it() -> None:
    for bad in ("2022", "2022-24", "22-23", "2022/23"):
        with pytest.raises(ServiceError) as error:
            f.round_(year=bad)
        assert error.value.field == "year"


def test_only_the_business_unit_adds_rounds_and_cases() -> None:
    record = f.round_()
    for email in (h.EXECUTIVE, h.SUBGROUP_MEMBER, h.SCRUTINEER):
        with pytest.raises(NotAllowed):
            case_audits.round_add(
                acting=h.acting(email), year="2090-91", quarter="Q2", theme="Zq nope"
            )
    southmoor = f.manager("southmoor")
    with pytest.raises(NotAllowed):
        case_audits.case_add(
            acting=southmoor,
            round=record,
            reference="ZQ-X",
            age_band="5_9",
            sex="M",
            ethnicity="WBRI",
            disability="no",
            agencies=[f.agency(f.POLICE)],
        )


def test_a_case_asks_each_agency_to_audit_its_own_file_by_the_clock() -> None:
    record = f.round_()
    case = f.case(record, f.POLICE, f.HOSPITALS)
    audits = AgencyAudit.objects.filter(case=case)
    assert sorted(a.agency.name for a in audits) == sorted([f.POLICE, f.HOSPITALS])
    assert all(a.due_on is not None for a in audits)
    # Maya (police, subgroup member) and Grace (hospitals) are told.
    assert Notification.objects.filter(
        recipient__email=h.POLICE_BOTH, message="audits/agency_audit_due"
    ).exists()
    assert Notification.objects.filter(
        recipient__email=h.SUBGROUP_MEMBER, message="audits/agency_audit_due"
    ).exists()


def test_a_round_takes_no_more_cases_than_it_was_planned_for() -> None:
    record = f.round_(case_count=1)
    f.case(record)
    with pytest.raises(ServiceError, match="already has its 1 cases"):
        f.case(record)


def test_an_agency_answers_only_its_own_audit_and_every_question() -> None:
    record = f.round_()
    case = f.case(record, f.POLICE, f.HOSPITALS)
    police = AgencyAudit.objects.get(case=case, agency__name=f.POLICE)
    hospitals = AgencyAudit.objects.get(case=case, agency__name=f.HOSPITALS)
    maya = h.acting(h.POLICE_BOTH)
    answers = {q.pk: "Zq answer" for q in record.questions.all()}
    with pytest.raises(NotAllowed):
        case_audits.agency_audit_submit(
            acting=maya,
            agency_audit=hospitals,
            answers=answers,
            practitioner_view="x",
            child_family_voice="y",
        )
    first = record.questions.first()
    assert first is not None
    with pytest.raises(ServiceError) as error:
        case_audits.agency_audit_submit(
            acting=maya,
            agency_audit=police,
            answers={**answers, first.pk: " "},
            practitioner_view="x",
            child_family_voice="y",
        )
    assert error.value.field == f"q{first.pk}"
    case_audits.agency_audit_submit(
        acting=maya,
        agency_audit=police,
        answers=answers,
        practitioner_view="Zq: stretched team",
        child_family_voice="Zq: felt listened to",
    )
    police.refresh_from_db()
    assert police.submitted_on is not None
    assert police.answers.count() == record.questions.count()


def test_grading_needs_every_practice_area_with_its_rationale() -> None:
    case = f.case(f.round_())
    areas = f.areas()
    del areas["impact"]
    with pytest.raises(ServiceError) as error:
        case_audits.case_grade(
            acting=f.manager(), case=case, areas=areas, grade=Grade.GOOD, rationale="Zq"
        )
    assert error.value.field == "impact_grade"
    f.grade(case, Grade.REQUIRES_IMPROVEMENT)
    case.refresh_from_db()
    assert case.grade == Grade.REQUIRES_IMPROVEMENT
    assert case.area_grades.count() == 7
    assert AuditEvent.objects.filter(verb="audit_case.grade", target_id=str(case.pk)).exists()


def test_only_the_rounds_audit_group_and_the_business_unit_grade() -> None:
    h.membership(h.SUBGROUP_CHAIR).roles.add(
        __import__("masa.core.models", fromlist=["Role"]).Role.objects.get(
            slug="audit-group-member"
        )
    )
    theirs = f.case(f.round_(group=(h.SUBGROUP_CHAIR,)))
    other = f.case(f.round_())
    harry = h.acting(h.SUBGROUP_CHAIR)
    f.grade(theirs, acting=harry)
    with pytest.raises(NotAllowed):
        f.grade(other, acting=harry)


def test_a_round_closes_only_when_every_rule_holds() -> None:
    record = f.round_()
    good, bad = f.case(record), f.case(record)
    with pytest.raises(ServiceError, match="2 cases not graded yet"):
        case_audits.round_close(acting=f.manager(), round=record)
    f.grade(good)
    f.grade(bad, Grade.INADEQUATE)
    concern = f.concern(bad)
    with pytest.raises(ServiceError) as error:
        case_audits.round_close(acting=f.manager(), round=record)
    assert "1 case graded inadequate without a follow-up action" in str(error.value)
    assert "1 urgent concern not answered yet" in str(error.value)
    f.action(bad)
    case_audits.concern_answer(
        acting=h.acting(h.POLICE_BOTH), concern=concern, response="Zq: strategy meeting held"
    )
    closed = case_audits.round_close(acting=f.manager(), round=record)
    assert closed.status == Round.Status.CLOSED
    with pytest.raises(ServiceError, match="closed"):
        f.grade(good)


def test_an_urgent_concern_goes_to_the_agencys_lead_and_only_they_answer() -> None:
    case = f.case(f.round_(), f.POLICE, f.HOSPITALS)
    concern = f.concern(case, f.POLICE)
    assert concern.due_on > concern.raised_on
    assert Notification.objects.filter(
        recipient__email=h.POLICE_BOTH, message="audits/urgent_concern"
    ).exists()
    with pytest.raises(NotAllowed):
        case_audits.concern_answer(
            acting=h.acting(h.SUBGROUP_MEMBER), concern=concern, response="Zq: not ours"
        )
    with pytest.raises(ServiceError):
        case_audits.concern_raise(
            acting=f.manager(), case=case, agency=f.agency("Northbridge College"), concern="Zq"
        )


def test_an_inadequate_grades_action_is_an_action_of_the_one_action_model() -> None:
    case = f.case(f.round_())
    f.grade(case, Grade.INADEQUATE)
    action = f.action(case)
    assert action.source_kind == "audit_case"
    assert action.source_info.label == f"Audit round 2090-91 Q1, case {case.reference}"


def test_the_tick_reminds_an_overdue_agency_and_concern_once() -> None:
    import datetime

    from masa.audits.services.reminders import reminders_send

    case = f.case(f.round_(), f.POLICE)
    concern = f.concern(case, f.POLICE)
    later = concern.due_on + datetime.timedelta(days=60)
    assert reminders_send(today=later) >= 2
    for message in ("audits/agency_audit_overdue", "audits/urgent_concern_overdue"):
        assert Notification.objects.filter(recipient__email=h.POLICE_BOTH, message=message).exists()
    before = Notification.objects.count()
    reminders_send(today=later)
    assert Notification.objects.count() == before


def test_the_round_report_counts_grades_and_findings_and_names_no_case() -> None:
    import io
    import zipfile

    from masa.audits import report

    record = f.round_()
    bad = f.case(record)
    f.grade(f.case(record))
    f.grade(bad, Grade.INADEQUATE)
    f.action(bad)
    result = report.round_report(record)
    assert dict(result.grades) == {
        "Outstanding": 0,
        "Good": 1,
        "Requires improvement": 0,
        "Inadequate": 1,
    }
    assert result.good_or_better_pct == 50
    assert result.areas[0].good_practice == ["Zq good"]
    document = report.report_docx(result)
    text = zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml").decode()
    assert "Zq: train the team" in text
    assert bad.reference not in text


def test_a_good_practice_example_names_no_case_and_is_the_business_units() -> None:
    from masa.audits.services.good_practice import good_practice_add

    record = f.round_()
    case = f.case(record)
    with pytest.raises(ServiceError) as error:
        good_practice_add(
            acting=f.manager(),
            round=record,
            practice_area="engagement",
            title="Zq mentor",
            text=f"In {case.reference} the mentor built trust",
        )
    assert error.value.field == "text"
    with pytest.raises(NotAllowed):
        good_practice_add(
            acting=h.acting(h.EXECUTIVE),
            round=record,
            practice_area="engagement",
            title="Zq mentor",
            text="The mentor built trust",
        )
    entry = good_practice_add(
        acting=f.manager(),
        round=record,
        practice_area="engagement",
        title="Zq mentor",
        text="The school's mentor built trust over weeks",
    )
    page = h.signed_in(h.EXECUTIVE).get("/audits/good-practice/").content.decode()
    assert entry.title in page
