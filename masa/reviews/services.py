"""Every write in case reviews: one domain action, one function, one transaction, one
audit event. Status moves are checked against the tables in `masa.reviews.rules`;
every due date comes from `masa.reviews.timescales` (the partnership's rules).

Permissions are checked here as well as in the views, so no caller can skip them:
running reviews needs review.manage at partnership scope; updating an action needs
recommendation.update reaching that action; sign-off needs recommendation.sign_off.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from masa.actions import services as action_services
from masa.core import audit, files, notify
from masa.core.acting import Acting
from masa.core.codes import ETHNICITY, SEX
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import (
    Agency,
    Partnership,
    PartnershipAgency,
    Person,
)
from masa.core.timescales import rule_for
from masa.reviews import policies, rules, validators
from masa.reviews.models import (
    AgencySummary,
    Briefing,
    CopySent,
    DateCorrection,
    Finding,
    Incident,
    LibraryItem,
    Milestone,
    Newsletter,
    PreDiscussion,
    Publishable,
    RapidReview,
    Recommendation,
    ReferenceCounter,
    Reminder,
    Review,
    ReviewDelay,
    ReviewDocument,
    Reviewer,
    SarReferral,
    Subject,
    Theme,
    document_path,
)
from masa.reviews.themes import STARTER_THEMES
from masa.reviews.timescales import back, due_date, stale_cutoff
from masa.reviews.validators import HTTP_REFUSED

ReviewStatus = rules.ReviewStatus


def _today() -> datetime.date:
    return timezone.localdate()


# --- checks shared by the services ----------------------------------------------------


def _require(acting: Acting, partnership: Partnership, permission: str) -> None:
    """Refuse the action unless the person acts in `partnership` with `permission` there
    at partnership scope."""
    if not acting.is_in(partnership.pk) or not acting.partnership_wide(permission):
        raise NotAllowed("You do not have permission to do this")


def _manage(acting: Acting, partnership: Partnership) -> None:
    """Running reviews: review.manage at partnership scope (`policies.runs_reviews`)."""
    _require(acting, partnership, "review.manage")


def _require_text(value: str, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise ServiceError(message, field=field)
    return text


def _not_before(day: datetime.date, earliest: datetime.date | None, field: str, what: str) -> None:
    if earliest is not None and day < earliest:
        raise ServiceError(f"The date cannot be before {what}", field=field)


def _happened(day: datetime.date | None, field: str, what: str) -> None:
    """A date on which something happened (became aware, was told, met, decided, sent...)
    cannot be in the future: it would make a clock read "met" before the event."""
    if day is not None and day > validators.today():
        raise ServiceError(f"{what} must be today or in the past", field=field)


def _secure_link(link: str) -> None:
    """Links to published reports and library items are https only, as their hints say."""
    if not link.strip().lower().startswith("https://"):
        raise ServiceError(HTTP_REFUSED, field="link")


def _themes(partnership: Partnership, themes: Iterable[Theme]) -> list[Theme]:
    chosen = list(themes)
    if any(theme.partnership_id != partnership.pk for theme in chosen):
        raise ServiceError("Choose themes from this partnership", field="themes")
    return chosen


def _theme_names(themes: Iterable[Theme]) -> list[str]:
    return sorted(theme.name for theme in themes)


def _agency_in(partnership: Partnership, agency: Agency, field: str = "agency") -> None:
    if not PartnershipAgency.objects.filter(partnership=partnership, agency=agency).exists():
        raise ServiceError(f"{agency} does not take part in {partnership}", field=field)


def _reference(partnership: Partnership, series: str, year: int) -> str:
    # One row per partnership, series and year, locked while it grows, so concurrent
    # records never share a number.
    ReferenceCounter.objects.get_or_create(partnership=partnership, series=series, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(
        partnership=partnership, series=series, year=year
    )
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    prefix = (partnership.code or partnership.slug[:2]).upper()
    return f"{prefix}-{series}-{year}-{counter.last:03d}"


def _fresh(record: Any) -> None:
    """Lock the record's row and re-read it, so a status is checked as it is now, not as
    the caller last saw it (two people acting at once, or a stale object)."""
    list(type(record).objects.select_for_update().filter(pk=record.pk).values_list("pk"))
    record.refresh_from_db()


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


# --- themes, the reviewer pool and subjects --------------------------------------------


@transaction.atomic
def themes_ensure_defaults(*, actor: Person | None, partnership: Partnership) -> int:
    """Give a partnership the starter review themes it lacks; returns how many were added.
    Run for every new partnership (the demo build does); a no-op when all are there."""
    have = set(Theme.objects.filter(partnership=partnership).values_list("name", flat=True))
    missing = [(name, text) for name, text in STARTER_THEMES if name not in have]
    if not missing:
        return 0
    Theme.objects.bulk_create(
        [Theme(partnership=partnership, name=name, description=text) for name, text in missing]
    )
    audit.record(
        actor,
        "review_theme.defaults",
        partnership,
        {"themes": {"old": None, "new": [name for name, _ in missing]}},
        partnership=partnership,
        target_label="Review themes",
    )
    return len(missing)


THEME_FIELDS = ("name", "description", "is_active")


@transaction.atomic
def theme_save(
    *,
    acting: Acting,
    name: str,
    description: str = "",
    is_active: bool = True,
    theme: Theme | None = None,
) -> Theme:
    """Add a theme to the partnership's taxonomy, or change one."""
    partnership = acting.partnership
    _manage(acting, partnership)
    name = _require_text(name, "name", "Enter the theme's name")
    clash = Theme.objects.filter(partnership=partnership, name__iexact=name)
    if theme is not None:
        if theme.partnership_id != partnership.pk:
            raise ServiceError("This theme belongs to another partnership")
        clash = clash.exclude(pk=theme.pk)
    if clash.exists():
        raise ServiceError("There is already a theme with this name", field="name")
    created = theme is None
    theme = theme or Theme(partnership=partnership)
    before = {} if created else audit.snapshot(theme, THEME_FIELDS)
    theme.name, theme.description, theme.is_active = name, description.strip(), is_active
    theme.save()
    audit.record(
        acting,
        "review_theme.create" if created else "review_theme.update",
        theme,
        audit.changes_between(before, audit.snapshot(theme, THEME_FIELDS)),
    )
    return theme


REVIEWER_FIELDS = (
    "full_name",
    "email",
    "organisation",
    "expertise",
    "conflicts",
    "is_active",
)


@transaction.atomic
def reviewer_save(
    *,
    acting: Acting,
    full_name: str,
    email: str = "",
    organisation: str = "",
    expertise: str = "",
    conflicts: str = "",
    themes: Iterable[Theme] = (),
    is_active: bool = True,
    reviewer: Reviewer | None = None,
) -> Reviewer:
    """Add an independent reviewer to the pool, or change one."""
    partnership = acting.partnership
    _manage(acting, partnership)
    chosen = _themes(partnership, themes)
    created = reviewer is None
    if reviewer is not None and reviewer.partnership_id != partnership.pk:
        raise ServiceError("This reviewer belongs to another partnership")
    reviewer = reviewer or Reviewer(partnership=partnership)
    before: dict[str, Any] = {}
    if not created:
        before = {
            **audit.snapshot(reviewer, REVIEWER_FIELDS),
            "themes": _theme_names(reviewer.themes.all()),
        }
    reviewer.full_name = _require_text(full_name, "full_name", "Enter the reviewer's name")
    reviewer.email = email.strip().lower()
    reviewer.organisation = organisation.strip()
    reviewer.expertise = expertise.strip()
    reviewer.conflicts = conflicts.strip()
    reviewer.is_active = is_active
    reviewer.save()
    reviewer.themes.set(chosen)
    after = {**audit.snapshot(reviewer, REVIEWER_FIELDS), "themes": _theme_names(chosen)}
    audit.record(
        acting,
        "reviewer.create" if created else "reviewer.update",
        reviewer,
        audit.changes_between(before, after),
    )
    return reviewer


