"""Reviews (LCSPR, SAR, DHR, alternative, table-top): noting, commissioning, running
(delays, milestones), the draft, sign-off, publication, copies and documents. Status
moves are checked against `masa.reviews.rules`."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from masa.core import audit, files
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.reviews import policies, rules
from masa.reviews.models import (
    CopySent,
    Incident,
    Milestone,
    Review,
    ReviewDelay,
    ReviewDocument,
    Reviewer,
    SarReferral,
    Subject,
    Theme,
    document_path,
)
from masa.reviews.services.common import (
    ReviewStatus,
    _fresh,
    _happened,
    _manage,
    _not_before,
    _reference,
    _require,
    _require_text,
    _secure_link,
    _theme_names,
    _themes,
    _today,
)
from masa.reviews.services.subjects import SubjectDetails
from masa.reviews.timescales import due_date


def _move_review(review: Review, new: ReviewStatus, *, resuming: bool = False) -> str:
    """Check the move is in the table; return the old status. A paused review moves
    only when its delay ends (`resuming`)."""
    old = review.status
    if old == ReviewStatus.PAUSED and not resuming:
        raise ServiceError("The review is paused: end the delay first", field="status")
    if not rules.review_can_move(old, new):
        raise ServiceError(
            f"A review that is {review.get_status_display().lower()} cannot move to "
            f"{Review.Status(new.value).label.lower()}",
            field="status",
        )
    return old


@dataclass
class Move:
    """A status move under way: the status it leaves, and what else it changes (for the
    audit event, in the change shape)."""

    old: str
    changes: dict[str, Any] = dataclasses.field(default_factory=dict)

    def note(self, name: str, old: object, new: object) -> None:
        self.changes[name] = {"old": old, "new": new}


@contextmanager
def transition(
    acting: Acting, review: Review, new: ReviewStatus, verb: str, *, resuming: bool = False
) -> Iterator[Move]:
    """Every status move of a review, one way: lock and re-read the review, check the
    move against `rules.REVIEW_TRANSITIONS`, let the caller check its inputs and set its
    fields (a refusal raised there changes nothing), then save the review in its new
    status and record `verb` with the status and whatever the caller noted."""
    _fresh(review)
    move = Move(_move_review(review, new, resuming=resuming))
    yield move
    review.status = new.value
    review.updated_at = timezone.now()
    review.save()
    audit.record(
        acting, verb, review, {"status": {"old": move.old, "new": review.status}, **move.changes}
    )


DHR_OWNER = "Community safety partnership"


@transaction.atomic
def review_create(
    *,
    acting: Acting,
    kind: str,
    title: str,
    subject: Subject | None = None,
    incident: Incident | None = None,
    sar_referral: SarReferral | None = None,
    owner: str = "",
    notified_on: datetime.date | None = None,
    summary: str = "",
    themes: Iterable[Theme] = (),
) -> Review:
    """Note a review that did not come from a rapid review or SAR decision: a DHR (owned
    by the community safety partnership; its decision is due `dhr_decision` after the
    notification), an alternative or table-top review. Status: commissioned."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if kind not in Review.Kind.values:
        raise ServiceError("Choose the kind of review", field="kind")
    for record, field in (
        (subject, "subject"),
        (incident, "incident"),
        (sar_referral, "sar_referral"),
    ):
        if record is not None and record.partnership_id != partnership.pk:
            raise ServiceError("Choose a record from this partnership", field=field)
    if kind == Review.Kind.DHR:
        owner = owner.strip() or DHR_OWNER
        if notified_on is None:
            raise ServiceError(
                "Enter when the community safety partnership was notified", field="notified_on"
            )
    _happened(notified_on, "notified_on", "The date the community safety partnership was notified")
    chosen = _themes(partnership, themes)
    year = (notified_on or _today()).year
    review = Review.objects.create(
        partnership=partnership,
        kind=kind,
        reference=_reference(partnership, Review.SERIES[kind], year),
        title=_require_text(title, "title", "Enter a title"),
        summary=summary.strip(),
        subject=subject,
        incident=incident,
        sar_referral=sar_referral,
        owner=owner.strip(),
        notified_on=notified_on,
        created_by=acting.person,
    )
    review.themes.set(chosen)
    audit.record(
        acting,
        "review.create",
        review,
        {"kind": {"old": None, "new": kind}, "reference": {"old": None, "new": review.reference}},
    )
    return review


def dhr_decision_due(review: Review) -> datetime.date | None:
    """When the community safety partnership should decide on a DHR (`dhr_decision`)."""
    if review.kind != Review.Kind.DHR or review.notified_on is None:
        return None
    return due_date(review.partnership, "dhr_decision", review.notified_on)


