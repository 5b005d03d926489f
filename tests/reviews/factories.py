"""Case review test data, one factory per model, made through the services (so the
rules hold) as the partnership's business manager unless told otherwise.

Every factory takes `partnership` as a slug ("northbridge" or "southmoor") and gives
unique "Zq ..." titles so tests do not depend on the demo data.
"""

from __future__ import annotations

import datetime
import io
import itertools
import zipfile
from collections.abc import Iterable
from typing import Any

from masa.actions import services as action_services
from masa.actions.models import Action, ActionUpdate, Evidence
from masa.core.acting import Acting, acting_in
from masa.core.models import Agency, Partnership
from masa.reviews.models import (
    AgencySummary,
    Briefing,
    CopySent,
    Finding,
    Incident,
    LibraryItem,
    Milestone,
    Newsletter,
    PreDiscussion,
    RapidReview,
    Recommendation,
    Reminder,
    Review,
    ReviewDelay,
    Reviewer,
    SarReferral,
    Subject,
    Theme,
)
from masa.reviews.services import incidents as incidents_services
from masa.reviews.services import learning as learning_services
from masa.reviews.services import rapid_reviews as rapid_reviews_services
from masa.reviews.services import recommendations as recommendations_services
from masa.reviews.services import reference as reference_services
from masa.reviews.services import reviews as reviews_services
from masa.reviews.services import sar as sar_services
from masa.reviews.services import subjects as subjects_services
from tests.helpers import BUSINESS_MANAGER, EXECUTIVE, SOUTHMOOR_MANAGER, person

_serial = itertools.count(1)
MANAGERS = {"northbridge": BUSINESS_MANAGER, "southmoor": SOUTHMOOR_MANAGER}
POLICE = "Mercia Vale Police"
HOSPITALS = "Northbridge Hospitals NHS Trust"


def n() -> int:
    return next(_serial)


def partnership(slug: str = "northbridge") -> Partnership:
    return Partnership.objects.get(slug=slug)


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def acting(email: str, slug: str = "northbridge") -> Acting:
    """The person `email`, acting in partnership `slug` (as the switcher would set)."""
    return acting_in(person(email), partnership(slug))


def manager(slug: str = "northbridge") -> Acting:
    return acting(MANAGERS[slug], slug)


def executive() -> Acting:
    return acting(EXECUTIVE)


# --- files ------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office(kind: str = "docx") -> bytes:
    """A minimal Office Open XML file (docx, xlsx or pptx) as a zip."""
    part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part[kind], "<document/>")
    return buffer.getvalue()


# --- reference data ---------------------------------------------------------------------


def theme(slug: str = "northbridge", name: str = "") -> Theme:
    return reference_services.theme_save(acting=manager(slug), name=name or f"Zq theme {n()}")


def reviewer(slug: str = "northbridge", **overrides: Any) -> Reviewer:
    values: dict[str, Any] = {
        "full_name": f"Zq Reviewer {n()}",
        "email": "reviewer@example.invalid",
        "organisation": "Independent",
        "expertise": "Neglect; adolescent exploitation",
        "conflicts": "None declared",
    }
    values.update(overrides)
    return reference_services.reviewer_save(acting=manager(slug), **values)


def subject(slug: str = "northbridge", *, child: bool = True, **overrides: Any) -> Subject:
    values: dict[str, Any] = {
        "pseudonym": f"Child Zq{n()}" if child else f"Adult Zq{n()}",
        "is_child": child,
        "age_band": "1_4" if child else "25_64",
        "sex": "F",
        "ethnicity": "WBRI",
        "disability": Subject.Disability.NO,
    }
    values.update(overrides)
    return subjects_services.subject_save(acting=manager(slug), **values)


# --- incidents and rapid reviews --------------------------------------------------------


def incident(
    slug: str = "northbridge",
    *,
    aware_on: datetime.date = datetime.date(2031, 3, 3),
    notified_panel_on: datetime.date | None = None,
    themes: Iterable[Theme] = (),
    **overrides: Any,
) -> Incident:
    values: dict[str, Any] = {
        "subject": overrides.pop("subject", None) or subject(slug),
        "summary": "Zq: a baby was admitted to hospital with unexplained injuries.",
        "aware_on": aware_on,
        "notified_panel_on": notified_panel_on,
        "themes": themes,
    }
    values.update(overrides)
    return incidents_services.incident_notify(acting=manager(slug), **values)


def pre_discussion(slug: str = "northbridge", **overrides: Any) -> PreDiscussion:
    values: dict[str, Any] = {
        "referral_summary": "Zq: a referral that may not meet the criteria",
        "held_on": datetime.date(2031, 3, 5),
        "outcome": PreDiscussion.Outcome.NO_NOTIFICATION,
        "rationale": "Learning captured through the multi-agency audit",
    }
    values.update(overrides)
    return incidents_services.pre_discussion_record(acting=manager(slug), **values)