SUBJECT_FIELDS = (
    "pseudonym",
    "is_child",
    "age_band",
    "sex",
    "ethnicity",
    "disability",
    "other_characteristics",
)
CHILD_BANDS = {"unborn", "under_1", "1_4", "5_9", "10_15", "16_17"}


@transaction.atomic
def subject_save(
    *,
    acting: Acting,
    pseudonym: str,
    is_child: bool,
    age_band: str,
    sex: str,
    ethnicity: str,
    disability: str = Subject.Disability.UNKNOWN,
    other_characteristics: str = "",
    subject: Subject | None = None,
) -> Subject:
    """Record (or correct) the subject of a review: a pseudonym and equality data only."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if age_band not in Subject.AgeBand.values:
        raise ServiceError("Choose an age band", field="age_band")
    if is_child != (age_band in CHILD_BANDS):
        raise ServiceError(
            "The age band must be a child's (under 18) for a child, an adult's otherwise",
            field="age_band",
        )
    if sex not in SEX:
        raise ServiceError("Choose the sex", field="sex")
    if ethnicity not in ETHNICITY:
        raise ServiceError("Choose the ethnicity", field="ethnicity")
    if disability not in Subject.Disability.values:
        raise ServiceError("Choose whether the person is disabled", field="disability")
    created = subject is None
    if subject is not None and subject.partnership_id != partnership.pk:
        raise ServiceError("This subject belongs to another partnership")
    subject = subject or Subject(partnership=partnership)
    before = {} if created else audit.snapshot(subject, SUBJECT_FIELDS)
    subject.pseudonym = _require_text(pseudonym, "pseudonym", 'Enter a pseudonym, like "Child T"')
    subject.is_child = is_child
    subject.age_band, subject.sex, subject.ethnicity = age_band, sex, ethnicity
    subject.disability = disability
    subject.other_characteristics = other_characteristics.strip()
    subject.save()
    audit.record(
        acting,
        "review_subject.create" if created else "review_subject.update",
        subject,
        audit.changes_between(before, audit.snapshot(subject, SUBJECT_FIELDS)),
    )
    return subject


# --- serious incidents and pre-discussions ----------------------------------------------

NOTIFICATION_FIELDS = (
    "notified_panel_on",
    "notified_ofsted_on",
    "notified_sos_on",
    "partners_told_on",
)


NOTIFICATION_NOUNS = {
    "notified_panel_on": "The date the Panel was notified",
    "notified_ofsted_on": "The date Ofsted was told",
    "notified_sos_on": "The date the Secretary of State was told",
    "partners_told_on": "The date the partners were told",
}


def _check_notification_dates(
    incident: Incident, dates: Mapping[str, datetime.date | None]
) -> None:
    _happened(incident.aware_on, "aware_on", "The date the local authority became aware")
    for field, day in dates.items():
        _happened(day, field, NOTIFICATION_NOUNS[field])
        if day is not None:
            _not_before(day, incident.aware_on, field, "the date the council became aware")
    if not incident.looked_after and (
        dates.get("notified_ofsted_on") or dates.get("notified_sos_on")
    ):
        raise ServiceError(
            "Ofsted and the Secretary of State are told only when the child was looked after",
            field="notified_ofsted_on" if dates.get("notified_ofsted_on") else "notified_sos_on",
        )


@transaction.atomic
def incident_notify(
    *,
    acting: Acting,
    subject: Subject,
    summary: str,
    aware_on: datetime.date,
    looked_after: bool = False,
    themes: Iterable[Theme] = (),
    notified_panel_on: datetime.date | None = None,
    notified_ofsted_on: datetime.date | None = None,
    notified_sos_on: datetime.date | None = None,
    partners_told_on: datetime.date | None = None,
) -> Incident:
    """Record a serious child safeguarding incident. The Panel notification is due
    `incident_notification` (5 working days) after the council became aware."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if subject.partnership_id != partnership.pk:
        raise ServiceError("Choose a subject from this partnership", field="subject")
    if not subject.is_child:
        raise ServiceError(
            "A serious child safeguarding incident is about a child: for an adult, record "
            "a SAR referral",
            field="subject",
        )
    chosen = _themes(partnership, themes)
    incident = Incident(
        partnership=partnership,
        subject=subject,
        summary=_require_text(summary, "summary", "Say what happened"),
        aware_on=aware_on,
        looked_after=looked_after,
        notification_due_on=due_date(partnership, "incident_notification", aware_on),
        created_by=acting.person,
    )
    dates = {
        "notified_panel_on": notified_panel_on,
        "notified_ofsted_on": notified_ofsted_on,
        "notified_sos_on": notified_sos_on,
        "partners_told_on": partners_told_on,
    }
    _check_notification_dates(incident, dates)
    for field, day in dates.items():
        setattr(incident, field, day)
    incident.reference = _reference(partnership, "SI", aware_on.year)
    incident.save()
    incident.themes.set(chosen)
    audit.record(
        acting,
        "incident.notify",
        incident,
        {
            "subject": {"old": None, "new": subject.pseudonym},
            "aware_on": {"old": None, "new": aware_on.isoformat()},
            "notification_due_on": {"old": None, "new": incident.notification_due_on.isoformat()},
            **audit.changes_between({}, audit.snapshot(incident, NOTIFICATION_FIELDS)),
        },
    )
    return incident


@transaction.atomic
def incident_update_notifications(
    *,
    acting: Acting,
    incident: Incident,
    notified_panel_on: datetime.date | None = None,
    notified_ofsted_on: datetime.date | None = None,
    notified_sos_on: datetime.date | None = None,
    partners_told_on: datetime.date | None = None,
) -> Incident:
    """Record when the Panel, Ofsted, the Secretary of State and the partners were told.
    A date given replaces the one held; a date left out is kept."""
    _manage(acting, incident.partnership)
    _fresh(incident)
    given = {
        "notified_panel_on": notified_panel_on,
        "notified_ofsted_on": notified_ofsted_on,
        "notified_sos_on": notified_sos_on,
        "partners_told_on": partners_told_on,
    }
    merged = {field: given[field] or getattr(incident, field) for field in NOTIFICATION_FIELDS}
    _check_notification_dates(incident, merged)
    if (
        hasattr(incident, "rapid_review")
        and merged["notified_panel_on"] != incident.notified_panel_on
    ):
        raise ServiceError(
            "The rapid review's clock started from the Panel notification: it cannot change "
            "now. Correct it with the reason instead (Correct a recorded date)",
            field="notified_panel_on",
        )
    before = audit.snapshot(incident, NOTIFICATION_FIELDS)
    for field, day in merged.items():
        setattr(incident, field, day)
    incident.updated_at = timezone.now()
    incident.save(update_fields=[*NOTIFICATION_FIELDS, "updated_at"])
    changes = audit.changes_between(before, audit.snapshot(incident, NOTIFICATION_FIELDS))
    if not changes:
        raise ServiceError("Enter at least one new date")
    audit.record(acting, "incident.notifications", incident, changes)
    return incident


# --- correcting a recorded date (incidents, rapid reviews and reviews) ----------------

# The order recorded dates keep: (later, earlier). A correction that breaks it is refused.
# Keys that are not correction fields ("review.first_delay"...) are dates of other
# records that bound a correction without being corrected here.
DATE_ORDER = (
    ("notified_panel_on", "aware_on"),
    ("partners_told_on", "aware_on"),
    ("notified_ofsted_on", "aware_on"),
    ("notified_sos_on", "aware_on"),
    ("rapid.meeting_on", "notified_panel_on"),
    ("rapid.decided_on", "rapid.meeting_on"),
    ("rapid.sent_to_panel_on", "rapid.decided_on"),
    ("rapid.panel_response_on", "rapid.sent_to_panel_on"),
    ("review.started_on", "review.notified_on"),
    ("review.started_on", "review.conflict_checked_on"),
    ("review.draft_received_on", "review.started_on"),
    ("review.signed_off_on", "review.draft_received_on"),
    ("review.published_on", "review.signed_off_on"),
    ("review.first_delay", "review.started_on"),
    ("review.first_copy", "review.signed_off_on"),
)
BOUNDS = {
    "review.first_delay": "the start of the first delay",
    "review.first_copy": "the first copy sent",
}
REVIEW_DATE_FIELDS = tuple(
    name for name in DateCorrection.Field.values if name.startswith("review.")
)
INCIDENT_DATE_FIELDS = tuple(
    name for name in DateCorrection.Field.values if name not in REVIEW_DATE_FIELDS
)