REVIEW_DETAIL_FIELDS = ("title", "summary", "terms_of_reference", "family_involvement", "owner")


@transaction.atomic
def review_update(
    *,
    acting: Acting,
    review: Review,
    title: str | None = None,
    summary: str | None = None,
    terms_of_reference: str | None = None,
    family_involvement: str | None = None,
    owner: str | None = None,
    themes: Iterable[Theme] | None = None,
) -> Review:
    """Change a review's title, summary, terms of reference, family involvement, owner or
    themes. Only the values given change."""
    _manage(acting, review.partnership)
    _fresh(review)
    before: dict[str, Any] = {
        **audit.snapshot(review, REVIEW_DETAIL_FIELDS),
        "themes": _theme_names(review.themes.all()),
    }
    given = {
        "title": title,
        "summary": summary,
        "terms_of_reference": terms_of_reference,
        "family_involvement": family_involvement,
        "owner": owner,
    }
    for field, value in given.items():
        if value is not None:
            setattr(review, field, value.strip())
    if not review.title:
        raise ServiceError("Enter a title", field="title")
    review.updated_at = timezone.now()
    review.save()
    if themes is not None:
        review.themes.set(_themes(review.partnership, themes))
    after = {
        **audit.snapshot(review, REVIEW_DETAIL_FIELDS),
        "themes": _theme_names(review.themes.all()),
    }
    audit.record(acting, "review.update", review, audit.changes_between(before, after))
    return review


@transaction.atomic
def review_commission(
    *,
    acting: Acting,
    review: Review,
    reviewer: Reviewer,
    conflict_check: str,
    conflict_confirmed: bool,
    checked_on: datetime.date | None = None,
    terms_of_reference: str = "",
) -> Review:
    """Commission the reviewer: the conflict-of-interest check must be written down and
    confirmed (no conflict with the agencies or people involved)."""
    _manage(acting, review.partnership)
    _fresh(review)
    if review.status != Review.Status.COMMISSIONED:
        raise ServiceError("The reviewer is chosen before the review starts")
    if reviewer.partnership_id != review.partnership_id or not reviewer.is_active:
        raise ServiceError("Choose an active reviewer from the pool", field="reviewer")
    check = _require_text(conflict_check, "conflict_check", "Record the conflict of interest check")
    if not conflict_confirmed:
        raise ServiceError(
            "Confirm the reviewer has no conflict of interest with the agencies or people involved",
            field="conflict_confirmed",
        )
    old_reviewer = str(review.reviewer) if review.reviewer else None
    review.reviewer = reviewer
    review.conflict_check = check
    review.conflict_checked_on = checked_on or _today()
    _happened(review.conflict_checked_on, "checked_on", "The date of the check")
    if terms_of_reference.strip():
        review.terms_of_reference = terms_of_reference.strip()
    review.updated_at = timezone.now()
    review.save()
    audit.record(
        acting,
        "review.commission",
        review,
        {
            "reviewer": {"old": old_reviewer, "new": reviewer.full_name},
            "conflict_checked_on": {"old": None, "new": str(review.conflict_checked_on)},
        },
    )
    return review


def _recompute_target(review: Review) -> None:
    """target = planned target + calendar days paused by delays that have ended."""
    if review.planned_target_on is None:
        review.target_on = None
        return
    paused = sum((delay.paused_days or 0) for delay in review.delays.filter(ended_on__isnull=False))
    review.target_on = review.planned_target_on + datetime.timedelta(days=paused)


@transaction.atomic
def review_start(
    *,
    acting: Acting,
    review: Review,
    started_on: datetime.date,
    target_on: datetime.date | None = None,
) -> Review:
    """Start the review. An LCSPR's target is `lcspr_completion` (6 months) after the
    start; other kinds take the target given (no national figure: REFERENCE.md §6)."""
    _manage(acting, review.partnership)
    with transition(acting, review, ReviewStatus.IN_PROGRESS, "review.start") as move:
        if review.kind in (Review.Kind.LCSPR, Review.Kind.SAR) and review.reviewer is None:
            raise ServiceError("Commission a reviewer before the review starts", field="reviewer")
        _happened(started_on, "started_on", "The start date")
        if review.kind == Review.Kind.LCSPR:
            if target_on is not None:
                raise ServiceError(
                    "An LCSPR's target comes from the local timescale", field="target_on"
                )
            planned: datetime.date | None = due_date(
                review.partnership, "lcspr_completion", started_on
            )
        else:
            planned = target_on
            if planned is not None:
                _not_before(planned, started_on, "target_on", "the start")
        review.started_on = started_on
        review.planned_target_on = planned
        _recompute_target(review)
        move.note("started_on", None, str(started_on))
        move.note("target_on", None, str(review.target_on) if review.target_on else None)
    return review