def rapid_review(slug: str = "northbridge", **incident_overrides: Any) -> RapidReview:
    """An open rapid review of a notified incident."""
    incident_overrides.setdefault("notified_panel_on", datetime.date(2031, 3, 5))
    return rapid_reviews_services.rapid_review_open(
        acting=manager(slug), incident=incident(slug, **incident_overrides)
    )


def agency_summary(
    rapid: RapidReview | None = None, agency_name: str = POLICE, **overrides: Any
) -> AgencySummary:
    rapid = rapid or rapid_review()
    slug = rapid.partnership.slug
    return rapid_reviews_services.agency_summary_request(
        acting=manager(slug),
        rapid_review=rapid,
        agency=agency(agency_name),
        requested_on=overrides.pop("requested_on", datetime.date(2031, 3, 6)),
    )


def decided_rapid_review(
    slug: str = "northbridge", decision: str = RapidReview.Decision.LCSPR
) -> RapidReview:
    """A rapid review that met and decided (an LCSPR by default, which commissions it)."""
    rapid = rapid_review(slug)
    who = manager(slug)
    rapid_reviews_services.rapid_review_meeting(
        acting=who, rapid_review=rapid, meeting_on=datetime.date(2031, 3, 20)
    )
    return rapid_reviews_services.rapid_review_decide(
        acting=who,
        rapid_review=rapid,
        decision=decision,
        rationale="Zq: the criteria for a local review are met",
        learning="Zq: learning about bruising in non-mobile babies",
        decided_on=datetime.date(2031, 3, 20),
    )


# --- reviews ----------------------------------------------------------------------------

# The statuses a review passes through, in order, to reach each one.
_PATH = ["commissioned", "in_progress", "draft_received", "signed_off", "published"]


def review(
    slug: str = "northbridge",
    *,
    kind: str = Review.Kind.LCSPR,
    status: str = Review.Status.COMMISSIONED,
    started_on: datetime.date = datetime.date(2031, 4, 1),
    themes: Iterable[Theme] = (),
    **overrides: Any,
) -> Review:
    """A review brought to `status` through the services (published and closed not
    published are reached through sign-off; paused through a criminal proceedings delay)."""
    who = manager(slug)
    values: dict[str, Any] = {"title": f"Zq review {n()}", "themes": themes}
    if kind == Review.Kind.DHR:
        values["notified_on"] = started_on
    values.update(overrides)
    made = reviews_services.review_create(acting=who, kind=kind, **values)
    if status == Review.Status.COMMISSIONED:
        return made
    reviews_services.review_commission(
        acting=who,
        review=made,
        reviewer=reviewer(slug),
        conflict_check="Zq: no work with the agencies involved in the last five years",
        conflict_confirmed=True,
    )
    target = started_on + datetime.timedelta(days=180) if kind != Review.Kind.LCSPR else None
    reviews_services.review_start(acting=who, review=made, started_on=started_on, target_on=target)
    if status == Review.Status.PAUSED:
        delay(made, started_on=started_on + datetime.timedelta(days=10))
        made.refresh_from_db()
        return made
    goal = "signed_off" if status == Review.Status.CLOSED_NOT_PUBLISHED else status
    day = started_on
    for step in _PATH[2 : _PATH.index(goal) + 1]:
        day += datetime.timedelta(days=30)
        if step == "draft_received":
            reviews_services.review_draft_receive(acting=who, review=made, received_on=day)
        elif step == "signed_off":
            signer = executive() if slug == "northbridge" else who
            reviews_services.review_sign_off(acting=signer, review=made, signed_off_on=day)
        elif step == "published":
            reviews_services.review_publish(
                acting=manager(slug),
                review=made,
                published_on=day,
                link="https://example.invalid/reviews/zq.pdf",
            )
    if status == Review.Status.CLOSED_NOT_PUBLISHED:
        reviews_services.review_not_publish(
            acting=manager(slug), review=made, reason="Zq: family wishes"
        )
    made.refresh_from_db()
    return made


def delay(on: Review, **overrides: Any) -> ReviewDelay:
    values: dict[str, Any] = {
        "reason": ReviewDelay.Reason.CRIMINAL_PROCEEDINGS,
        "started_on": (on.started_on or datetime.date(2031, 4, 1)) + datetime.timedelta(days=10),
        "detail": "Zq: trial listed",
    }
    values.update(overrides)
    return reviews_services.review_delay_start(
        acting=manager(on.partnership.slug), review=on, **values
    )


def milestone(on: Review | None = None, **overrides: Any) -> Milestone:
    on = on or review()
    values: dict[str, Any] = {"name": f"Zq milestone {n()}", "due_on": datetime.date(2031, 6, 1)}
    values.update(overrides)
    return reviews_services.review_milestone_add(
        acting=manager(on.partnership.slug), review=on, **values
    )


def copy_sent(on: Review | None = None, **overrides: Any) -> CopySent:
    on = on or review(status=Review.Status.SIGNED_OFF)
    assert on.signed_off_on is not None
    values: dict[str, Any] = {
        "recipient": CopySent.Recipient.PANEL,
        "sent_on": on.signed_off_on + datetime.timedelta(days=1),
    }
    values.update(overrides)
    return reviews_services.review_copy_send(
        acting=manager(on.partnership.slug), review=on, **values
    )


