"""Training reports, their workbook, and the training needs analysis.

Figures are tested on a programme in the financial year 2031-32, far from the demo's
own training year, so the demo does not disturb the counts.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from masa.core.figures import Table
from masa.core.models import AuditEvent, Partnership
from masa.learning import reports as rep
from masa.learning import services
from masa.learning.models import (
    Attendance,
    Booking,
    ChargeRule,
    Completion,
    Course,
    EvaluationForm,
    EvaluationQuestion,
    Event,
    NeedsResponse,
    NeedsSurvey,
    Theme,
)
from masa.learning.reports import counts as rep_counts
from masa.learning.reports import indicators as rep_indicators
from tests import helpers as h
from tests.helpers import (
    BUSINESS_MANAGER,
    BUSINESS_UNIT_OFFICER,
    DATA_LEAD,
    EXECUTIVE,
    GP_PRACTITIONER,
    MASH_PRACTITIONER,
    POLICE_BOTH,
    PRACTITIONER,
    SOUTHMOOR_MANAGER,
    SOUTHMOOR_PRACTITIONER,
    SUBGROUP_MEMBER,
    TRAINER,
    signed_in,
)
from tests.learning.factories import book, course, event

pytestmark = pytest.mark.django_db

TZ = datetime.UTC
YEAR = 2031
LABEL = "2031-32"
LATER = datetime.datetime(2032, 6, 1, tzinfo=TZ)  # every evaluation stage has opened
STATEMENT = "=SUM(A1) I now start a chronology at the first concern"


def _forms(on: Course) -> None:
    """Course forms: ratings of knowledge and confidence (confidence optional) before
    and after, and a written answer at the impact stage."""
    for stage in ("before", "after"):
        form = EvaluationForm.objects.create(
            partnership=on.partnership, course=on, stage=stage, title=f"{stage} form"
        )
        EvaluationQuestion.objects.create(
            form=form, number=1, text="Knowledge", kind="scale", measure="knowledge"
        )
        EvaluationQuestion.objects.create(
            form=form,
            number=2,
            text="Confidence",
            kind="scale",
            measure="confidence",
            required=False,
        )
    form = EvaluationForm.objects.create(
        partnership=on.partnership, course=on, stage="impact", title="impact form"
    )
    EvaluationQuestion.objects.create(form=form, number=1, text="What changed?", kind="text")


def _attend(booking: Booking, status: str) -> None:
    services.attendance_record(acting=h.acting(TRAINER), booking=booking, status=status)


def _evaluate(booking: Booking, stage: str, answers: dict[str, Any], now: Any = None) -> None:
    booking = Booking.objects.get(pk=booking.pk)  # attendance may have been recorded since
    services.evaluation_submit(
        acting=h.acting(booking.learner), booking=booking, stage=stage, answers=answers, now=now
    )


@dataclass
class Programme:
    course_a: Course
    course_b: Course
    may: Event
    june: Event
    cancelled: Event


@pytest.fixture
def programme(demo: None) -> Programme:
    """Two events held in 2031 and one cancelled; 7 bookings; attendance, charges,
    evaluations and completions with known figures."""
    northbridge = Partnership.objects.get(slug="northbridge")
    theme, _ = Theme.objects.get_or_create(partnership=northbridge, name="Report test theme")
    course_a = course(title="Report test neglect")
    course_a.themes.add(theme)
    course_b = course(title="Report test e-learning", mode=Course.Mode.ELEARNING)
    _forms(course_a)
    ChargeRule.objects.update_or_create(
        partnership=northbridge, kind="late_cancellation", defaults={"amount": 50}
    )
    ChargeRule.objects.update_or_create(
        partnership=northbridge, kind="no_show", defaults={"amount": 75}
    )
    may = event(course_a, capacity=4, starts_at=datetime.datetime(YEAR, 5, 13, 9, 0, tzinfo=TZ))
    june = event(course_a, capacity=2, starts_at=datetime.datetime(YEAR, 6, 17, 9, 0, tzinfo=TZ))
    cancelled = event(
        course_b, capacity=3, starts_at=datetime.datetime(YEAR, 5, 20, 9, 0, tzinfo=TZ)
    )
    Event.objects.filter(pk=cancelled.pk).update(status=Event.Status.CANCELLED)

    # May: four places taken, one on the waiting list who cancels, one late cancellation.
    amira, rosa, kate, maya = (
        book(e, may) for e in (PRACTITIONER, GP_PRACTITIONER, TRAINER, POLICE_BOTH)
    )
    waiting = book(SUBGROUP_MEMBER, may)
    assert waiting.status == Booking.Status.WAITING
    services.booking_cancel(acting=h.acting(SUBGROUP_MEMBER), booking=waiting)
    services.booking_cancel(
        acting=h.acting(POLICE_BOTH),
        booking=maya,
        now=may.cancellation_deadline + datetime.timedelta(minutes=1),
    )
    # Before the course: Amira and Rosa (no confidence rating) and Kate.
    _evaluate(amira, "before", {"1": 2, "2": 3})
    _evaluate(rosa, "before", {"1": 3})
    _evaluate(kate, "before", {"1": 1, "2": 1})
    _attend(amira, Attendance.Status.ATTENDED)
    _attend(rosa, Attendance.Status.PARTIAL)
    _attend(kate, Attendance.Status.NO_SHOW)
    after = may.starts_at + datetime.timedelta(hours=4)
    _evaluate(amira, "after", {"1": 4, "2": 4}, after)
    _evaluate(rosa, "after", {"1": 5, "2": 5}, after)
    _evaluate(amira, "impact", {"1": STATEMENT}, may.ends_at + datetime.timedelta(weeks=9))

    # June: Farid attends and evaluates afterwards only; Ben's attendance is not recorded.
    farid = book(DATA_LEAD, june)
    book(MASH_PRACTITIONER, june)
    _attend(farid, Attendance.Status.ATTENDED)
    _evaluate(farid, "after", {"1": 5, "2": 5}, june.starts_at + datetime.timedelta(hours=4))

    for n, kind in enumerate(("elearning", "elearning", "recording")):
        Completion.objects.create(
            partnership=northbridge,
            course=course_b,
            learner_email=f"learner{n}@example.org",
            kind=kind,
            completed_at=datetime.datetime(YEAR, 7, 1 + n, 12, 0, tzinfo=TZ),
        )
    return Programme(course_a, course_b, may, june, cancelled)


def _table(tables: list[Table], key: str) -> Table:
    return next(table for table in tables if table.key == key)


def _row(table: Table, label: str) -> dict[str, str]:
    row = next(row for row in table.rows if row.label == label)
    return {column: cell.text for column, cell in zip(table.columns, row.cells, strict=True)}


class _AfterTheYear:
    """Django's timezone as the reports module sees it, with the clock at LATER: the
    programme's events (in 2031) have all been held."""

    @staticmethod
    def now() -> datetime.datetime:
        return LATER

    @staticmethod
    def localdate(value: datetime.datetime | None = None) -> datetime.date:
        return timezone.localdate(value or LATER)

    localtime = staticmethod(timezone.localtime)