@transaction.atomic
def review_delay_start(
    *,
    acting: Acting,
    review: Review,
    reason: str,
    started_on: datetime.date,
    detail: str = "",
) -> ReviewDelay:
    """Pause the review (criminal proceedings, an inquest...): its clock stops until the
    delay ends, and the target moves by the days it lasted."""
    _manage(acting, review.partnership)
    _fresh(review)
    if reason not in ReviewDelay.Reason.values:
        raise ServiceError("Choose the reason for the delay", field="reason")
    if reason == ReviewDelay.Reason.OTHER and not detail.strip():
        raise ServiceError("Say what is delaying the review", field="detail")
    if review.status not in rules.REVIEW_PAUSABLE:
        raise ServiceError(
            "Only a review that has started and is not yet published can be paused",
            field="status",
        )
    with transition(acting, review, ReviewStatus.PAUSED, "review.delay_start") as move:
        _happened(started_on, "started_on", "The date the delay started")
        _not_before(started_on, review.started_on, "started_on", "the review started")
        delays = review.delays.filter(ended_on__isnull=False)
        _not_before(
            started_on,
            delays.aggregate(last=Max("ended_on"))["last"],
            "started_on",
            "the end of the last delay",
        )
        delay = ReviewDelay.objects.create(
            review=review,
            reason=reason,
            detail=detail.strip(),
            started_on=started_on,
            recorded_by=acting.person,
        )
        review.resume_status = move.old
        move.note("delay", None, f"{delay.get_reason_display()} from {started_on}")
    return delay


@transaction.atomic
def review_delay_end(*, acting: Acting, delay: ReviewDelay, ended_on: datetime.date) -> Review:
    """End a delay: the review goes back to where it was and its target moves on by the
    calendar days it was paused."""
    review = delay.review
    _manage(acting, review.partnership)
    _fresh(delay)
    if delay.ended_on is not None:
        raise ServiceError("This delay has already ended")
    _happened(ended_on, "ended_on", "The date the delay ended")
    _not_before(ended_on, delay.started_on, "ended_on", "the delay started")
    resume = ReviewStatus(review.resume_status or ReviewStatus.IN_PROGRESS)
    with transition(acting, review, resume, "review.delay_end", resuming=True) as move:
        delay.ended_on = ended_on
        delay.save(update_fields=["ended_on"])
        old_target = review.target_on
        _recompute_target(review)
        review.resume_status = ""
        move.note(
            "target_on",
            str(old_target) if old_target else None,
            str(review.target_on) if review.target_on else None,
        )
        move.note("paused_days", None, delay.paused_days)
    return review


@transaction.atomic
def review_milestone_add(
    *, acting: Acting, review: Review, name: str, due_on: datetime.date
) -> Milestone:
    """Add a milestone to the review's plan."""
    _manage(acting, review.partnership)
    milestone = Milestone.objects.create(
        review=review, name=_require_text(name, "name", "Name the milestone"), due_on=due_on
    )
    audit.record(
        acting,
        "review.milestone_add",
        milestone,
        {"name": {"old": None, "new": milestone.name}, "due_on": {"old": None, "new": str(due_on)}},
        partnership=review.partnership,
    )
    return milestone


@transaction.atomic
def review_milestone_done(
    *, acting: Acting, milestone: Milestone, done_on: datetime.date
) -> Milestone:
    """Record that a milestone was reached."""
    _manage(acting, milestone.review.partnership)
    _fresh(milestone)
    if milestone.done_on is not None:
        raise ServiceError("This milestone is already done")
    _happened(done_on, "done_on", "The date reached")
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit.record(
        acting,
        "review.milestone_done",
        milestone,
        {"done_on": {"old": None, "new": str(done_on)}},
        partnership=milestone.review.partnership,
    )
    return milestone


@transaction.atomic
def review_draft_receive(*, acting: Acting, review: Review, received_on: datetime.date) -> Review:
    """Record that the reviewer's draft report arrived."""
    _manage(acting, review.partnership)
    with transition(acting, review, ReviewStatus.DRAFT_RECEIVED, "review.draft_receive") as move:
        _happened(received_on, "received_on", "The date the draft arrived")
        _not_before(received_on, review.started_on, "received_on", "the review started")
        review.draft_received_on = received_on
        move.note("draft_received_on", None, str(received_on))
    return review