MANDATORY = {
    "care_and_support_needs": True,
    "died_or_serious_harm": True,
    "abuse_or_neglect_known_or_suspected": True,
    "concern_agencies_worked_together": True,
}


def sar_referral(slug: str = "northbridge", **overrides: Any) -> SarReferral:
    values: dict[str, Any] = {
        "subject": overrides.pop("subject", None) or subject(slug, child=False),
        "received_on": datetime.date(2031, 2, 2),
        "referrer_agency": agency("Mercia Vale Integrated Care Board"),
        "summary": "Zq: an older man died after self-neglect; agencies did not share concerns",
        "criteria": MANDATORY,
    }
    values.update(overrides)
    return sar_services.sar_referral_record(acting=manager(slug), **values)


# --- findings, recommendations and actions ---------------------------------------------


def finding(on: Review | None = None, **overrides: Any) -> Finding:
    on = on or review()
    values: dict[str, Any] = {"text": f"Zq finding {n()}"}
    values.update(overrides)
    return recommendations_services.finding_add(
        acting=manager(on.partnership.slug), review=on, **values
    )


def recommendation(on: Review | None = None, **overrides: Any) -> Recommendation:
    on = on or review()
    values: dict[str, Any] = {"text": f"Zq recommendation {n()}"}
    values.update(overrides)
    return recommendations_services.recommendation_add(
        acting=manager(on.partnership.slug), review=on, **values
    )


def action(
    on: Recommendation | None = None,
    agency_name: str = POLICE,
    *,
    due_on: datetime.date = datetime.date(2031, 9, 30),
    **overrides: Any,
) -> Action:
    on = on or recommendation()
    values: dict[str, Any] = {
        "owner_agency": agency(agency_name),
        "what": f"Zq action {n()}: brief every response officer on bruising in babies",
        "measure_of_success": "90% of officers briefed by the due date",
        "due_on": due_on,
    }
    values.update(overrides)
    slug = on.review.partnership.slug
    return action_services.action_add(acting=manager(slug), recommendation=on, **values)


def _managing(action: Action) -> Acting:
    """The business manager of the action's partnership, acting there."""
    return manager(action.partnership.slug)


def action_update(
    on: Action | None = None, *, by: Acting | None = None, **overrides: Any
) -> ActionUpdate:
    on = on or action()
    values: dict[str, Any] = {"status": Action.Status.ON_TRACK, "progress": "Zq: half briefed"}
    values.update(overrides)
    return action_services.action_update(acting=by or _managing(on), action=on, **values)


def evidence(
    on: Action | None = None,
    *,
    by: Acting | None = None,
    name: str = "briefing-register.pdf",
    data: bytes = PDF,
) -> Evidence:
    on = on or action()
    return action_services.evidence_upload(
        acting=by or _managing(on), action=on, name=name, chunks=[data]
    )


# --- learning ---------------------------------------------------------------------------


def briefing(slug: str = "northbridge", *, published: bool = False, **overrides: Any) -> Briefing:
    values: dict[str, Any] = {
        "title": f"Zq briefing {n()}",
        "background": "Zq background",
        "what_happened": "Zq what happened",
        "what_we_learned": "Zq what we learned",
        "what_to_do_differently": "Zq what to do differently",
        "questions_for_reflection": "Zq: what would you have done?",
    }
    values.update(overrides)
    made = learning_services.briefing_save(acting=manager(slug), **values)
    if published:
        learning_services.briefing_publish(acting=manager(slug), briefing=made)
    return made


def newsletter(
    slug: str = "northbridge", *, published: bool = False, **overrides: Any
) -> Newsletter:
    values: dict[str, Any] = {
        "title": f"Zq newsletter {n()}",
        "issue_date": datetime.date(2031, 5, 1),
        "body": "Zq: this month's learning",
    }
    values.update(overrides)
    made = learning_services.newsletter_save(acting=manager(slug), **values)
    if published:
        learning_services.newsletter_publish(acting=manager(slug), newsletter=made)
    return made


def library_item(slug: str = "northbridge", **overrides: Any) -> LibraryItem:
    values: dict[str, Any] = {
        "kind": LibraryItem.Kind.NATIONAL_REVIEW,
        "title": f"Zq national review {n()}",
        "published_on": datetime.date(2031, 1, 15),
        "summary": "Zq: national learning on safeguarding infants",
        "link": "https://example.invalid/national.pdf",
    }
    values.update(overrides)
    return learning_services.library_item_save(acting=manager(slug), **values)


def reminder(slug: str = "northbridge", **overrides: Any) -> Reminder:
    """A reminder row as `reviews_remind` leaves it (for tests of what was sent)."""
    values: dict[str, Any] = {
        "partnership": partnership(slug),
        "key": f"zq:{n()}:before",
        "subject": "Due soon: Zq",
        "recipients": "someone@example.invalid",
    }
    values.update(overrides)
    return Reminder.objects.create(**values)