def recorded_dates(record: Incident | Review) -> dict[str, datetime.date | None]:
    """Every correctable date of an incident and its rapid review, or of a review, by
    correction field."""
    if isinstance(record, Review):
        return {name: getattr(record, name.removeprefix("review.")) for name in REVIEW_DATE_FIELDS}
    rapid = RapidReview.objects.filter(incident=record).first()
    found: dict[str, datetime.date | None] = {}
    for field in INCIDENT_DATE_FIELDS:
        if field.startswith("rapid."):
            found[field] = getattr(rapid, field.removeprefix("rapid."), None) if rapid else None
        else:
            found[field] = getattr(record, field)
    return found


def _bounds(record: Incident | Review) -> dict[str, datetime.date | None]:
    """Dates of other records a correction must keep its place against."""
    if not isinstance(record, Review):
        return {}
    return {
        "review.first_delay": min((d.started_on for d in record.delays.all()), default=None),
        "review.first_copy": min((c.sent_on for c in record.copies.all()), default=None),
    }


def _named(field: str) -> str:
    if field in BOUNDS:
        return BOUNDS[field]
    label = DateCorrection.Field(field).label.lower().replace("panel", "Panel")
    return f"the {label} date"


def _check_order(field: str, dates: Mapping[str, datetime.date | None]) -> None:
    for later, earlier in DATE_ORDER:
        first, second = dates.get(earlier), dates.get(later)
        if first is None or second is None or second >= first:
            continue
        if field == later:
            raise ServiceError(f"The date cannot be before {_named(earlier)}", field="new_on")
        if field == earlier:
            raise ServiceError(f"The date cannot be after {_named(later)}", field="new_on")


def _move_incident_date(
    incident: Incident, field: str, new_on: datetime.date, changes: dict[str, Any]
) -> None:
    """Write a corrected incident or rapid review date; the notification's and the rapid
    review's due dates follow the dates they run from."""
    partnership = incident.partnership
    rapid = RapidReview.objects.select_for_update().filter(incident=incident).first()
    if field.startswith("rapid."):
        assert rapid is not None
        setattr(rapid, field.removeprefix("rapid."), new_on)
        rapid.save()
        return
    setattr(incident, field, new_on)
    if field == "aware_on":
        due = due_date(partnership, "incident_notification", new_on)
        changes["notification_due_on"] = {"old": str(incident.notification_due_on), "new": str(due)}
        incident.notification_due_on = due
    incident.updated_at = timezone.now()
    incident.save()
    if field == "notified_panel_on" and rapid is not None:
        due = due_date(partnership, "rapid_review", new_on)
        changes["rapid_review_due_on"] = {"old": str(rapid.due_on), "new": str(due)}
        rapid.due_on = due
        rapid.save(update_fields=["due_on"])


def _move_review_date(
    review: Review, field: str, new_on: datetime.date, changes: dict[str, Any]
) -> None:
    """Write a corrected review date. An LCSPR's target runs from its start, so it
    follows a corrected start (keeping the days paused); a DHR's decision due date is
    worked out from the notification when read, so it follows by itself."""
    setattr(review, field.removeprefix("review."), new_on)
    if field == "review.started_on" and review.kind == Review.Kind.LCSPR:
        old_target = review.target_on
        review.planned_target_on = due_date(review.partnership, "lcspr_completion", new_on)
        _recompute_target(review)
        changes["target_on"] = {
            "old": str(old_target) if old_target else None,
            "new": str(review.target_on),
        }
    review.updated_at = timezone.now()
    review.save()


def _date_correct(
    *,
    acting: Acting,
    record: Incident | Review,
    field: str,
    new_on: datetime.date,
    reason: str,
) -> DateCorrection:
    """Correct a date recorded on `record`, with the reason: the checks every correction
    passes, the new version kept and the audit event (`incident.date_correct` or
    `review.date_correct`)."""
    _manage(acting, record.partnership)
    _fresh(record)
    dates = recorded_dates(record)
    if field not in dates:
        raise ServiceError("Select the date to correct", field="field")
    reason = _require_text(reason, "reason", "Give the reason for the correction")
    old_on = dates[field]
    if old_on is None:
        raise ServiceError("This date has not been recorded yet: record it first", field="field")
    if new_on == old_on:
        raise ServiceError("Enter a date different from the one recorded", field="new_on")
    _happened(new_on, "new_on", "The corrected date")
    _check_order(field, {**dates, **_bounds(record), field: new_on})
    changes: dict[str, Any] = {
        field: {"old": str(old_on), "new": str(new_on)},
        "reason": {"old": None, "new": reason},
    }
    if isinstance(record, Review):
        _move_review_date(record, field, new_on, changes)
        owner: dict[str, Any] = {"review": record}
    else:
        _move_incident_date(record, field, new_on, changes)
        owner = {"incident": record}
    earlier_versions = DateCorrection.objects.filter(**owner, field=field).count()
    correction = DateCorrection.objects.create(
        partnership=record.partnership,
        **owner,
        field=field,
        version=earlier_versions + 2,
        old_on=old_on,
        new_on=new_on,
        reason=reason,
        corrected_by=acting.person,
    )
    verb = "review" if isinstance(record, Review) else "incident"
    audit.record(acting, f"{verb}.date_correct", record, changes)
    return correction


@transaction.atomic
def incident_date_correct(
    *, acting: Acting, incident: Incident, field: str, new_on: datetime.date, reason: str
) -> DateCorrection:
    """Correct a date recorded on a serious incident or its rapid review, with the
    reason. The correction is kept as a new version of the date (the old value stays
    in the history) and the clocks that run from it (the notification's and the rapid
    review's due dates) move with it."""
    return _date_correct(acting=acting, record=incident, field=field, new_on=new_on, reason=reason)


@transaction.atomic
def review_date_correct(
    *, acting: Acting, review: Review, field: str, new_on: datetime.date, reason: str
) -> DateCorrection:
    """Correct a date recorded on a review (notified, conflict check, start, draft,
    sign-off, publication), with the reason, as a new version kept in the history; the
    target that runs from the start moves with it."""
    return _date_correct(acting=acting, record=review, field=field, new_on=new_on, reason=reason)