@transaction.atomic
def review_sign_off(*, acting: Acting, review: Review, signed_off_on: datetime.date) -> Review:
    """The executive signs off the final report (recommendation.sign_off); needs a draft."""
    _require(acting, review.partnership, policies.sign_off, "sign_off")
    with transition(acting, review, ReviewStatus.SIGNED_OFF, "review.sign_off") as move:
        _happened(signed_off_on, "signed_off_on", "The date of sign-off")
        _not_before(signed_off_on, review.draft_received_on, "signed_off_on", "the draft arrived")
        review.signed_off_on = signed_off_on
        review.signed_off_by = acting.person
        move.note("signed_off_on", None, str(signed_off_on))
    return review


@transaction.atomic
def review_publish(
    *, acting: Acting, review: Review, published_on: datetime.date, link: str
) -> Review:
    """Record publication (date and link); the review then appears in the library."""
    _manage(acting, review.partnership)
    with transition(acting, review, ReviewStatus.PUBLISHED, "review.publish") as move:
        _happened(published_on, "published_on", "The date of publication")
        _not_before(published_on, review.signed_off_on, "published_on", "sign-off")
        link = _require_text(link, "link", "Enter the link to the published report")
        _secure_link(link)
        review.published_on = published_on
        review.publication_link = link
        move.note("published_on", None, str(published_on))
    return review


@transaction.atomic
def review_not_publish(*, acting: Acting, review: Review, reason: str) -> Review:
    """Close a signed-off review without publishing it, with the reason."""
    _manage(acting, review.partnership)
    with transition(acting, review, ReviewStatus.CLOSED_NOT_PUBLISHED, "review.not_publish"):
        review.not_published_reason = _require_text(
            reason, "reason", "Give the reason the review is not published"
        )
    return review


@transaction.atomic
def review_copy_send(
    *,
    acting: Acting,
    review: Review,
    recipient: str,
    sent_on: datetime.date,
    recipient_other: str = "",
) -> CopySent:
    """Record a copy of the final report sent (to the Panel, Ofsted, the DfE...)."""
    _manage(acting, review.partnership)
    _fresh(review)
    if recipient not in CopySent.Recipient.values:
        raise ServiceError("Choose who the copy went to", field="recipient")
    if recipient == CopySent.Recipient.OTHER and not recipient_other.strip():
        raise ServiceError("Say who the copy went to", field="recipient_other")
    if review.signed_off_on is None:
        raise ServiceError("Copies of the final report are sent after sign-off")
    _happened(sent_on, "sent_on", "The date sent")
    _not_before(sent_on, review.signed_off_on, "sent_on", "sign-off")
    copy = CopySent.objects.create(
        review=review,
        recipient=recipient,
        recipient_other=recipient_other.strip() if recipient == "other" else "",
        sent_on=sent_on,
        recorded_by=acting.person,
    )
    audit.record(
        acting,
        "review.copy_send",
        copy,
        {"recipient": {"old": None, "new": str(copy)}},
        partnership=review.partnership,
    )
    return copy


@transaction.atomic
def review_document_upload(
    *, acting: Acting, review: Review, kind: str, title: str, name: str, chunks: Iterable[bytes]
) -> ReviewDocument:
    """Keep a document on a review (terms of reference, chronology, agency report, the
    draft or final report), checked as evidence is and stored under a random name."""
    _manage(acting, review.partnership)
    if kind not in ReviewDocument.Kind.values:
        raise ServiceError("Select what the document is", field="kind")
    title = _require_text(title, "title", "Enter a title for the document")
    checked = files.checked_upload(name, chunks)
    document = ReviewDocument(
        partnership=review.partnership,
        review=review,
        kind=kind,
        title=title[:200],
        **files.file_fields(acting.person, name, checked),
    )
    files.keep_file(
        document,
        document_path(document, checked.stored_name),
        checked,
        lambda changes: audit.record(
            acting,
            "review_document.upload",
            document,
            {**changes, "kind": {"old": None, "new": kind}},
            target_label=f"{document.get_kind_display()} for {review.reference}",
        ),
    )
    return document


@transaction.atomic
def review_note(
    *,
    acting: Acting,
    kind: str,
    title: str,
    subject: SubjectDetails | None = None,
    incident: Incident | None = None,
    owner: str = "",
    notified_on: datetime.date | None = None,
    summary: str = "",
    themes: Iterable[Theme] = (),
) -> Review:
    """Note a DHR, alternative or table-top review (`review_create`) about a new subject,
    or about the subject of the incident it follows from."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if subject is not None and incident is not None:
        raise ServiceError(
            "Describe the person the review is about, or choose the incident, not both",
            field="pseudonym",
        )
    about = subject.record(acting) if subject is not None else None
    if about is None and incident is not None:
        about = incident.subject
    return review_create(
        acting=acting,
        kind=kind,
        title=title,
        subject=about,
        incident=incident,
        owner=owner,
        notified_on=notified_on,
        summary=summary,
        themes=themes,
    )
