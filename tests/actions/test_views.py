"""Actions through their pages: adding one to a recommendation, the combined action
plan, progress updates with evidence uploads, evidence downloads, acceptance and
closing."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from masa.actions import services
from masa.actions.models import Action, ActionUpdate, Evidence
from masa.core.errors import ServiceError
from masa.core.models import AuditEvent
from masa.reviews.models import Review
from tests import helpers as h
from tests.plan import factories as plan_f
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")
D = datetime.date


# The pages of reviews these tests open; every other name is an action page.
REVIEW_PAGES = {"review-recommendations", "review-document-new", "review"}


def url(name: str, *args: Any) -> str:
    return reverse(f"{'reviews' if name in REVIEW_PAGES else 'actions'}:{name}", args=args)


def date_parts(name: str, day: D) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def assert_form_error(response: Any, message: str) -> None:
    text = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in text
    assert "There is a problem" in text
    assert message in text


@pytest.fixture
def review() -> Review:
    return f.review(status=Review.Status.IN_PROGRESS)


# --- findings and recommendations ------------------------------------------------------


def test_an_action_is_added_with_an_owner_from_the_owning_agency(review: Review) -> None:
    recommendation = f.recommendation(review)
    police, maya, grace = f.agency(f.POLICE), h.person(h.POLICE_BOTH), h.person(h.SUBGROUP_MEMBER)
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    infants = plan_f.priority(name="Zq safeguarding infants")
    values = {
        "owner_agency": police.pk,
        "what": "Zq: brief every response officer on bruising in babies",
        "measure_of_success": "90% briefed",
        "serves": infants.pk,
        **date_parts("due_on", D(2031, 12, 1)),
    }
    wrong_owner = eleanor.post(url("action-new", recommendation.pk), {**values, "owner": grace.pk})
    assert_form_error(wrong_owner, "The named owner must work for the owning agency")
    bad_date = eleanor.post(
        url("action-new", recommendation.pk), {**values, "due_on_day": "31", "due_on_month": "2"}
    )
    assert_form_error(bad_date, "Due date must be a real date")
    saved = eleanor.post(url("action-new", recommendation.pk), {**values, "owner": maya.pk})
    assert saved.status_code == 302
    action = Action.objects.get(recommendation=recommendation)
    assert (action.owner, action.owner_agency, action.due_on) == (maya, police, D(2031, 12, 1))
    assert action.serves == infants


# --- the combined action plan ----------------------------------------------------------


def test_the_plan_filters_by_theme_agency_status_review_and_words(review: Review) -> None:
    theme = f.theme()
    themed = f.recommendation(review, themes=[theme])
    police_late = f.action(themed, due_on=D(2020, 3, 1), what="Zq: police late briefing")
    hospital = f.action(themed, f.HOSPITALS, what="Zq: hospital training")
    unthemed = f.action(f.recommendation(f.review()), what="Zq: police other review")
    client = h.signed_in(h.EXECUTIVE)

    def shown(**query: Any) -> str:
        response = client.get(url("action-plan"), query)
        assert response.status_code == 200
        return response.content.decode()

    by_theme = shown(theme=theme.pk)
    assert police_late.what in by_theme
    assert hospital.what in by_theme
    assert unthemed.what not in by_theme
    by_agency = shown(theme=theme.pk, agency=f.agency(f.POLICE).pk)
    assert police_late.what in by_agency
    assert hospital.what not in by_agency
    overdue = shown(status="overdue", review=review.pk)
    assert police_late.what in overdue
    assert hospital.what not in overdue
    assert hospital.what in shown(q="Zq: hospital training")
    invalid = client.get(url("action-plan"), {"status": "nonsense"})
    assert_form_error(invalid, "Select one of the options")


def test_the_plan_shows_drift_per_agency_and_per_review(review: Review) -> None:
    recommendation = f.recommendation(review)
    f.action(recommendation, due_on=D(2020, 3, 1))
    at_risk = f.action(recommendation, f.HOSPITALS)
    f.action_update(at_risk, status="at_risk", progress="Zq: no trainer")
    client = h.signed_in(h.BUSINESS_MANAGER)
    text = client.get(url("action-plan")).content.decode()
    assert "Drift and delay at a glance" in text
    assert "No update for 6 weeks" in text
    assert f"?agency={f.agency(f.HOSPITALS).pk}&amp;status=at_risk" in text
    # Per review on a page of its own (one row a review), linked from the plan.
    assert url("action-plan-reviews") in text
    by_review = client.get(url("action-plan-reviews")).content.decode()
    assert "No update for 6 weeks" in by_review
    assert f"{url('action-plan')}?review={review.pk}&amp;status=overdue" in by_review
    assert f"{review.reference}</a>" in by_review


def test_the_plan_pages_50_actions_at_a_time(review: Review) -> None:
    recommendation = f.recommendation(review)
    for _ in range(51):
        f.action(recommendation)
    client = h.signed_in(h.BUSINESS_MANAGER)
    first = client.get(url("action-plan"), {"review": review.pk}).content.decode()
    assert first.count(f'href="{url("review-recommendations", review.pk)}"') == 50
    assert "Page 1 of 2" in first
    assert f"review={review.pk}&amp;page=2" in first
    second = client.get(url("action-plan"), {"review": review.pk, "page": 2}).content.decode()
    assert second.count(f'href="{url("review-recommendations", review.pk)}"') == 1


def test_the_plan_page_takes_the_same_number_of_queries_however_many_actions(
    review: Review,
) -> None:
    theme = f.theme()
    recommendation = f.recommendation(review, themes=[theme])
    police = f.agency(f.POLICE).pk
    client = h.signed_in(h.BUSINESS_MANAGER)
    query = {"theme": theme.pk, "agency": police}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("action-plan"), query).status_code == 200
        return len(captured)

    f.action(recommendation)
    client.get(url("action-plan"), query)  # warm the session and caches
    few = queries()
    for _ in range(20):
        f.action(recommendation, owner=h.person(h.POLICE_BOTH))
    assert queries() == few


# --- progress updates and evidence --------------------------------------------------------


def pdf_upload(name: str = "register.pdf", data: bytes = f.PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def police_action(review: Review) -> Action:
    return f.action(f.recommendation(review))


def test_the_owner_updates_progress_and_each_update_is_a_version(police_action: Action) -> None:
    maya = h.signed_in(h.POLICE_BOTH)
    page = maya.get(url("action-update", police_action.pk))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert 'class="govuk-file-upload"' in page.content.decode()
    for status, progress in (("on_track", "Zq: half briefed"), ("at_risk", "Zq: trainer ill")):
        response = maya.post(
            url("action-update", police_action.pk), {"status": status, "progress": progress}
        )
        assert response.status_code == 302
    versions = list(
        ActionUpdate.objects.filter(action=police_action).values_list("version", "status")
    )
    assert versions == [(1, "on_track"), (2, "at_risk")]
    text = maya.get(url("action", police_action.pk)).content.decode()
    assert "Zq: half briefed" in text
    assert "Zq: trainer ill" in text
    assert (
        AuditEvent.objects.filter(verb="action.update", target_id=str(police_action.pk)).count()
        == 2
    )


def test_a_disallowed_move_is_a_form_error(police_action: Action) -> None:
    response = h.signed_in(h.POLICE_BOTH).post(
        url("action-update", police_action.pk),
        {"status": "completed", "progress": "Zq: all done"},
    )
    assert_form_error(response, "An action cannot go from not started to completed")
    assert_form_error(
        h.signed_in(h.POLICE_BOTH).post(
            url("action-update", police_action.pk), {"status": "on_track"}
        ),
        "Say what progress has been made",
    )


def test_evidence_uploaded_with_an_update_is_kept_safely(
    police_action: Action, evidence_storage: Path
) -> None:
    maya = h.signed_in(h.POLICE_BOTH)
    response = maya.post(
        url("action-update", police_action.pk),
        {
            "status": "on_track",
            "progress": "Zq: register attached",
            "file": pdf_upload("Register May.pdf"),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(action=police_action)
    assert evidence.stored_name == "Register May.pdf"
    assert evidence.update == ActionUpdate.objects.get(action=police_action)
    stored = (evidence_storage / evidence.file.name).resolve()
    assert stored.is_relative_to(evidence_storage.resolve())
    assert stored.read_bytes() == f.PDF
    assert "Register May" not in evidence.file.name
    assert evidence.file.name.startswith(f"evidence/{police_action.partnership_id}/")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("register.pdf", b"MZ\x90\x00 not a pdf at all", "The file is not a real PDF"),
        ("register.exe", b"MZ\x90\x00", "The file must be a PDF, Word, Excel"),
        ("register.docx", f.PDF, "The file is not a real Word document"),
        ("register.pdf", b"", "The selected file is empty"),
    ],
    ids=["pdf-that-is-not", "exe", "pdf-named-docx", "empty"],
)
def test_a_wrong_file_is_refused_and_the_update_is_not_kept(
    police_action: Action, evidence_storage: Path, name: str, data: bytes, message: str
) -> None:
    response = h.signed_in(h.POLICE_BOTH).post(
        url("action-update", police_action.pk),
        {"status": "on_track", "progress": "Zq: with a bad file", "file": pdf_upload(name, data)},
    )
    assert_form_error(response, message)
    assert not ActionUpdate.objects.filter(action=police_action).exists()
    assert not Evidence.objects.filter(action=police_action).exists()
    assert not evidence_storage.exists() or not any(evidence_storage.rglob("*.*"))


def test_an_oversized_file_is_refused(
    police_action: Action, evidence_storage: Path, settings: Any
) -> None:
    settings.EVIDENCE_MAX_BYTES = 4096
    big = f.PDF + b"0" * 5000
    response = h.signed_in(h.POLICE_BOTH).post(
        url("action-update", police_action.pk),
        {"status": "on_track", "progress": "Zq: big file", "file": pdf_upload("big.pdf", big)},
    )
    assert_form_error(response, "The file must be smaller than 4 KB")
    assert not Evidence.objects.filter(action=police_action).exists()


def raw_upload(client: Client, path: str, filename: str, data: bytes) -> Any:
    """Post a file with exactly this filename (the test client would strip the path)."""
    boundary = "ZqBoundary7MA4YWxkTrZu0gW"
    fields = {"status": "on_track", "progress": "Zq: a tricky name"}
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    )
    body += (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize(
    "filename",
    [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\evil.pdf",
        "/abs/path/evil.pdf",
        ".hidden.pdf",
        "evil\x07.pdf",
    ],
)
def test_path_tricks_in_a_name_never_leave_the_evidence_folder(
    police_action: Action, evidence_storage: Path, filename: str
) -> None:
    response = raw_upload(
        h.signed_in(h.POLICE_BOTH), url("action-update", police_action.pk), filename, f.PDF
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(action=police_action)
    assert "/" not in evidence.stored_name
    assert "\\" not in evidence.stored_name
    assert ".." not in evidence.stored_name
    assert not evidence.stored_name.startswith(".")
    assert evidence.stored_name.endswith(".pdf")
    stored = (evidence_storage / evidence.file.name).resolve()
    assert stored.is_relative_to((evidence_storage / "evidence").resolve())
    assert stored.read_bytes() == f.PDF


def test_evidence_is_downloaded_as_an_attachment_only_by_those_allowed(
    police_action: Action,
) -> None:
    evidence = f.evidence(police_action, name="Zq register.pdf")
    response = h.signed_in(h.POLICE_BOTH).get(url("evidence-download", evidence.pk))
    assert response.status_code == 200
    assert response.getvalue() == f.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Zq register.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # Another agency's subgroup member, and another partnership: not there at all.
    assert (
        h.signed_in(h.SUBGROUP_MEMBER).get(url("evidence-download", evidence.pk)).status_code == 404
    )
    assert (
        h.signed_in(h.SOUTHMOOR_MANAGER).get(url("evidence-download", evidence.pk)).status_code
        == 404
    )
    # The file is never under a public address.
    assert (
        evidence.file.name
        not in h.signed_in(h.POLICE_BOTH).get(url("action", police_action.pk)).content.decode()
    )


def test_another_agency_sees_that_evidence_exists_but_not_the_file(police_action: Action) -> None:
    f.evidence(police_action, name="Zq secret register.pdf")
    text = h.signed_in(h.SUBGROUP_MEMBER).get(url("action", police_action.pk)).content.decode()
    assert "Zq secret register.pdf" not in text
    assert "Evidence has been added" in text


# --- sign-off -------------------------------------------------------------------------------


def test_the_group_accepts_evidence_and_closes_the_action(police_action: Action) -> None:
    f.action_update(police_action, status="on_track", progress="Zq: going")
    f.action_update(police_action, status="completed", progress="Zq: all briefed")
    evidence = f.evidence(police_action)
    james = h.signed_in(h.EXECUTIVE)
    page = james.get(url("action", police_action.pk)).content.decode()
    assert url("evidence-accept", evidence.pk) in page
    assert james.post(url("evidence-accept", evidence.pk)).status_code == 302
    police_action.refresh_from_db()
    assert police_action.status == "evidenced"
    again = james.post(url("evidence-accept", evidence.pk), follow=True)
    assert "already been accepted" in again.content.decode()
    assert james.post(url("action-close", police_action.pk), {"reason": ""}).status_code == 302
    police_action.refresh_from_db()
    assert police_action.status == "closed"
    text = james.get(url("action", police_action.pk)).content.decode()
    assert "Closed" in text
    assert url("action-close", police_action.pk) not in text
    updater = h.signed_in(h.POLICE_BOTH).get(url("action-update", police_action.pk))
    assert "it takes no more updates" in updater.content.decode()


def test_closing_without_evidence_or_reason_is_refused_on_the_form(police_action: Action) -> None:
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    refused = eleanor.post(url("action-close", police_action.pk), {"reason": "  "})
    assert_form_error(
        refused, "An action cannot close without accepted evidence or a recorded reason"
    )
    police_action.refresh_from_db()
    assert police_action.status == "not_started"
    closed = eleanor.post(
        url("action-close", police_action.pk), {"reason": "Zq: overtaken by the new procedure"}
    )
    assert closed.status_code == 302
    police_action.refresh_from_db()
    assert (police_action.status, police_action.closure_reason) == (
        "closed",
        "Zq: overtaken by the new procedure",
    )


def test_script_in_text_is_escaped(review: Review) -> None:
    recommendation = f.recommendation(review, text="<script>alert('zq')</script>")
    action = f.action(recommendation, what="<img src=x onerror=alert(1)>")
    services.action_update(
        acting=h.acting(h.BUSINESS_MANAGER), action=action, status="on_track", progress="<b>zq</b>"
    )
    for path in (
        url("review-recommendations", review.pk),
        url("action", action.pk),
        url("action-plan"),
    ):
        text = h.signed_in(h.BUSINESS_MANAGER).get(path).content.decode()
        assert "<script>alert" not in text
        assert "<img src=x" not in text
        assert "<b>zq</b>" not in text


# --- the service the update page uses ------------------------------------------------------


def test_an_update_with_evidence_is_kept_whole_or_not_at_all(police_action: Action) -> None:
    maya = h.acting(h.POLICE_BOTH)
    update, evidence = services.action_update_with_evidence(
        acting=maya,
        action=police_action,
        status="on_track",
        progress="Zq: with the register",
        name="register.pdf",
        chunks=[f.PDF],
    )
    assert (evidence.update, update.version) == (update, 1)
    verbs = set(
        AuditEvent.objects.filter(
            actor=maya.person, target_id__in=[str(police_action.pk), str(evidence.pk)]
        ).values_list("verb", flat=True)
    )
    assert verbs == {"action.update", "evidence.upload"}
    with pytest.raises(ServiceError) as refused:
        services.action_update_with_evidence(
            acting=maya,
            action=police_action,
            status="at_risk",
            progress="Zq: a bad file",
            name="register.pdf",
            chunks=[b"not a pdf"],
        )
    assert refused.value.field == "file"
    assert ActionUpdate.objects.filter(action=police_action).count() == 1
    police_action.refresh_from_db()
    assert police_action.status == "on_track"