@transaction.atomic
def pre_discussion_record(
    *,
    acting: Acting,
    referral_summary: str,
    held_on: datetime.date,
    outcome: str,
    rationale: str,
    attendees: str = "",
    incident: Incident | None = None,
) -> PreDiscussion:
    """Record a pre-discussion panel on a referral that may not meet the criteria."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if outcome not in PreDiscussion.Outcome.values:
        raise ServiceError("Choose the outcome", field="outcome")
    if incident is not None and incident.partnership_id != partnership.pk:
        raise ServiceError("Choose an incident from this partnership", field="incident")
    _happened(held_on, "held_on", "The date of the panel")
    record = PreDiscussion.objects.create(
        partnership=partnership,
        incident=incident,
        referral_summary=_require_text(
            referral_summary, "referral_summary", "Summarise the referral"
        ),
        held_on=held_on,
        attendees=attendees.strip(),
        outcome=outcome,
        rationale=_require_text(rationale, "rationale", "Give the reasons for the outcome"),
        recorded_by=acting.person,
    )
    audit.record(
        acting,
        "pre_discussion.record",
        record,
        {"outcome": {"old": None, "new": outcome}, "held_on": {"old": None, "new": str(held_on)}},
    )
    return record


# --- rapid reviews -------------------------------------------------------------------


@transaction.atomic
def rapid_review_open(*, acting: Acting, incident: Incident) -> RapidReview:
    """Open the rapid review of a notified incident: due `rapid_review` (15 working days)
    after the Panel was notified. Never without a prior notification."""
    _manage(acting, incident.partnership)
    if incident.notified_panel_on is None:
        raise ServiceError(
            "Record the notification to the Panel before opening a rapid review",
            field="notified_panel_on",
        )
    if RapidReview.objects.filter(incident=incident).exists():
        raise ServiceError("This incident already has a rapid review")
    rapid = RapidReview.objects.create(
        partnership=incident.partnership,
        incident=incident,
        due_on=due_date(incident.partnership, "rapid_review", incident.notified_panel_on),
    )
    audit.record(
        acting, "rapid_review.open", rapid, {"due_on": {"old": None, "new": str(rapid.due_on)}}
    )
    return rapid


@transaction.atomic
def agency_summary_request(
    *,
    acting: Acting,
    rapid_review: RapidReview,
    agency: Agency,
    requested_on: datetime.date | None = None,
) -> AgencySummary:
    """Ask an involved agency for its summary, due `agency_summary` (5 working days) later."""
    partnership = rapid_review.partnership
    _manage(acting, partnership)
    _agency_in(partnership, agency)
    if rapid_review.status not in (RapidReview.Status.OPEN, RapidReview.Status.MEETING_HELD):
        raise ServiceError("Summaries are asked for before the rapid review decides")
    if AgencySummary.objects.filter(rapid_review=rapid_review, agency=agency).exists():
        raise ServiceError(f"{agency} has already been asked for a summary", field="agency")
    requested_on = requested_on or _today()
    _happened(requested_on, "requested_on", "The date of the request")
    summary = AgencySummary.objects.create(
        partnership=partnership,
        rapid_review=rapid_review,
        agency=agency,
        requested_on=requested_on,
        due_on=due_date(partnership, "agency_summary", requested_on),
        requested_by=acting.person,
    )
    audit.record(
        acting,
        "agency_summary.request",
        summary,
        {
            "agency": {"old": None, "new": agency.name},
            "due_on": {"old": None, "new": str(summary.due_on)},
        },
    )
    return summary


@transaction.atomic
def agency_summary_submit(
    *,
    acting: Acting,
    summary: AgencySummary,
    involvement: str,
    analysis: str,
    immediate_learning: str = "",
    submitted_on: datetime.date | None = None,
) -> AgencySummary:
    """Submit an agency's summary (see `policies.AgencySummaryAccess` for who may)."""
    if not policies.agency_summaries.can(acting, "submit", summary):
        raise ServiceError("You do not have permission to do this")
    _fresh(summary)
    if summary.status == AgencySummary.Status.SUBMITTED:
        raise ServiceError("This summary has already been submitted")
    summary.involvement = _require_text(
        involvement, "involvement", "Describe your agency's involvement"
    )
    summary.analysis = _require_text(analysis, "analysis", "Give your analysis of the practice")
    summary.immediate_learning = immediate_learning.strip()
    summary.submitted_on = submitted_on or _today()
    _happened(summary.submitted_on, "submitted_on", "The date submitted")
    _not_before(summary.submitted_on, summary.requested_on, "submitted_on", "the request")
    summary.author = acting.person
    summary.status = AgencySummary.Status.SUBMITTED
    summary.save()
    audit.record(
        acting,
        "agency_summary.submit",
        summary,
        {
            "status": {"old": "requested", "new": "submitted"},
            "in_time": {"old": None, "new": summary.submitted_on <= summary.due_on},
        },
    )
    return summary


@transaction.atomic
def rapid_review_meeting(
    *, acting: Acting, rapid_review: RapidReview, meeting_on: datetime.date
) -> RapidReview:
    """Record that the rapid review meeting was held."""
    _manage(acting, rapid_review.partnership)
    _fresh(rapid_review)
    if rapid_review.status != RapidReview.Status.OPEN:
        raise ServiceError("The meeting has already been recorded")
    _happened(meeting_on, "meeting_on", "The date of the meeting")
    _not_before(
        meeting_on, rapid_review.incident.notified_panel_on, "meeting_on", "the notification"
    )
    rapid_review.meeting_on = meeting_on
    rapid_review.status = RapidReview.Status.MEETING_HELD
    rapid_review.save(update_fields=["meeting_on", "status"])
    audit.record(
        acting,
        "rapid_review.meeting",
        rapid_review,
        {
            "meeting_on": {"old": None, "new": str(meeting_on)},
            "in_time": {"old": None, "new": meeting_on <= rapid_review.due_on},
        },
    )
    return rapid_review


@transaction.atomic
def rapid_review_decide(
    *,
    acting: Acting,
    rapid_review: RapidReview,
    decision: str,
    rationale: str,
    learning: str = "",
    decided_on: datetime.date | None = None,
    review_title: str = "",
) -> RapidReview:
    """Record the rapid review's decision. An LCSPR decision commissions the LCSPR
    (a `Review` of kind lcspr, status commissioned, linked to the incident)."""
    partnership = rapid_review.partnership
    _manage(acting, partnership)
    _fresh(rapid_review)
    if rapid_review.status != RapidReview.Status.MEETING_HELD:
        raise ServiceError("Record the rapid review meeting before the decision")
    if decision not in RapidReview.Decision.values:
        raise ServiceError("Choose the decision", field="decision")
    rationale = _require_text(rationale, "rationale", "Give the reasons for the decision")
    if decision == RapidReview.Decision.NO_LCSPR and not learning.strip():
        raise ServiceError(
            "Without an LCSPR, record the learning the rapid review captured", field="learning"
        )
    decided_on = decided_on or _today()
    _happened(decided_on, "decided_on", "The date of the decision")
    assert rapid_review.meeting_on is not None
    _not_before(decided_on, rapid_review.meeting_on, "decided_on", "the meeting")
    rapid_review.decision = decision
    rapid_review.rationale = rationale
    rapid_review.learning = learning.strip()
    rapid_review.decided_on = decided_on
    rapid_review.status = RapidReview.Status.DECIDED
    rapid_review.save()
    changes: dict[str, Any] = {
        "decision": {"old": None, "new": decision},
        "status": {"old": "meeting_held", "new": "decided"},
    }
    if decision == RapidReview.Decision.LCSPR:
        incident = rapid_review.incident
        review = Review.objects.create(
            partnership=partnership,
            kind=Review.Kind.LCSPR,
            reference=_reference(partnership, Review.SERIES["lcspr"], decided_on.year),
            title=review_title.strip() or f"LCSPR: {incident.subject.pseudonym}",
            subject=incident.subject,
            incident=incident,
            created_by=acting.person,
        )
        review.themes.set(incident.themes.all())
        changes["review"] = {"old": None, "new": review.reference}
    audit.record(acting, "rapid_review.decide", rapid_review, changes)
    return rapid_review


@transaction.atomic
def rapid_review_send_to_panel(
    *, acting: Acting, rapid_review: RapidReview, sent_on: datetime.date
) -> RapidReview:
    """Record that the decision and rapid review report went to the Panel."""
    _manage(acting, rapid_review.partnership)
    _fresh(rapid_review)
    if rapid_review.status != RapidReview.Status.DECIDED:
        raise ServiceError("Only a decided rapid review is sent to the Panel")
    _happened(sent_on, "sent_on", "The date sent to the Panel")
    _not_before(sent_on, rapid_review.decided_on, "sent_on", "the decision")
    rapid_review.sent_to_panel_on = sent_on
    rapid_review.status = RapidReview.Status.SENT_TO_PANEL
    rapid_review.save(update_fields=["sent_to_panel_on", "status"])
    audit.record(
        acting,
        "rapid_review.send_to_panel",
        rapid_review,
        {
            "sent_to_panel_on": {"old": None, "new": str(sent_on)},
            "in_time": {"old": None, "new": sent_on <= rapid_review.due_on},
        },
    )
    return rapid_review


