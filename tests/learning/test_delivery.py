"""Delivery: registers, attendance and completion imports, recordings, the four-stage
evaluation, certificates and the learning tick."""

from __future__ import annotations

import codecs
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from masa.core.models import Partnership
from masa.learning import imports, services
from masa.learning.evaluation import evaluation_defaults_ensure
from masa.learning.models import (
    Attendance,
    Booking,
    ChargeRule,
    Completion,
    Course,
    EvaluationForm,
    EvaluationReminder,
    EvaluationResponse,
    Event,
)
from tests import helpers as h
from tests.helpers import (
    BUSINESS_UNIT_OFFICER,
    GP_PRACTITIONER,
    MASH_MANAGER,
    MASH_PRACTITIONER,
    POLICE_BOTH,
    PRACTITIONER,
    SOUTHMOOR_MANAGER,
    TRAINER,
    person,
    signed_in,
)
from tests.learning.factories import book, course, event

pytestmark = pytest.mark.django_db

AFTER_ANSWERS = {"q_1": "4", "q_2": "5", "q_3": "Use the neglect toolkit at every visit."}


def client_in(email: str, partnership: str = "northbridge") -> Client:
    client = signed_in(email)
    session = client.session
    session["partnership_id"] = Partnership.objects.get(slug=partnership).pk
    session.save()
    return client


def url(name: str, *args: Any) -> str:
    return reverse(f"learning:{name}", args=args)


def held(on: Event, *, ended_ago: datetime.timedelta) -> Event:
    """Move an event (booked while in the future) so it ended `ended_ago` ago."""
    ends = timezone.now() - ended_ago
    Event.objects.filter(pk=on.pk).update(
        starts_at=ends - datetime.timedelta(hours=3), ends_at=ends
    )
    on.refresh_from_db()
    return on


def trained_event(**overrides: Any) -> Event:
    return event(trainers=[person(TRAINER)], **overrides)


def attended(booking: Booking, status: str = Attendance.Status.ATTENDED) -> None:
    services.attendance_record(acting=h.acting(TRAINER), booking=booking, status=status)