@pytest.fixture
def after_the_year(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (rep_counts, rep_indicators):  # the modules that read the clock
        monkeypatch.setattr(module, "timezone", _AfterTheYear)


def _counts() -> rep.Counts:
    return rep.count_learning(Partnership.objects.get(slug="northbridge"), YEAR, now=LATER)


# --- figures -------------------------------------------------------------------------------


def test_summary_figures_are_exact(programme: Programme) -> None:
    summary = _table(rep.build_tables(_counts(), rep.Grouping.MONTH), "summary")
    figures = {row.label: row.cells[0].text for row in summary.rows}
    assert figures == {
        "Events held": "2",
        "Events cancelled": "1",
        "Places offered": "6",
        "Bookings": "7",
        "Confirmed places": "5",
        "Attended": "2",
        "Attended part": "1",
        "No-shows": "1",
        "Utilisation": "50.0%",  # 3 of 6 places
        "Cancellation rate": "28.6%",  # 2 of 7 bookings
        "Late-cancellation rate": "14.3%",  # 1 of 7
        "No-show rate": "25.0%",  # 1 of 4 places with attendance recorded
        "Charges raised": "£125.00",
    }


def test_figures_by_month_and_quarter(programme: Programme) -> None:
    tables = rep.build_tables(_counts(), rep.Grouping.MONTH)
    attendance = _table(tables, "attendance_by_month")
    assert _row(attendance, "May 2031") == {
        "Events held": "1",
        "Places offered": "4",
        "Bookings": "5",
        "Confirmed": "3",
        "Attended": "1",
        "Attended part": "1",
        "No-shows": "1",
        "Utilisation": "50.0%",
    }
    assert _row(attendance, "June 2031")["Utilisation"] == "50.0%"
    assert _row(attendance, "April 2031")["Utilisation"] == rep.NOT_AVAILABLE
    rates = _table(tables, "cancellations_by_month")
    assert _row(rates, "May 2031")["Cancellation rate"] == "40.0%"
    assert _row(rates, "May 2031")["No-show rate"] == "33.3%"
    assert _row(rates, "June 2031")["No-show rate"] == "0.0%"
    quarter = _table(rep.build_tables(_counts(), rep.Grouping.QUARTER), "attendance_by_quarter")
    assert _row(quarter, "Q1: April to June 2031")["Places offered"] == "6"
    assert attendance.chart is not None
    assert rates.chart is not None


def test_attendance_by_agency_kind_and_course(programme: Programme) -> None:
    tables = rep.build_tables(_counts(), rep.Grouping.MONTH)
    by_agency = _table(tables, "by_agency")
    assert _row(by_agency, "Mercia Vale Police")["Cancelled late"] == "1"
    assert _row(by_agency, "Northbridge Women's Aid")["No-show rate"] == "100.0%"
    assert _row(by_agency, "Canal Street Medical Practice")["Attended (in full or part)"] == "1"
    by_kind = _table(tables, "by_agency_kind")
    assert _row(by_kind, "Education: school")["Attended (in full or part)"] == "1"
    by_course = _table(tables, "by_course")
    assert _row(by_course, "Report test neglect")["Places offered"] == "6"
    assert _row(by_course, "Report test e-learning")["Events held"] == "0"
    assert _row(by_course, "Report test e-learning")["Utilisation"] == rep.NOT_AVAILABLE
    charges = _table(tables, "charges")
    assert _row(charges, "Mercia Vale Police")["Total charged"] == "£50.00"
    assert _row(charges, "Northbridge Women's Aid")["No-show charges"] == "£75.00"
    completions = _table(tables, "completions")
    assert _row(completions, "Report test e-learning") == {
        "E-learning completions": "2",
        "Recording views": "1",
    }


def test_evaluation_response_rates_per_stage(programme: Programme) -> None:
    table = _table(rep.build_tables(_counts(), rep.Grouping.MONTH), "evaluation")
    rates = {row.label: tuple(cell.text for cell in row.cells) for row in table.rows}
    assert rates == {
        "Before the course": ("5", "3", "60.0%"),
        "After the course": ("3", "3", "100.0%"),
        "Impact at 8 weeks": ("3", "1", "33.3%"),
        "Six months, with the line manager": ("3", "0", "0.0%"),
    }


def test_impact_stage_is_not_eligible_before_eight_weeks(programme: Programme) -> None:
    early = programme.june.ends_at + datetime.timedelta(weeks=7)
    counts = rep.count_learning(programme.course_a.partnership, YEAR, now=early)
    assert counts.evaluations["impact_eligible"] == 2  # May's two attenders, not June's
    assert counts.evaluations["six_months_eligible"] == 0


def test_knowledge_and_confidence_change_counts_only_paired_responses(
    programme: Programme,
) -> None:
    table = _table(rep.build_tables(_counts(), rep.Grouping.MONTH), "change")
    # Knowledge: Amira 2 → 4 and Rosa 3 → 5; Farid (after only) and Kate (before only)
    # are not paired. Confidence: only Amira (Rosa gave none before).
    assert _row(table, "Knowledge") == {
        "Paired responses": "2",
        "Mean before": "2.50",
        "Mean after": "4.50",
        "Change": "+2.00",
    }
    assert _row(table, "Confidence") == {
        "Paired responses": "1",
        "Mean before": "3.00",
        "Mean after": "4.00",
        "Change": "+1.00",
    }
    assert _row(table, "Report test neglect: knowledge")["Paired responses"] == "2"


def test_impact_statements_grouped_by_theme(programme: Programme) -> None:
    counts = _counts()
    assert [(group.theme, group.statements) for group in counts.themes] == [
        ("Report test theme", (("Report test neglect", STATEMENT),))
    ]


def test_empty_year_is_not_available_rather_than_an_error(demo: None) -> None:
    counts = rep.count_learning(Partnership.objects.get(slug="southmoor"), 2040)
    tables = rep.build_tables(counts, rep.Grouping.QUARTER)
    figures = {row.label: row.cells[0].text for row in _table(tables, "summary").rows}
    assert figures["Utilisation"] == rep.NOT_AVAILABLE
    assert figures["No-show rate"] == rep.NOT_AVAILABLE
    assert figures["Charges raised"] == "£0.00"
    change = _table(tables, "change")
    assert _row(change, "Knowledge")["Change"] == rep.NOT_AVAILABLE
    evaluation = _table(tables, "evaluation")
    assert {row.cells[2].text for row in evaluation.rows} == {rep.NOT_AVAILABLE}


def test_indicators_for_the_insight_catalogue(programme: Programme, after_the_year: None) -> None:
    northbridge = programme.course_a.partnership
    values = {indicator.code: indicator.value(northbridge, YEAR) for indicator in rep.INDICATORS}
    assert values["learning.places_offered"] == 6
    assert values["learning.utilisation"] == pytest.approx(50.0)
    assert values["learning.no_show_rate"] == pytest.approx(25.0)
    assert values["learning.knowledge_change"] == pytest.approx(2.0)
    empty = {i.code: i.value(northbridge, 2045) for i in rep.INDICATORS}
    assert empty["learning.utilisation"] is None
    assert empty["learning.knowledge_change"] is None


# --- the page and the workbook ------------------------------------------------------------


def test_business_unit_can_read_reports_with_statements(
    programme: Programme, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(BUSINESS_UNIT_OFFICER)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("learning:reports"), {"year": LABEL, "group": "quarter"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Events, places and attendance by financial quarter, 2031-32" in page
    assert "I now start a chronology" in page
    assert "<svg" in page
    assert "style=" not in page


def test_executive_can_read_figures_but_not_statements(programme: Programme) -> None:
    response = signed_in(EXECUTIVE).get(reverse("learning:reports"), {"year": LABEL})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Report test neglect" in page
    assert "I now start a chronology" not in page


def test_practitioner_cannot_read_reports(demo: None) -> None:
    client = signed_in(PRACTITIONER)
    assert client.get(reverse("learning:reports")).status_code == 404
    assert client.get(reverse("learning:reports-xlsx")).status_code == 404


def test_southmoor_sees_only_southmoor(programme: Programme) -> None:
    client = signed_in(SOUTHMOOR_MANAGER)
    response = client.get(reverse("learning:reports"))
    assert response.status_code == 200
    assert "Report test neglect" not in response.content.decode()
    # Northbridge's year is not Southmoor's to choose.
    refused = client.get(reverse("learning:reports"), {"year": LABEL})
    assert refused.status_code == 400
    assert "Select a financial year from the list" in refused.content.decode()


def test_workbook_opens_with_a_sheet_per_table(programme: Programme, after_the_year: None) -> None:
    response = signed_in(BUSINESS_MANAGER).get(
        reverse("learning:reports-xlsx"), {"year": LABEL, "group": "month"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == rep.XLSX_CONTENT_TYPE
    assert (
        'filename="training-reports-northbridge-2031-32-by-month.xlsx"'
        in (response["Content-Disposition"])
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "README"
    assert {"Summary", "Attendance by month", "By agency", "Knowledge and confidence"} <= set(
        book.sheetnames
    )
    readme = [row[0] for row in book["README"].iter_rows(values_only=True)]
    assert "No-show rate" in readme
    summary = book["Summary"]
    assert summary["A1"].font.bold
    assert summary["B1"].font.bold
    values = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert values["Places offered"] == 6
    assert values["Utilisation"] == pytest.approx(0.5)
    assert values["Charges raised"] == pytest.approx(125)
    statements = book["Impact statements"]
    assert statements["C2"].value == STATEMENT
    assert statements["C2"].data_type == "s"


def test_workbook_for_figures_only_readers_has_no_statements(programme: Programme) -> None:
    response = signed_in(EXECUTIVE).get(reverse("learning:reports-xlsx"), {"year": LABEL})
    book = load_workbook(io.BytesIO(response.content))
    assert "Impact statements" not in book.sheetnames


# --- training needs analysis ---------------------------------------------------------------


@pytest.fixture
def survey(demo: None) -> NeedsSurvey:
    northbridge = Partnership.objects.get(slug="northbridge")
    for name in ("Needs test neglect", "Needs test exploitation"):
        Theme.objects.get_or_create(partnership=northbridge, name=name)
    return NeedsSurvey.objects.create(
        partnership=northbridge,
        year=YEAR,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
    )


def _answers(survey: NeedsSurvey, staff: int, priority: str = "1") -> dict[str, str]:
    data: dict[str, str] = {}
    for theme in Theme.objects.filter(partnership=survey.partnership):
        data[f"staff_{theme.pk}"] = str(staff)
        data[f"priority_{theme.pk}"] = priority
        data[f"notes_{theme.pk}"] = ""
    return data


def test_business_manager_opens_a_survey(demo: None) -> None:
    client = signed_in(BUSINESS_MANAGER)
    closes = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        reverse("learning:needs"), {"year": "2033", "closes_on": closes.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    survey = NeedsSurvey.objects.get(partnership__slug="northbridge", year=2033)
    assert survey.closes_on == closes
    assert AuditEvent.objects.filter(verb="needs.open", target_id=str(survey.pk)).count() == 1
    again = client.post(
        reverse("learning:needs"), {"year": "2033", "closes_on": closes.strftime("%d/%m/%Y")}
    )
    assert again.status_code == 400
    assert "There is already a training needs survey for 2033" in again.content.decode()


def test_opening_a_survey_with_bad_input_is_refused(demo: None) -> None:
    response = signed_in(BUSINESS_MANAGER).post(
        reverse("learning:needs"), {"year": "next", "closes_on": "soon"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the year as 4 digits, like 2027" in page
    assert "Enter the closing date as day/month/year" in page
    assert page.count("govuk-error-summary__list") == 1


def test_practitioner_responds_then_replaces_answers(survey: NeedsSurvey) -> None:
    client = signed_in(PRACTITIONER)
    url = reverse("learning:needs-respond", args=[YEAR])
    assert client.get(url).status_code == 200
    themes = Theme.objects.filter(partnership=survey.partnership).count()
    assert client.post(url, _answers(survey, 4)).status_code == 302
    assert client.post(url, _answers(survey, 7, "2")).status_code == 302
    answers = NeedsResponse.objects.filter(survey=survey, agency__name="Northbridge Academy")
    assert answers.count() == themes
    assert {(a.staff_needing, a.priority) for a in answers} == {(7, 2)}
    assert AuditEvent.objects.filter(verb="needs.respond", target_id=str(survey.pk)).count() == 2


def test_summary_shows_totals_and_missing_agencies(survey: NeedsSurvey) -> None:
    signed_in(PRACTITIONER).post(
        reverse("learning:needs-respond", args=[YEAR]), _answers(survey, 4)
    )
    signed_in(GP_PRACTITIONER).post(
        reverse("learning:needs-respond", args=[YEAR]), _answers(survey, 0, "")
    )
    summary = rep.needs_summary(survey)
    assert _row(summary.table, "Needs test neglect") == {
        "Staff needing training": "4",
        "Agencies needing it": "1",
        "Priority 1 (high)": "1",
        "Priority 2": "0",
        "Priority 3 (low)": "0",
    }
    assert "Northbridge Academy" not in summary.missing
    assert "Canal Street Medical Practice" not in summary.missing
    assert "Mercia Vale Police" in summary.missing
    page = signed_in(BUSINESS_UNIT_OFFICER).get(reverse("learning:needs")).content.decode()
    assert "Agencies that have not answered" in page
    assert "Mercia Vale Police" in page


def test_closed_survey_refuses_answers(survey: NeedsSurvey) -> None:
    NeedsSurvey.objects.filter(pk=survey.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = signed_in(PRACTITIONER).post(
        reverse("learning:needs-respond", args=[YEAR]), _answers(survey, 3)
    )
    assert response.status_code == 400
    assert "answers can no longer be changed" in response.content.decode()
    assert not NeedsResponse.objects.filter(survey=survey).exists()


def test_bad_answers_are_refused_with_messages(survey: NeedsSurvey) -> None:
    data = _answers(survey, 3)
    themes = list(Theme.objects.filter(partnership=survey.partnership).order_by("name"))
    data[f"staff_{themes[0].pk}"] = "-2"
    data[f"staff_{themes[1].pk}"] = "lots"
    data[f"priority_{themes[-1].pk}"] = "9"
    response = signed_in(PRACTITIONER).post(reverse("learning:needs-respond", args=[YEAR]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "training must be 0 or more" in page
    assert "as a whole number, like 12" in page
    assert "Choose priority 1, 2 or 3" in page
    assert not NeedsResponse.objects.filter(survey=survey).exists()


def test_priority_is_needed_when_staff_need_training(survey: NeedsSurvey) -> None:
    data = _answers(survey, 2, "")
    response = signed_in(PRACTITIONER).post(reverse("learning:needs-respond", args=[YEAR]), data)
    assert response.status_code == 400
    assert "Select a priority for needs test neglect, as staff need it" in (
        response.content.decode()
    )


def test_practitioner_sees_a_link_to_answer_for_their_agency(survey: NeedsSurvey) -> None:
    page = signed_in(PRACTITIONER).get(reverse("learning:needs")).content.decode()
    assert "Answer for Northbridge Academy" in page
    assert reverse("learning:needs-respond", args=[YEAR]) in page
    assert "Open a survey" not in page


def test_executive_cannot_use_the_needs_analysis(survey: NeedsSurvey) -> None:
    client = signed_in(EXECUTIVE)
    assert client.get(reverse("learning:needs")).status_code == 404
    assert client.get(reverse("learning:needs-respond", args=[YEAR])).status_code == 404


def test_southmoor_cannot_answer_northbridges_survey(survey: NeedsSurvey) -> None:
    client = signed_in(SOUTHMOOR_PRACTITIONER)
    assert client.get(reverse("learning:needs-respond", args=[YEAR])).status_code == 404
    manager = signed_in(SOUTHMOOR_MANAGER).get(reverse("learning:needs")).content.decode()
    assert "Training needs 2031" not in manager


def test_practitioner_cannot_open_a_survey(demo: None) -> None:
    response = signed_in(PRACTITIONER).post(
        reverse("learning:needs"), {"year": "2034", "closes_on": "1/1/2034"}
    )
    assert response.status_code == 404
    assert not NeedsSurvey.objects.filter(year=2034).exists()


def test_charges_are_decimal_sums(programme: Programme) -> None:
    counts = _counts()
    assert Decimal(counts.total("late_charged")) == Decimal("50")
    assert Decimal(counts.total("no_show_charged")) == Decimal("75")


def test_reports_default_to_the_latest_year_with_events(programme: Programme) -> None:
    response = signed_in(BUSINESS_MANAGER).get(reverse("learning:reports"))
    assert response.status_code == 200
    assert "Summary, 2031-32" in response.content.decode()


def test_reports_on_the_demo_programme_render(demo: None) -> None:
    # Whatever the demo's training year holds, the page and the workbook are made.
    client = signed_in(BUSINESS_MANAGER)
    for group in ("month", "quarter"):
        assert client.get(reverse("learning:reports"), {"group": group}).status_code == 200
        workbook = client.get(reverse("learning:reports-xlsx"), {"group": group})
        assert load_workbook(io.BytesIO(workbook.content)).sheetnames[0] == "README"


def test_a_year_under_way_counts_only_events_held_and_says_year_to_date(
    programme: Programme,
) -> None:
    """Between the May and June events: June has not run, so it is neither held nor
    offered places, and the figures are labelled as the year to date."""
    between = datetime.datetime(YEAR, 6, 1, 12, 0, tzinfo=TZ)
    counts = rep.count_learning(programme.course_a.partnership, YEAR, now=between)
    summary = rep.summary_table(counts)
    figures = {row.label: row.cells[0].text for row in summary.rows}
    assert figures["Events held"] == "1"
    assert figures["Events still to run"] == "1"
    assert figures["Places offered"] == "4"  # May's four; June's two are still to come
    assert (
        figures["Utilisation"] == "75.0%"
    )  # of the 4 places held (the fixture records June ahead)
    assert summary.caption == f"Summary, {LABEL}, year to date (to 1 June {YEAR})"
    by_course = _table(rep.build_tables(counts, rep.Grouping.MONTH), "by_course")
    assert _row(by_course, "Report test neglect")["Events held"] == "1"
    # Once the year is over, it is the whole year.
    assert "year to date" not in rep.summary_table(_counts()).caption