@transaction.atomic
def rapid_review_panel_response(
    *, acting: Acting, rapid_review: RapidReview, response: str, received_on: datetime.date
) -> RapidReview:
    """Record the Panel's response to the rapid review."""
    _manage(acting, rapid_review.partnership)
    _fresh(rapid_review)
    if rapid_review.status != RapidReview.Status.SENT_TO_PANEL:
        raise ServiceError("The Panel responds after the rapid review has been sent to it")
    _happened(received_on, "received_on", "The date of the Panel's response")
    _not_before(received_on, rapid_review.sent_to_panel_on, "received_on", "it was sent")
    rapid_review.panel_response = _require_text(response, "response", "Enter what the Panel said")
    rapid_review.panel_response_on = received_on
    rapid_review.status = RapidReview.Status.PANEL_RESPONDED
    rapid_review.save(update_fields=["panel_response", "panel_response_on", "status"])
    audit.record(
        acting,
        "rapid_review.panel_response",
        rapid_review,
        {"panel_response_on": {"old": None, "new": str(received_on)}},
    )
    return rapid_review


# --- reviews -------------------------------------------------------------------------

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
    _fresh(review)
    old = _move_review(review, ReviewStatus.IN_PROGRESS)
    if review.kind in (Review.Kind.LCSPR, Review.Kind.SAR) and review.reviewer is None:
        raise ServiceError("Commission a reviewer before the review starts", field="reviewer")
    _happened(started_on, "started_on", "The start date")
    if review.kind == Review.Kind.LCSPR:
        if target_on is not None:
            raise ServiceError(
                "An LCSPR's target comes from the local timescale", field="target_on"
            )
        planned: datetime.date | None = due_date(review.partnership, "lcspr_completion", started_on)
    else:
        planned = target_on
        if planned is not None:
            _not_before(planned, started_on, "target_on", "the start")
    review.started_on = started_on
    review.planned_target_on = planned
    _recompute_target(review)
    review.status = Review.Status.IN_PROGRESS
    review.updated_at = timezone.now()
    review.save()
    audit.record(
        acting,
        "review.start",
        review,
        {
            "status": {"old": old, "new": review.status},
            "started_on": {"old": None, "new": str(started_on)},
            "target_on": {"old": None, "new": str(review.target_on) if review.target_on else None},
        },
    )
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
    old = _move_review(review, ReviewStatus.PAUSED)
    _happened(started_on, "started_on", "The date the delay started")
    _not_before(started_on, review.started_on, "started_on", "the review started")
    last_end = review.delays.filter(ended_on__isnull=False).aggregate(last=Max("ended_on"))["last"]
    _not_before(started_on, last_end, "started_on", "the end of the last delay")
    delay = ReviewDelay.objects.create(
        review=review,
        reason=reason,
        detail=detail.strip(),
        started_on=started_on,
        recorded_by=acting.person,
    )
    review.resume_status = old
    review.status = Review.Status.PAUSED
    review.updated_at = timezone.now()
    review.save(update_fields=["status", "resume_status", "updated_at"])
    audit.record(
        acting,
        "review.delay_start",
        review,
        {
            "status": {"old": old, "new": "paused"},
            "delay": {"old": None, "new": f"{delay.get_reason_display()} from {started_on}"},
        },
    )
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
    _move_review(review, resume, resuming=True)
    delay.ended_on = ended_on
    delay.save(update_fields=["ended_on"])
    old_target = review.target_on
    _recompute_target(review)
    review.status = resume.value
    review.resume_status = ""
    review.updated_at = timezone.now()
    review.save(update_fields=["status", "resume_status", "target_on", "updated_at"])
    audit.record(
        acting,
        "review.delay_end",
        review,
        {
            "status": {"old": "paused", "new": review.status},
            "target_on": {
                "old": str(old_target) if old_target else None,
                "new": str(review.target_on) if review.target_on else None,
            },
            "paused_days": {"old": None, "new": delay.paused_days},
        },
    )
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
    _fresh(review)
    old = _move_review(review, ReviewStatus.DRAFT_RECEIVED)
    _happened(received_on, "received_on", "The date the draft arrived")
    _not_before(received_on, review.started_on, "received_on", "the review started")
    review.draft_received_on = received_on
    review.status = Review.Status.DRAFT_RECEIVED
    review.updated_at = timezone.now()
    review.save(update_fields=["draft_received_on", "status", "updated_at"])
    audit.record(
        acting,
        "review.draft_receive",
        review,
        {
            "status": {"old": old, "new": review.status},
            "draft_received_on": {"old": None, "new": str(received_on)},
        },
    )
    return review


@transaction.atomic
def review_sign_off(*, acting: Acting, review: Review, signed_off_on: datetime.date) -> Review:
    """The executive signs off the final report (recommendation.sign_off); needs a draft."""
    _require(acting, review.partnership, "recommendation.sign_off")
    _fresh(review)
    old = _move_review(review, ReviewStatus.SIGNED_OFF)
    _happened(signed_off_on, "signed_off_on", "The date of sign-off")
    _not_before(signed_off_on, review.draft_received_on, "signed_off_on", "the draft arrived")
    review.signed_off_on = signed_off_on
    review.signed_off_by = acting.person
    review.status = Review.Status.SIGNED_OFF
    review.updated_at = timezone.now()
    review.save(update_fields=["signed_off_on", "signed_off_by", "status", "updated_at"])
    audit.record(
        acting,
        "review.sign_off",
        review,
        {
            "status": {"old": old, "new": review.status},
            "signed_off_on": {"old": None, "new": str(signed_off_on)},
        },
    )
    return review


@transaction.atomic
def review_publish(
    *, acting: Acting, review: Review, published_on: datetime.date, link: str
) -> Review:
    """Record publication (date and link); the review then appears in the library."""
    _manage(acting, review.partnership)
    _fresh(review)
    old = _move_review(review, ReviewStatus.PUBLISHED)
    _happened(published_on, "published_on", "The date of publication")
    _not_before(published_on, review.signed_off_on, "published_on", "sign-off")
    link = _require_text(link, "link", "Enter the link to the published report")
    _secure_link(link)
    review.published_on = published_on
    review.publication_link = link
    review.status = Review.Status.PUBLISHED
    review.updated_at = timezone.now()
    review.save(update_fields=["published_on", "publication_link", "status", "updated_at"])
    audit.record(
        acting,
        "review.publish",
        review,
        {
            "status": {"old": old, "new": review.status},
            "published_on": {"old": None, "new": str(published_on)},
        },
    )
    return review