def upload(content: bytes | str, name: str = "report.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


# --- the trainer's events and the register -----------------------------------------


def test_trainer_can_see_their_events(demo: None) -> None:
    mine = trained_event()
    other = event()
    response = client_in(TRAINER).get(url("my-events"))
    assert response.status_code == 200
    assert mine.course.title in response.content.decode()
    assert other.course.title not in response.content.decode()


def test_practitioner_cannot_see_my_events(demo: None) -> None:
    assert client_in(PRACTITIONER).get(url("my-events")).status_code == 404


def test_register_saves_attendance_and_charges_a_no_show(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    on = trained_event()
    ChargeRule.objects.update_or_create(
        partnership=on.partnership, kind="no_show", defaults={"amount": 75}
    )
    came, absent, part = (book(email, on) for email in (PRACTITIONER, GP_PRACTITIONER, POLICE_BOTH))
    held(on, ended_ago=datetime.timedelta(hours=1))
    client = client_in(TRAINER)
    page = client.get(url("register", on.pk))
    assert page.status_code == 200
    assert person(PRACTITIONER).full_name in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("register", on.pk),
            {
                f"status_{came.pk}": "attended",
                f"status_{absent.pk}": "no_show",
                f"status_{part.pk}": "partial",
                f"minutes_{part.pk}": "100",
            },
        )
    assert response.status_code == 302
    recorded = {
        a.booking_id: (a.status, a.minutes) for a in Attendance.objects.filter(booking__event=on)
    }
    assert recorded[came.pk] == ("attended", None)
    assert recorded[absent.pk] == ("no_show", None)
    assert recorded[part.pk] == ("partial", 100)
    absent.refresh_from_db()
    assert absent.charge == Decimal("75")
    assert absent.charge_reason == "No-show"
    assert any(
        message.subject.startswith("You did not attend") and message.to == [GP_PRACTITIONER]
        for message in mail.outbox
    )
    # The register shows what is recorded.
    again = client.get(url("register", on.pk)).content.decode()
    assert "100 minutes" in again
    assert "Did not attend" in again


def test_register_needs_minutes_for_part_attendance(demo: None) -> None:
    on = trained_event()
    booking = book(PRACTITIONER, on)
    held(on, ended_ago=datetime.timedelta(hours=1))
    response = client_in(TRAINER).post(url("register", on.pk), {f"status_{booking.pk}": "partial"})
    assert response.status_code == 400
    assert "Enter the minutes" in response.content.decode()
    assert not Attendance.objects.filter(booking=booking).exists()


def test_register_refused_before_the_day_of_the_event(demo: None) -> None:
    on = trained_event()
    booking = book(PRACTITIONER, on)
    response = client_in(TRAINER).post(url("register", on.pk), {f"status_{booking.pk}": "no_show"})
    assert response.status_code == 400
    assert "The register opens on the day of the event" in response.content.decode()
    assert not Attendance.objects.filter(booking=booking).exists()


def test_other_trainer_cannot_see_the_register(demo: None) -> None:
    on = event()  # Kate does not train it
    assert client_in(TRAINER).get(url("register", on.pk)).status_code == 404
    assert client_in(TRAINER).get(url("attendance-import", on.pk)).status_code == 404


def test_practitioner_cannot_see_the_register(demo: None) -> None:
    on = trained_event()
    assert client_in(PRACTITIONER).get(url("register", on.pk)).status_code == 404


def test_business_unit_can_see_any_register(demo: None) -> None:
    on = event()
    assert client_in(BUSINESS_UNIT_OFFICER).get(url("register", on.pk)).status_code == 200


def test_southmoor_manager_cannot_see_a_northbridge_register(demo: None) -> None:
    on = trained_event()
    assert client_in(SOUTHMOOR_MANAGER, "southmoor").get(url("register", on.pk)).status_code == 404


# --- attendance from a virtual meeting report -----------------------------------------


def test_attendance_import_reports_bad_rows_and_keeps_the_good_ones(demo: None) -> None:
    on = trained_event()
    full, part = book(PRACTITIONER, on), book(GP_PRACTITIONER, on)
    absent = book(POLICE_BOTH, on)
    held(on, ended_ago=datetime.timedelta(hours=1))
    csv_text = (
        "Name (Original Name),User Email,Duration (Minutes)\n"
        f"Amira,{PRACTITIONER.upper()},150\n"  # 150 of 180 minutes: 83%, attended
        f"Rosa,{GP_PRACTITIONER},60\n"  # partial
        "Stranger,nobody@nowhere.example,170\n"  # unknown email
        f"Ben,{MASH_PRACTITIONER},170\n"  # a person, but not booked
        f"Rosa again,{GP_PRACTITIONER},20\n"  # duplicate
        "Someone,someone@example.org,lots\n"  # bad duration
    )
    response = client_in(TRAINER).post(url("attendance-import", on.pk), {"file": upload(csv_text)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unknown email" in page
    assert "Not booked" in page
    assert "Duplicate: this email is already on line 3" in page
    assert "Bad duration" in page
    result = response.context["result"]
    assert (result.attended, result.partial) == (1, 1)
    assert [problem.line for problem in result.problems] == [4, 5, 6, 7]
    assert [booking.pk for booking in result.missing] == [absent.pk]
    recorded = {
        a.booking_id: (a.status, a.minutes, a.source)
        for a in Attendance.objects.filter(booking__event=on)
    }
    assert recorded == {
        full.pk: ("attended", 150, "import"),
        part.pk: ("partial", 60, "import"),
    }


def test_attendance_import_with_wrong_headers_is_refused_whole(demo: None) -> None:
    on = trained_event()
    book(PRACTITIONER, on)
    held(on, ended_ago=datetime.timedelta(hours=1))
    response = client_in(TRAINER).post(
        url("attendance-import", on.pk),
        {"file": upload(f"Who,When\n{PRACTITIONER},today\n")},
    )
    assert response.status_code == 400
    assert "does not have the columns needed" in response.content.decode()
    assert not Attendance.objects.filter(booking__event=on).exists()


def test_attendance_import_refuses_an_oversized_file(demo: None) -> None:
    on = trained_event()
    held(on, ended_ago=datetime.timedelta(hours=1))
    big = "Email,Duration\n" + "x" * imports.MAX_BYTES
    response = client_in(TRAINER).post(url("attendance-import", on.pk), {"file": upload(big)})
    assert response.status_code == 400
    assert "must be smaller than 2 MB" in response.content.decode()


def test_attendance_import_refuses_a_file_that_is_not_csv(demo: None) -> None:
    on = trained_event()
    held(on, ended_ago=datetime.timedelta(hours=1))
    client = client_in(TRAINER)
    spreadsheet = upload(b"PK\x03\x04\x00\x00binary", "report.csv")
    response = client.post(url("attendance-import", on.pk), {"file": spreadsheet})
    assert response.status_code == 400
    assert "not a CSV file" in response.content.decode()
    response = client.post(url("attendance-import", on.pk), {"file": upload("a,b", "report.pdf")})
    assert response.status_code == 400
    assert "must be a CSV file" in response.content.decode()
    response = client.post(url("attendance-import", on.pk), {})
    assert response.status_code == 400
    assert "Select a CSV file" in response.content.decode()


def test_teams_report_in_utf16_with_a_summary_is_read() -> None:
    text = (
        "1. Summary\n"
        "Meeting title\tNeglect level 2\n"
        "\n"
        "2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\n"
        "Amira Khan\t14/05/2026, 09:58:00\t14/05/2026, 12:59:00\t3h 1m\t"
        "Amira@Example.org\tAttendee\n"
        "Rosa Evans\t14/05/2026, 10:00:00\t14/05/2026, 10:45:00\t45m 10s\t"
        "rosa@example.org\tAttendee\n"
    )
    parsed = imports.parse_attendance(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert [(row.email, row.minutes) for row in parsed.rows] == [
        ("amira@example.org", 181),
        ("rosa@example.org", 45),
    ]
    assert parsed.problems == []


def test_join_and_leave_times_give_the_minutes() -> None:
    parsed = imports.parse_attendance(
        b"Email;Join Time;Leave Time\n"
        b"a@example.org;2026-05-14 10:00:00;2026-05-14 11:30:00\n"
        b"b@example.org;2026-05-14 10:00:00;2026-05-14 09:00:00\n"
    )
    assert [(row.line, row.minutes) for row in parsed.rows] == [(2, 90)]
    assert parsed.problems[0].line == 3
    assert "before the join time" in parsed.problems[0].reason


# --- e-learning completions --------------------------------------------------------


def test_completions_import_is_idempotent_with_per_row_errors(demo: None) -> None:
    elearning = course(title="Neglect awareness e-learning", mode=Course.Mode.ELEARNING, level=1)
    csv_text = (
        "Email,Course ID,Course Title,Completion Date\n"
        f"{PRACTITIONER.upper()},{elearning.pk},,12/03/2026 14:05\n"
        "external@charity.example,,neglect awareness e-learning,2026-03-13\n"
        f"{GP_PRACTITIONER},999999,,2026-03-13\n"
        f"{GP_PRACTITIONER},,Neglect awareness e-learning,yesterday-ish\n"
    )
    client = client_in(BUSINESS_UNIT_OFFICER)
    response = client.post(url("completions-import"), {"file": upload(csv_text)})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.added == 2
    assert result.already == []
    assert [(problem.line, problem.reason[:14]) for problem in result.problems] == [
        (4, "Unknown course"),
        (5, "Bad completion"),
    ]
    known = Completion.objects.get(learner_email=PRACTITIONER)
    assert known.learner == person(PRACTITIONER)
    assert known.agency is not None
    assert known.kind == "elearning"
    assert known.course == elearning
    unknown = Completion.objects.get(learner_email="external@charity.example")
    assert unknown.learner is None
    assert unknown.agency is None
    # The same file again adds nothing.
    again = client.post(url("completions-import"), {"file": upload(csv_text)})
    assert again.context["result"].added == 0
    assert len(again.context["result"].already) == 2
    assert "Already recorded" in again.content.decode()
    assert Completion.objects.filter(course=elearning).count() == 2


def test_practitioner_cannot_import_completions(demo: None) -> None:
    assert client_in(PRACTITIONER).get(url("completions-import")).status_code == 404
    assert client_in(TRAINER).get(url("completions-import")).status_code == 404


# --- recordings --------------------------------------------------------------------


def test_watching_a_recording_counts_once_a_day(demo: None) -> None:
    recorded = course(mode=Course.Mode.RECORDING)
    event(recorded, joining_link="https://video.example.org/neglect-briefing")
    client = client_in(PRACTITIONER)
    page = client.get(url("recording", recorded.pk))
    assert page.status_code == 200
    assert "https://video.example.org/neglect-briefing" in page.content.decode()
    client.post(url("recording", recorded.pk))
    client.post(url("recording", recorded.pk))
    views = Completion.objects.filter(course=recorded, kind="recording")
    assert views.count() == 1
    assert views.get().learner == person(PRACTITIONER)


def test_face_to_face_course_has_no_recording_page(demo: None) -> None:
    assert client_in(PRACTITIONER).get(url("recording", course().pk)).status_code == 404


# --- evaluation ------------------------------------------------------------------------


def test_default_forms_are_created_once(demo: None) -> None:
    northbridge = Partnership.objects.get(slug="northbridge")
    evaluation_defaults_ensure(northbridge)
    evaluation_defaults_ensure(northbridge)
    forms = EvaluationForm.objects.filter(partnership=northbridge, course__isnull=True)
    assert sorted(forms.values_list("stage", "respondent")) == [
        ("after", "learner"),
        ("before", "learner"),
        ("impact", "learner"),
        ("six_months", "learner"),
        ("six_months", "line_manager"),  # the line manager's own part
    ]
    after = forms.get(stage="after")
    assert [q.measure for q in after.questions.all()] == ["knowledge", "confidence", ""]


def test_before_evaluation_closes_when_the_event_ends(demo: None) -> None:
    on = event()
    booking = book(PRACTITIONER, on)
    client = client_in(PRACTITIONER)
    response = client.post(
        url("evaluation", booking.pk, "before"),
        {"q_1": "2", "q_2": "3", "q_3": "How to spot neglect early."},
    )
    assert response.status_code == 302
    assert EvaluationResponse.objects.get(booking=booking, stage="before").knowledge == 2
    later = book(GP_PRACTITIONER, on)
    held(on, ended_ago=datetime.timedelta(minutes=5))
    page = client_in(GP_PRACTITIONER).get(url("evaluation", later.pk, "before"))
    assert "closes when the event ends" in page.content.decode()


def test_after_evaluation_needs_attendance_and_valid_answers(demo: None) -> None:
    on = event()
    booking = book(PRACTITIONER, on)
    held(on, ended_ago=datetime.timedelta(hours=1))
    client = client_in(PRACTITIONER)
    closed = client.get(url("evaluation", booking.pk, "after"))
    assert "once your attendance has been recorded" in closed.content.decode()
    attended(booking)
    missing = client.post(url("evaluation", booking.pk, "after"), {"q_1": "4"})
    assert missing.status_code == 400
    assert "Choose a rating from 1 to 5 for question 2" in missing.content.decode()
    assert "Answer question 3" in missing.content.decode()
    out_of_range = client.post(
        url("evaluation", booking.pk, "after"), {**AFTER_ANSWERS, "q_2": "6"}
    )
    assert out_of_range.status_code == 400
    assert client.post(url("evaluation", booking.pk, "after"), AFTER_ANSWERS).status_code == 302
    response = EvaluationResponse.objects.get(booking=booking, stage="after")
    assert (response.knowledge, response.confidence) == (4, 5)
    page = client.get(url("evaluation", booking.pk, "after")).content.decode()
    assert "Use the neglect toolkit at every visit." in page
    assert "<textarea" not in page


def test_no_show_cannot_give_the_after_evaluation(demo: None) -> None:
    on = event()
    booking = book(PRACTITIONER, on)
    held(on, ended_ago=datetime.timedelta(hours=1))
    attended(booking, Attendance.Status.NO_SHOW)
    page = client_in(PRACTITIONER).post(url("evaluation", booking.pk, "after"), AFTER_ANSWERS)
    assert page.status_code == 400
    assert not EvaluationResponse.objects.filter(booking=booking).exists()


def test_impact_evaluation_opens_eight_weeks_after(demo: None) -> None:
    on = event()
    booking = book(PRACTITIONER, on)
    held(on, ended_ago=datetime.timedelta(weeks=7))
    attended(booking)
    client = client_in(PRACTITIONER)
    assert (
        "This evaluation opens on"
        in client.get(url("evaluation", booking.pk, "impact")).content.decode()
    )
    held(on, ended_ago=datetime.timedelta(weeks=8, hours=1))
    page = client.get(url("evaluation", booking.pk, "impact"))
    assert page.status_code == 200
    assert "What has changed in your practice" in page.content.decode()


def test_line_manager_gives_their_own_part_of_the_six_month_evaluation(demo: None) -> None:
    on = event()
    booking = book(PRACTITIONER, on, line_manager=person(MASH_MANAGER))
    held(on, ended_ago=datetime.timedelta(days=100))
    attended(booking)
    manager = client_in(MASH_MANAGER)
    part = url("evaluation-manager", booking.pk)
    assert "This evaluation opens on" in manager.get(part).content.decode()
    # The learner's own stages, six months included, are not the line manager's.
    assert manager.get(url("evaluation", booking.pk, "after")).status_code == 404
    assert manager.get(url("evaluation", booking.pk, "six_months")).status_code == 404
    held(on, ended_ago=datetime.timedelta(days=183))
    page = manager.get(part).content.decode()
    assert "What has the line manager observed" in page
    response = manager.post(
        part, {"q_1": "Referrals are clearer.", "q_2": "Uses the toolkit in supervision."}
    )
    assert response.status_code == 302
    given = EvaluationResponse.objects.get(booking=booking)
    assert (given.submitted_by, given.respondent) == (person(MASH_MANAGER), "line_manager")
    # The learner still gives their own six-month answers, to their own questions.
    learner = client_in(PRACTITIONER)
    own = learner.get(url("evaluation", booking.pk, "six_months")).content.decode()
    assert "What difference has the training made to your work?" in own
    assert (
        learner.post(
            url("evaluation", booking.pk, "six_months"),
            {"q_1": "I start chronologies early.", "q_2": "Audit three cases together."},
        ).status_code
        == 302
    )
    assert set(
        EvaluationResponse.objects.filter(booking=booking).values_list("respondent", flat=True)
    ) == {"learner", "line_manager"}
    # Nobody else reaches the line manager's part.
    assert learner.get(part).status_code == 404
    assert client_in(GP_PRACTITIONER).get(part).status_code == 404


def test_another_learner_cannot_see_an_evaluation(demo: None) -> None:
    booking = book(PRACTITIONER, event())
    assert (
        client_in(GP_PRACTITIONER).get(url("evaluation", booking.pk, "before")).status_code == 404
    )
    assert (
        client_in(MASH_MANAGER).get(url("evaluation", booking.pk, "six_months")).status_code == 404
    )
    assert client_in(MASH_MANAGER).get(url("evaluation-manager", booking.pk)).status_code == 404
    assert client_in(PRACTITIONER).get(url("evaluation", booking.pk, "later")).status_code == 404


# --- certificates ------------------------------------------------------------------


def test_certificate_released_after_attendance_and_the_after_evaluation(demo: None) -> None:
    on = event()
    booking = book(PRACTITIONER, on)
    held(on, ended_ago=datetime.timedelta(hours=1))
    client = client_in(PRACTITIONER)
    assert client.get(url("certificate", booking.pk)).status_code == 404
    attended(booking)
    unavailable = client.get(url("certificate", booking.pk))
    assert unavailable.status_code == 404
    assert "after-course evaluation" in unavailable.content.decode()
    client.post(url("evaluation", booking.pk, "after"), AFTER_ANSWERS)
    response = client.get(url("certificate", booking.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="certificate-test-course'
    )
    assert response.content.startswith(b"%PDF")
    name = person(PRACTITIONER).full_name
    assert name.encode() in response.content
    assert on.course.title.encode() in response.content
    assert b"Certificate number: " in response.content
    # The business unit may download it; another learner may not.
    assert client_in(BUSINESS_UNIT_OFFICER).get(url("certificate", booking.pk)).status_code == 200
    assert client_in(GP_PRACTITIONER).get(url("certificate", booking.pk)).status_code == 404


# --- the learning tick ------------------------------------------------------------


def test_learning_tick_expires_offers_and_reminds_once(
    demo: None, django_capture_on_commit_callbacks: Any
) -> None:
    full = event(capacity=1)
    first, second = book(PRACTITIONER, full), book(GP_PRACTITIONER, full)
    services.booking_cancel(acting=h.acting(PRACTITIONER), booking=first)
    Booking.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    past = event()
    learner = book(POLICE_BOTH, past)
    held(past, ended_ago=datetime.timedelta(days=1))
    attended(learner)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("learning_tick", stdout=io.StringIO())
    second.refresh_from_db()
    assert second.status == Booking.Status.OFFER_EXPIRED
    reminders = EvaluationReminder.objects.filter(booking=learner)
    assert list(reminders.values_list("stage", flat=True)) == ["after"]
    subject = f"Give your evaluation: {past.course.title}"
    assert [m.to for m in mail.outbox if m.subject == subject] == [[POLICE_BOTH]]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("learning_tick", stdout=io.StringIO())
    assert EvaluationReminder.objects.filter(booking=learner).count() == 1
    assert len([m for m in mail.outbox if m.subject == subject]) == 1
