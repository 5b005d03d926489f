"""The executive opens the review they sign off; a review holds its documents (terms
of reference, chronologies, agency reports, the draft and final report), checked as
evidence is and served only to the case review group and that partnership's executive."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from masa.core.errors import ServiceError
from masa.core.models import Agency, AuditEvent, Membership, Person, Role
from masa.reviews.models import Review, ReviewDocument
from masa.reviews.services import reviews as reviews_services
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def southmoor_executive() -> Client:
    """An executive member of the other partnership (the demo has none)."""
    person = Person.objects.create_user("zq.executive@southmoor.example", full_name="Zq Executive")
    membership = Membership.objects.create(
        person=person,
        partnership=f.partnership("southmoor"),
        agency=Agency.objects.get(name="Southmoor Metropolitan Borough Council"),
    )
    membership.roles.add(Role.objects.get(slug="executive-member"))
    return h.signed_in(person.email)


def upload(review: Review, **overrides: Any) -> ReviewDocument:
    values: dict[str, Any] = {
        "kind": ReviewDocument.Kind.DRAFT_REPORT,
        "title": "Zq draft report",
        "name": "draft.pdf",
        "chunks": [PDF],
    }
    values.update(overrides)
    return reviews_services.review_document_upload(acting=f.manager(), review=review, **values)


# --- (a) whoever signs a review off may open it ---------------------------------------------


def test_the_executive_opens_the_review_they_sign_off_without_the_subjects_details() -> None:
    child = f.subject(pseudonym="Child Zq-signed")
    draft = f.review(
        status=Review.Status.DRAFT_RECEIVED, subject=child, title="Zq review of Child Zq-signed"
    )
    james = h.signed_in(h.EXECUTIVE)
    page = james.get(reverse("reviews:review", args=[draft.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert draft.reference in body
    assert reverse("reviews:review-sign-off", args=[draft.pk]) in body
    # Equality data stays with the case review group, and no subject view is written.
    assert "Child Zq-signed" not in body  # neither the pseudonym nor the title naming it
    assert not AuditEvent.objects.filter(
        verb="view", actor__email=h.EXECUTIVE, target_type="reviews.subject"
    ).exists()
    home = james.get(reverse("reviews:home")).content.decode()
    assert reverse("reviews:review", args=[draft.pk]) in home


def test_the_executive_still_cannot_open_a_review_not_yet_at_sign_off() -> None:
    running = f.review(status=Review.Status.IN_PROGRESS)
    james = h.signed_in(h.EXECUTIVE)
    assert james.get(reverse("reviews:review", args=[running.pk])).status_code == 404


def test_an_executive_of_the_other_partnership_gets_404() -> None:
    draft = f.review(status=Review.Status.DRAFT_RECEIVED)
    document = upload(draft)
    other = southmoor_executive()
    assert other.get(reverse("reviews:review", args=[draft.pk])).status_code == 404
    assert other.get(reverse("reviews:review-document", args=[document.pk])).status_code == 404


# --- (b) documents on a review -----------------------------------------------------------------


def test_the_group_uploads_a_document_and_the_executive_downloads_it() -> None:
    draft = f.review(status=Review.Status.DRAFT_RECEIVED)
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    url = reverse("reviews:review-document-new", args=[draft.pk])
    assert eleanor.get(url).status_code == 200
    sent = eleanor.post(
        url,
        {
            "kind": "draft_report",
            "title": "Zq draft overview report",
            "file": SimpleUploadedFile("Draft report.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert sent.status_code == 302
    document = ReviewDocument.objects.get(review=draft)
    assert (document.kind, document.title, document.stored_name) == (
        "draft_report",
        "Zq draft overview report",
        "Draft report.pdf",
    )
    assert document.uploaded_by == h.person(h.BUSINESS_MANAGER)
    assert "Draft report.pdf" not in document.file.name  # stored under a random name
    assert AuditEvent.objects.filter(
        verb="review_document.upload", target_id=str(document.pk)
    ).exists()

    page = eleanor.get(reverse("reviews:review", args=[draft.pk])).content.decode()
    assert "Zq draft overview report" in page
    download = reverse("reviews:review-document", args=[document.pk])
    assert download in page

    for email in (h.BUSINESS_MANAGER, h.SCRUTINEER, h.EXECUTIVE):
        response = h.signed_in(email).get(download)
        assert response.status_code == 200, email
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        AuditEvent.objects.filter(
            verb="review_document.download", target_id=str(document.pk)
        ).count()
        == 3
    )


@pytest.mark.parametrize(
    "email",
    [
        h.PRACTITIONER,
        h.MASH_MANAGER,
        h.POLICE_BOTH,
        h.SUBGROUP_MEMBER,
        h.SOUTHMOOR_MANAGER,
        h.BUSINESS_UNIT_OFFICER,
    ],
)
def test_no_one_else_reaches_a_document(email: str) -> None:
    document = upload(f.review(status=Review.Status.DRAFT_RECEIVED))
    response = h.signed_in(email).get(reverse("reviews:review-document", args=[document.pk]))
    # The business unit officer is in the case review group: they read it.
    assert response.status_code == (200 if email == h.BUSINESS_UNIT_OFFICER else 404)


def test_only_managers_add_documents() -> None:
    draft = f.review(status=Review.Status.DRAFT_RECEIVED)
    url = reverse("reviews:review-document-new", args=[draft.pk])
    for email in (h.EXECUTIVE, h.SCRUTINEER, h.SOUTHMOOR_MANAGER):
        assert h.signed_in(email).get(url).status_code == 404, email
    with pytest.raises(ServiceError):
        reviews_services.review_document_upload(
            acting=h.acting(h.SCRUTINEER),
            review=draft,
            kind="chronology",
            title="Zq",
            name="c.pdf",
            chunks=[PDF],
        )


def test_a_file_that_lies_about_its_type_is_refused_on_the_form() -> None:
    review = f.review(status=Review.Status.IN_PROGRESS)
    eleanor = h.signed_in(h.BUSINESS_MANAGER)
    page = eleanor.post(
        reverse("reviews:review-document-new", args=[review.pk]),
        {
            "kind": "chronology",
            "title": "Zq chronology",
            "file": SimpleUploadedFile("chronology.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "govuk-error-summary" in body
    assert not ReviewDocument.objects.filter(review=review).exists()


def test_an_empty_upload_form_answers_400_with_every_message() -> None:
    review = f.review(status=Review.Status.IN_PROGRESS)
    page = h.signed_in(h.BUSINESS_MANAGER).post(
        reverse("reviews:review-document-new", args=[review.pk]), {}
    )
    assert page.status_code == 400
    body = page.content.decode()
    for message in (
        "Select what the document is",
        "Enter a title for the document",
        "Select a file",
    ):
        assert message in body