@transaction.atomic
def review_not_publish(*, acting: Acting, review: Review, reason: str) -> Review:
    """Close a signed-off review without publishing it, with the reason."""
    _manage(acting, review.partnership)
    _fresh(review)
    old = _move_review(review, ReviewStatus.CLOSED_NOT_PUBLISHED)
    review.not_published_reason = _require_text(
        reason, "reason", "Give the reason the review is not published"
    )
    review.status = Review.Status.CLOSED_NOT_PUBLISHED
    review.updated_at = timezone.now()
    review.save(update_fields=["not_published_reason", "status", "updated_at"])
    audit.record(
        acting,
        "review.not_publish",
        review,
        {"status": {"old": old, "new": review.status}},
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


# --- Safeguarding Adult Review referrals -------------------------------------------------


def _met(criteria: Mapping[str, object]) -> list[str]:
    """The Care Act s44 conditions answered yes, in their wording (for the audit log)."""
    return [wording for key, wording in rules.SAR_CRITERIA.items() if criteria.get(key)]


@transaction.atomic
def sar_referral_record(
    *,
    acting: Acting,
    subject: Subject,
    received_on: datetime.date,
    referrer_agency: Agency,
    summary: str,
    criteria: Mapping[str, object],
) -> SarReferral:
    """Record a SAR referral with the Care Act s44 checklist as the referrer answered it."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if subject.partnership_id != partnership.pk:
        raise ServiceError("Choose a subject from this partnership", field="subject")
    if subject.is_child:
        raise ServiceError("A Safeguarding Adult Review is about an adult", field="subject")
    _agency_in(partnership, referrer_agency, "referrer_agency")
    try:
        clean = rules.clean_criteria(criteria)
    except ValueError as error:
        raise ServiceError(str(error), field="criteria") from error
    _happened(received_on, "received_on", "The date received")
    referral = SarReferral.objects.create(
        partnership=partnership,
        reference=_reference(partnership, "SARR", received_on.year),
        subject=subject,
        received_on=received_on,
        referrer_agency=referrer_agency,
        summary=_require_text(summary, "summary", "Summarise the referral"),
        criteria=clean,
        created_by=acting.person,
    )
    audit.record(
        acting, "sar_referral.record", referral, {"criteria": {"old": None, "new": _met(clean)}}
    )
    return referral


@transaction.atomic
def sar_referral_decide(
    *,
    acting: Acting,
    referral: SarReferral,
    decision: str,
    rationale: str,
    decided_on: datetime.date | None = None,
    criteria: Mapping[str, object] | None = None,
) -> SarReferral:
    """Decide a SAR referral against s44 (`rules.sar_decision_refusal`). A mandatory or
    discretionary SAR commissions a `Review` of kind sar."""
    partnership = referral.partnership
    _manage(acting, partnership)
    _fresh(referral)
    if referral.decision:
        raise ServiceError("This referral has already been decided")
    try:
        answers = rules.clean_criteria(criteria if criteria is not None else referral.criteria)
    except ValueError as error:
        raise ServiceError(str(error), field="criteria") from error
    refusal = rules.sar_decision_refusal(answers, decision)
    if refusal:
        raise ServiceError(refusal, field="decision")
    decided_on = decided_on or _today()
    _happened(decided_on, "decided_on", "The date of the decision")
    _not_before(decided_on, referral.received_on, "decided_on", "the referral arrived")
    before_criteria = referral.criteria
    referral.criteria = answers
    referral.decision = decision
    referral.rationale = _require_text(rationale, "rationale", "Give the reasons for the decision")
    referral.decided_on = decided_on
    referral.decided_by = acting.person
    referral.save()
    changes: dict[str, Any] = {"decision": {"old": None, "new": decision}}
    if _met(before_criteria or {}) != _met(answers):
        changes["criteria"] = {"old": _met(before_criteria or {}), "new": _met(answers)}
    if decision != SarReferral.Decision.NO_SAR:
        review = Review.objects.create(
            partnership=partnership,
            kind=Review.Kind.SAR,
            reference=_reference(partnership, Review.SERIES["sar"], decided_on.year),
            title=f"SAR: {referral.subject.pseudonym}",
            subject=referral.subject,
            sar_referral=referral,
            created_by=acting.person,
        )
        changes["review"] = {"old": None, "new": review.reference}
    audit.record(acting, "sar_referral.decide", referral, changes)
    return referral


# --- findings, recommendations and actions ---------------------------------------------


def _next_number(queryset: Any) -> int:
    return int(queryset.aggregate(top=Max("number"))["top"] or 0) + 1


@transaction.atomic
def finding_add(
    *, acting: Acting, review: Review, text: str, themes: Iterable[Theme] = ()
) -> Finding:
    """Add the review's next numbered finding."""
    _manage(acting, review.partnership)
    chosen = _themes(review.partnership, themes)
    Review.objects.select_for_update().filter(pk=review.pk).first()
    finding = Finding.objects.create(
        review=review,
        number=_next_number(review.findings.all()),
        text=_require_text(text, "text", "Enter the finding"),
    )
    finding.themes.set(chosen)
    audit.record(
        acting,
        "finding.add",
        finding,
        {
            "number": {"old": None, "new": finding.number},
            "themes": {"old": None, "new": _theme_names(chosen)},
        },
        partnership=review.partnership,
        target_label=f"{review.reference} finding {finding.number}",
    )
    return finding


def _check_measure(kind: str, measure: str) -> None:
    if kind and kind not in Recommendation.MeasureKind.values:
        raise ServiceError("Choose how the impact will be measured", field="impact_measure_kind")
    if kind and not measure.strip():
        raise ServiceError(
            "Say which indicator, audit question or survey will show the impact",
            field="impact_measure",
        )


@transaction.atomic
def recommendation_add(
    *,
    acting: Acting,
    review: Review,
    text: str,
    finding: Finding | None = None,
    themes: Iterable[Theme] = (),
    impact_measure_kind: str = "",
    impact_measure: str = "",
) -> Recommendation:
    """Add the review's next numbered recommendation, with how its impact will be known
    (an insight indicator code, an audit question, a survey)."""
    _manage(acting, review.partnership)
    if finding is not None and finding.review_id != review.pk:
        raise ServiceError("Choose a finding of this review", field="finding")
    _check_measure(impact_measure_kind, impact_measure)
    chosen = _themes(review.partnership, themes)
    Review.objects.select_for_update().filter(pk=review.pk).first()
    recommendation = Recommendation.objects.create(
        review=review,
        finding=finding,
        number=_next_number(review.recommendations.all()),
        text=_require_text(text, "text", "Enter the recommendation"),
        impact_measure_kind=impact_measure_kind,
        impact_measure=impact_measure.strip(),
    )
    recommendation.themes.set(chosen)
    audit.record(
        acting,
        "recommendation.add",
        recommendation,
        {
            "number": {"old": None, "new": recommendation.number},
            "themes": {"old": None, "new": _theme_names(chosen)},
        },
        partnership=review.partnership,
        target_label=f"{review.reference} recommendation {recommendation.number}",
    )
    return recommendation


IMPACT_FIELDS = ("impact_measure_kind", "impact_measure", "impact_result", "impact_result_on")


@transaction.atomic
def recommendation_impact_save(
    *,
    acting: Acting,
    recommendation: Recommendation,
    impact_measure_kind: str,
    impact_measure: str,
    impact_result: str = "",
    impact_result_on: datetime.date | None = None,
) -> Recommendation:
    """Say how the partnership will know the recommendation worked, and the result once
    known (a result needs its date)."""
    partnership = recommendation.review.partnership
    _manage(acting, partnership)
    _check_measure(impact_measure_kind, impact_measure)
    if impact_result.strip() and impact_result_on is None:
        raise ServiceError("Enter when the result was known", field="impact_result_on")
    _happened(impact_result_on, "impact_result_on", "The date the result was known")
    before = audit.snapshot(recommendation, IMPACT_FIELDS)
    recommendation.impact_measure_kind = impact_measure_kind
    recommendation.impact_measure = impact_measure.strip()
    recommendation.impact_result = impact_result.strip()
    recommendation.impact_result_on = impact_result_on if impact_result.strip() else None
    recommendation.save(update_fields=list(IMPACT_FIELDS))
    audit.record(
        acting,
        "recommendation.impact",
        recommendation,
        audit.changes_between(before, audit.snapshot(recommendation, IMPACT_FIELDS)),
        partnership=partnership,
    )
    return recommendation


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


# --- learning: briefings, newsletters, the library ----------------------------------------

BRIEFING_FIELDS = (
    "title",
    "background",
    "what_happened",
    "what_we_learned",
    "what_to_do_differently",
    "questions_for_reflection",
    "further_reading",
)


@transaction.atomic
def briefing_save(
    *,
    acting: Acting,
    title: str,
    background: str,
    what_happened: str,
    what_we_learned: str,
    what_to_do_differently: str,
    questions_for_reflection: str,
    further_reading: str = "",
    review: Review | None = None,
    themes: Iterable[Theme] = (),
    briefing: Briefing | None = None,
) -> Briefing:
    """Write (or change) a 7-minute briefing. New briefings are drafts."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if review is not None and review.partnership_id != partnership.pk:
        raise ServiceError("Choose a review from this partnership", field="review")
    if briefing is not None and briefing.partnership_id != partnership.pk:
        raise ServiceError("This briefing belongs to another partnership")
    chosen = _themes(partnership, themes)
    created = briefing is None
    briefing = briefing or Briefing(partnership=partnership, author=acting.person)
    before: dict[str, Any] = {}
    if not created:
        before = {
            **audit.snapshot(briefing, BRIEFING_FIELDS),
            "themes": _theme_names(briefing.themes.all()),
        }
    values = {
        "title": (title, "Enter a title"),
        "background": (background, "Give the background"),
        "what_happened": (what_happened, "Say what happened"),
        "what_we_learned": (what_we_learned, "Say what we learned"),
        "what_to_do_differently": (what_to_do_differently, "Say what to do differently"),
        "questions_for_reflection": (questions_for_reflection, "Add questions for reflection"),
    }
    for field, (value, message) in values.items():
        setattr(briefing, field, _require_text(value, field, message))
    briefing.further_reading = further_reading.strip()
    briefing.review = review
    briefing.updated_at = timezone.now()
    briefing.save()
    briefing.themes.set(chosen)
    after = {**audit.snapshot(briefing, BRIEFING_FIELDS), "themes": _theme_names(chosen)}
    audit.record(
        acting,
        "briefing.create" if created else "briefing.update",
        briefing,
        audit.changes_between(before, after),
    )
    return briefing


@transaction.atomic
def briefing_publish(
    *, acting: Acting, briefing: Briefing, published_on: datetime.date | None = None
) -> Briefing:
    """Publish a briefing: every member of the partnership can then read it."""
    _manage(acting, briefing.partnership)
    _fresh(briefing)
    if briefing.status == Publishable.PUBLISHED:
        raise ServiceError("This briefing is already published")
    briefing.status = Publishable.PUBLISHED
    briefing.published_on = published_on or _today()
    _happened(briefing.published_on, "published_on", "The date of publication")
    briefing.save(update_fields=["status", "published_on"])
    audit.record(
        acting,
        "briefing.publish",
        briefing,
        {"status": {"old": "draft", "new": "published"}},
    )
    return briefing


@transaction.atomic
def newsletter_save(
    *,
    acting: Acting,
    title: str,
    issue_date: datetime.date,
    body: str,
    themes: Iterable[Theme] = (),
    newsletter: Newsletter | None = None,
) -> Newsletter:
    """Write (or change) a newsletter. New newsletters are drafts."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if newsletter is not None and newsletter.partnership_id != partnership.pk:
        raise ServiceError("This newsletter belongs to another partnership")
    chosen = _themes(partnership, themes)
    created = newsletter is None
    newsletter = newsletter or Newsletter(partnership=partnership, author=acting.person)
    fields = ("title", "issue_date", "body")
    before: dict[str, Any] = {} if created else audit.snapshot(newsletter, fields)
    newsletter.title = _require_text(title, "title", "Enter a title")
    newsletter.issue_date = issue_date
    newsletter.body = _require_text(body, "body", "Write the newsletter")
    newsletter.updated_at = timezone.now()
    newsletter.save()
    newsletter.themes.set(chosen)
    audit.record(
        acting,
        "newsletter.create" if created else "newsletter.update",
        newsletter,
        audit.changes_between(before, audit.snapshot(newsletter, fields)),
    )
    return newsletter


@transaction.atomic
def newsletter_publish(
    *, acting: Acting, newsletter: Newsletter, published_on: datetime.date | None = None
) -> Newsletter:
    """Publish a newsletter to every member of the partnership."""
    _manage(acting, newsletter.partnership)
    _fresh(newsletter)
    if newsletter.status == Publishable.PUBLISHED:
        raise ServiceError("This newsletter is already published")
    newsletter.status = Publishable.PUBLISHED
    newsletter.published_on = published_on or _today()
    _happened(newsletter.published_on, "published_on", "The date of publication")
    newsletter.save(update_fields=["status", "published_on"])
    audit.record(
        acting, "newsletter.publish", newsletter, {"status": {"old": "draft", "new": "published"}}
    )
    return newsletter


LIBRARY_FIELDS = ("kind", "title", "summary", "link", "published_on")


@transaction.atomic
def library_item_save(
    *,
    acting: Acting,
    kind: str,
    title: str,
    published_on: datetime.date,
    summary: str = "",
    link: str = "",
    themes: Iterable[Theme] = (),
    review: Review | None = None,
    item: LibraryItem | None = None,
) -> LibraryItem:
    """Add (or change) an entry in the learning library: a national review, guidance..."""
    partnership = acting.partnership
    _manage(acting, partnership)
    if kind not in LibraryItem.Kind.values:
        raise ServiceError("Choose the kind of item", field="kind")
    if link:
        _secure_link(link)
    _happened(published_on, "published_on", "The date of publication")
    if review is not None and review.partnership_id != partnership.pk:
        raise ServiceError("Choose a review from this partnership", field="review")
    if item is not None and item.partnership_id != partnership.pk:
        raise ServiceError("This item belongs to another partnership")
    chosen = _themes(partnership, themes)
    created = item is None
    item = item or LibraryItem(partnership=partnership, created_by=acting.person)
    before: dict[str, Any] = {} if created else audit.snapshot(item, LIBRARY_FIELDS)
    item.kind = kind
    item.title = _require_text(title, "title", "Enter a title")
    item.summary = summary.strip()
    item.link = link.strip()
    item.published_on = published_on
    item.review = review
    item.save()
    item.themes.set(chosen)
    audit.record(
        acting,
        "library_item.create" if created else "library_item.update",
        item,
        audit.changes_between(before, audit.snapshot(item, LIBRARY_FIELDS)),
    )
    return item


# --- reminders ------------------------------------------------------------------------------


def _emails(people: Iterable[Person]) -> tuple[str, ...]:
    return tuple(sorted({person.email for person in people}))


@dataclass(frozen=True)
class _Due:
    """A reminder to send about something with an open clock: the email `message`
    (templates/reviews/emails/<message>.*.txt) with its `context`, and who hears. `key`
    names what it is about ("before"/"after" is added), so it is sent once."""

    key: str
    partnership: Partnership
    due_on: datetime.date
    message: str
    context: dict[str, Any]
    recipients: tuple[str, ...]
    about: Any = None


def _casework_due(partnership: Partnership, group: tuple[str, ...]) -> list[_Due]:
    """Panel notifications and rapid reviews not yet done, told to the case review group."""
    items: list[_Due] = []
    for incident in Incident.objects.filter(
        partnership=partnership, notified_panel_on__isnull=True
    ):
        items.append(
            _Due(
                f"incident:{incident.pk}:notification",
                partnership,
                incident.notification_due_on,
                "panel_notification_due",
                {
                    "reference": incident.reference,
                    "due_on": incident.notification_due_on,
                    "link": notify.link("reviews:incident", incident.pk),
                },
                group,
                incident,
            )
        )
    open_rapid = RapidReview.objects.filter(
        partnership=partnership,
        status__in=[RapidReview.Status.OPEN, RapidReview.Status.MEETING_HELD],
    ).select_related("incident")
    for rapid in open_rapid:
        items.append(
            _Due(
                f"rapid_review:{rapid.pk}",
                partnership,
                rapid.due_on,
                "rapid_review_due",
                {
                    "reference": rapid.incident.reference,
                    "due_on": rapid.due_on,
                    "link": notify.link("reviews:rapid-review", rapid.pk),
                },
                group,
                rapid,
            )
        )
    return items


def _summaries_due(partnership: Partnership) -> list[_Due]:
    """Agency summaries not yet sent, told to those who answer for the agency and to
    whoever asked."""
    summaries = AgencySummary.objects.filter(
        partnership=partnership, status=AgencySummary.Status.REQUESTED
    ).select_related("agency", "requested_by", "rapid_review__incident")
    return [
        _Due(
            f"agency_summary:{summary.pk}",
            partnership,
            summary.due_on,
            "agency_summary_due",
            {
                "reference": summary.rapid_review.incident.reference,
                "agency": summary.agency.name,
                "due_on": summary.due_on,
                "link": notify.link("reviews:summary", summary.pk),
            },
            _emails(
                [*policies.agency_summaries.people_with("submit", summary), summary.requested_by]
            ),
            summary,
        )
        for summary in summaries
    ]


def _targets_due(partnership: Partnership, group: tuple[str, ...]) -> list[_Due]:
    """Reviews running towards their target completion date."""
    running = Review.objects.filter(
        partnership=partnership,
        target_on__isnull=False,
        status__in=[
            Review.Status.COMMISSIONED,
            Review.Status.IN_PROGRESS,
            Review.Status.DRAFT_RECEIVED,
        ],
    )
    items: list[_Due] = []
    for review in running:
        assert review.target_on is not None
        items.append(
            _Due(
                f"review:{review.pk}:target:{review.target_on}",
                partnership,
                review.target_on,
                "review_target",
                {
                    "reference": review.reference,
                    "kind": review.get_kind_display(),
                    "due_on": review.target_on,
                    "link": notify.link("reviews:review", review.pk),
                },
                group,
                review,
            )
        )
    return items


def _due_items(partnership: Partnership) -> list[_Due]:
    """Everything with an open clock in a partnership, and who hears about it."""
    group = _emails(policies.incidents.people_with("manage", partnership=partnership))
    return [
        *_casework_due(partnership, group),
        *_summaries_due(partnership),
        *_targets_due(partnership, group),
    ]


def _action_due(partnership: Partnership, due: action_services.DueAction) -> _Due:
    """An action's reminder (masa.actions says what and to whom), in a case review email."""
    return _Due(
        due.key,
        partnership,
        due.due_on,
        "action_reminder",
        {"what": due.subject, "message": due.message, "link": due.link},
        due.recipients,
    )


def _send(item: _Due, when: str, sent_before: set[str], now: datetime.datetime) -> bool:
    key = f"{item.key}:{when}"
    if key in sent_before or not item.recipients:
        return False
    lead = "Due soon" if when == "before" else "Overdue"
    sent = notify.send(
        f"reviews/{item.message}",
        item.recipients,
        {**item.context, "lead": lead},
        partnership=item.partnership,
        about=item.about,
    )
    reminder = Reminder.objects.create(
        partnership=item.partnership,
        key=key,
        subject=sent[0].subject if sent else lead,
        recipients=", ".join(item.recipients),
        sent_at=now,
    )
    audit.record(
        None,
        "review.remind",
        reminder,
        audit.values(key=key, subject=reminder.subject, recipients=len(item.recipients)),
    )
    sent_before.add(key)
    return True


def reviews_remind(*, today: datetime.date | None = None) -> int:
    """Email reminders before and after due dates: Panel notifications, rapid reviews,
    agency summaries, review targets, actions due and overdue, and actions with no
    update for the `action_update_stale` period. Each is sent once (a `Reminder` keeps
    its key), so a daily run is safe to repeat. Returns how many were sent. Runs as
    nobody (a command): the reminders are the service's own."""
    today = today or _today()
    now = timezone.now()
    sent = 0
    for partnership in Partnership.objects.all():
        with transaction.atomic():
            sent += _remind_partnership(partnership, today, now)
    return sent


def _remind_partnership(
    partnership: Partnership, today: datetime.date, now: datetime.datetime
) -> int:
    items = _due_items(partnership)
    stale_before = stale_cutoff(partnership, today)
    due_actions, stale_actions = action_services.reminders_due(partnership, stale_before)
    items.extend(_action_due(partnership, due) for due in due_actions)
    stale = [_action_due(partnership, due) for due in stale_actions]
    sent_before = set(
        Reminder.objects.filter(partnership=partnership).values_list("key", flat=True)
    )
    lead = rule_for(partnership, "review_reminder_before")
    count = 0
    for item in items:
        if today > item.due_on:
            count += _send(item, "after", sent_before, now)
        elif back(lead, item.due_on) <= today:
            count += _send(item, "before", sent_before, now)
    for item in stale:
        count += _send(item, "stale", sent_before, now)
    return count


# --- R1 casework pages: a subject recorded together with the record about them ---------
# The casework forms take the subject's pseudonym and equality data with the incident,
# SAR referral or review they belong to; these keep both in one transaction, so a
# refused record leaves no subject behind.


@dataclass(frozen=True)
class SubjectDetails:
    """A subject's pseudonym and equality data as a form gives them (see `subject_save`).
    Whether the subject is a child follows from the age band."""

    pseudonym: str
    age_band: str
    sex: str
    ethnicity: str
    disability: str = Subject.Disability.UNKNOWN
    other_characteristics: str = ""

    def record(self, acting: Acting) -> Subject:
        return subject_save(
            acting=acting,
            pseudonym=self.pseudonym,
            is_child=self.age_band in CHILD_BANDS,
            age_band=self.age_band,
            sex=self.sex,
            ethnicity=self.ethnicity,
            disability=self.disability,
            other_characteristics=self.other_characteristics,
        )


# A second copy of the same notification from the same person within this time is a
# resubmission (a double click, the back button, a retry), not a second incident.
NOTIFY_RESUBMIT_WINDOW = datetime.timedelta(minutes=10)


@transaction.atomic
def incident_notify_new_subject(
    *,
    acting: Acting,
    subject: SubjectDetails,
    summary: str,
    aware_on: datetime.date,
    looked_after: bool = False,
    themes: Iterable[Theme] = (),
) -> tuple[Incident, bool]:
    """Record the child and notify the incident (`incident_notify`) in one transaction.
    Returns (incident, created): the same notification sent again by the same person
    within `NOTIFY_RESUBMIT_WINDOW` gives back the first incident and records nothing."""
    partnership = acting.partnership
    _manage(acting, partnership)
    # Notifications of one partnership and year queue on their reference counter's
    # row, so two copies sent at once cannot both miss each other.
    ReferenceCounter.objects.get_or_create(partnership=partnership, series="SI", year=aware_on.year)
    list(
        ReferenceCounter.objects.select_for_update()
        .filter(partnership=partnership, series="SI", year=aware_on.year)
        .values_list("pk")
    )
    earlier = (
        Incident.objects.filter(
            partnership=partnership,
            created_by=acting.person,
            aware_on=aware_on,
            summary=summary.strip(),
            subject__pseudonym=subject.pseudonym.strip(),
            created_at__gte=timezone.now() - NOTIFY_RESUBMIT_WINDOW,
        )
        .order_by("pk")
        .first()
    )
    if earlier is not None:
        return earlier, False
    child = subject.record(acting)
    incident = incident_notify(
        acting=acting,
        subject=child,
        summary=summary,
        aware_on=aware_on,
        looked_after=looked_after,
        themes=themes,
    )
    return incident, True


@transaction.atomic
def sar_referral_record_new_subject(
    *,
    acting: Acting,
    subject: SubjectDetails,
    received_on: datetime.date,
    referrer_agency: Agency,
    summary: str,
    criteria: Mapping[str, object],
) -> SarReferral:
    """Record the adult and the SAR referral about them (`sar_referral_record`) together."""
    adult = subject.record(acting)
    return sar_referral_record(
        acting=acting,
        subject=adult,
        received_on=received_on,
        referrer_agency=referrer_agency,
        summary=summary,
        criteria=criteria,
    )


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
