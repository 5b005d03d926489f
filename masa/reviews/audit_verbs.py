"""Every audit verb of case reviews, registered once with what a person reads in the log.

Changes to a record (an incident's dates, a review's status, a briefing's text) are
`{field: {"old", "new"}}`; a reminder sent is an event with plain values; a document
downloaded is a view."""

from __future__ import annotations

from masa.core import audit
from masa.core.audit import Kind
from masa.reviews.models import DateCorrection

STATUS = {"status": "Status"}
THEMES = {"themes": "Themes"}
IN_TIME = {"in_time": "Within the timescale"}

# --- themes, the reviewer pool and subjects ------------------------------------------
THEME = {"name": "Name", "description": "Description", "is_active": "In use"}
audit.register("review_theme.defaults", "Added the starter review themes", Kind.CHANGE, THEMES)
audit.register("review_theme.create", "Added a review theme", Kind.CHANGE, THEME)
audit.register("review_theme.update", "Changed a review theme", Kind.CHANGE, THEME)

REVIEWER = {
    "full_name": "Name",
    "email": "Email address",
    "organisation": "Organisation",
    "expertise": "Expertise",
    "conflicts": "Conflicts of interest",
    "is_active": "In the pool",
    **THEMES,
}
audit.register("reviewer.create", "Added a reviewer to the pool", Kind.CHANGE, REVIEWER)
audit.register("reviewer.update", "Changed a reviewer in the pool", Kind.CHANGE, REVIEWER)

SUBJECT = {
    "pseudonym": "Pseudonym",
    "is_child": "A child",
    "age_band": "Age band",
    "sex": "Sex",
    "ethnicity": "Ethnicity",
    "disability": "Disabled",
    "other_characteristics": "Other characteristics",
}
audit.register("review_subject.create", "Recorded the subject of a review", Kind.CHANGE, SUBJECT)
audit.register("review_subject.update", "Corrected the subject of a review", Kind.CHANGE, SUBJECT)

# --- serious incidents, pre-discussions and corrected dates ------------------------------
NOTIFICATIONS = {
    "notified_panel_on": "Panel notified on",
    "notified_ofsted_on": "Ofsted told on",
    "notified_sos_on": "Secretary of State told on",
    "partners_told_on": "Safeguarding partners told on",
}
audit.register(
    "incident.notify",
    "Recorded a serious incident",
    Kind.CHANGE,
    {
        "subject": "Subject",
        "aware_on": "Local authority aware on",
        "notification_due_on": "Panel notification due on",
        **NOTIFICATIONS,
    },
)
audit.register(
    "incident.notifications", "Recorded who was told of an incident", Kind.CHANGE, NOTIFICATIONS
)
CORRECTED = {name: f"{label} (date)" for name, label in DateCorrection.Field.choices}
audit.register(
    "incident.date_correct",
    "Corrected a date of an incident or its rapid review",
    Kind.CHANGE,
    {
        **{name: label for name, label in CORRECTED.items() if not name.startswith("review.")},
        "notification_due_on": "Panel notification due on",
        "rapid_review_due_on": "Rapid review due on",
        "reason": "Reason for the correction",
    },
)
audit.register(
    "review.date_correct",
    "Corrected a date of a review",
    Kind.CHANGE,
    {
        **{name: label for name, label in CORRECTED.items() if name.startswith("review.")},
        "target_on": "Target completion date",
        "reason": "Reason for the correction",
    },
)
audit.register(
    "pre_discussion.record",
    "Recorded a pre-discussion",
    Kind.CHANGE,
    {"outcome": "Outcome", "held_on": "Held on"},
)

# --- rapid reviews and agency summaries ------------------------------------------------
audit.register("rapid_review.open", "Opened a rapid review", Kind.CHANGE, {"due_on": "Due on"})
audit.register(
    "agency_summary.request",
    "Asked an agency for its summary",
    Kind.CHANGE,
    {"agency": "Agency", "due_on": "Due on"},
)
audit.register(
    "agency_summary.submit", "Sent an agency's summary", Kind.CHANGE, {**STATUS, **IN_TIME}
)
audit.register(
    "rapid_review.meeting",
    "Recorded a rapid review meeting",
    Kind.CHANGE,
    {"meeting_on": "Meeting held on", **IN_TIME},
)
audit.register(
    "rapid_review.decide",
    "Recorded a rapid review's decision",
    Kind.CHANGE,
    {"decision": "Decision", **STATUS, "review": "Review commissioned"},
)
audit.register(
    "rapid_review.send_to_panel",
    "Sent a rapid review to the Panel",
    Kind.CHANGE,
    {"sent_to_panel_on": "Sent to the Panel on", **IN_TIME},
)
audit.register(
    "rapid_review.panel_response",
    "Recorded the Panel's response to a rapid review",
    Kind.CHANGE,
    {"panel_response_on": "Response received on"},
)

# --- reviews ----------------------------------------------------------------------------
audit.register(
    "review.create",
    "Recorded a review",
    Kind.CHANGE,
    {"kind": "Kind of review", "reference": "Reference"},
)
audit.register(
    "review.update",
    "Changed a review's details",
    Kind.CHANGE,
    {
        "title": "Title",
        "summary": "Summary",
        "terms_of_reference": "Terms of reference",
        "family_involvement": "Family involvement",
        "owner": "Who runs it",
        **THEMES,
    },
)
audit.register(
    "review.commission",
    "Commissioned a reviewer",
    Kind.CHANGE,
    {"reviewer": "Reviewer", "conflict_checked_on": "Conflict of interest checked on"},
)
audit.register(
    "review.start",
    "Started a review",
    Kind.CHANGE,
    {**STATUS, "started_on": "Started on", "target_on": "Target completion date"},
)
audit.register("review.delay_start", "Paused a review", Kind.CHANGE, {**STATUS, "delay": "Delay"})
audit.register(
    "review.delay_end",
    "Ended a review's delay",
    Kind.CHANGE,
    {**STATUS, "target_on": "Target completion date", "paused_days": "Days paused"},
)
audit.register(
    "review.milestone_add",
    "Added a milestone to a review",
    Kind.CHANGE,
    {"name": "Milestone", "due_on": "Due on"},
)
audit.register(
    "review.milestone_done",
    "Recorded a review's milestone as reached",
    Kind.CHANGE,
    {"done_on": "Reached on"},
)
audit.register(
    "review.draft_receive",
    "Recorded a review's draft report",
    Kind.CHANGE,
    {**STATUS, "draft_received_on": "Draft received on"},
)
audit.register(
    "review.sign_off",
    "Signed off a review",
    Kind.CHANGE,
    {**STATUS, "signed_off_on": "Signed off on"},
)
audit.register(
    "review.publish",
    "Recorded a review's publication",
    Kind.CHANGE,
    {**STATUS, "published_on": "Published on"},
)
audit.register("review.not_publish", "Closed a review without publishing it", Kind.CHANGE, STATUS)
audit.register(
    "review.copy_send",
    "Recorded a copy of a review's report sent",
    Kind.CHANGE,
    {"recipient": "Sent to"},
)
audit.register(
    "review.remind",
    "Sent a case review reminder",
    Kind.EVENT,
    {"key": "What it is about", "subject": "Subject", "recipients": "People emailed"},
)

# --- SAR referrals ------------------------------------------------------------------------
CRITERIA = {"criteria": "Care Act section 44 conditions met"}
audit.register("sar_referral.record", "Recorded a SAR referral", Kind.CHANGE, CRITERIA)
audit.register(
    "sar_referral.decide",
    "Decided a SAR referral",
    Kind.CHANGE,
    {"decision": "Decision", **CRITERIA, "review": "Review commissioned"},
)

# --- findings, recommendations and documents -------------------------------------------
NUMBERED = {"number": "Number", **THEMES}
audit.register("finding.add", "Added a finding to a review", Kind.CHANGE, NUMBERED)
audit.register("recommendation.add", "Added a recommendation to a review", Kind.CHANGE, NUMBERED)
audit.register(
    "recommendation.impact",
    "Changed how a recommendation's impact is known",
    Kind.CHANGE,
    {
        "impact_measure_kind": "How the impact is measured",
        "impact_measure": "Measure",
        "impact_result": "Result",
        "impact_result_on": "Result known on",
    },
)
audit.register(
    "review_document.upload",
    "Added a document to a review",
    Kind.CHANGE,
    {"file": "File", "size": "Size in bytes", "sha256": "SHA-256 checksum", "kind": "Document"},
)
audit.register("review_document.download", "Downloaded a review's document", Kind.VIEW)

# --- learning: briefings, newsletters, the library ----------------------------------------
BRIEFING = {
    "title": "Title",
    "background": "Background",
    "what_happened": "What happened",
    "what_we_learned": "What we learned",
    "what_to_do_differently": "What to do differently",
    "questions_for_reflection": "Questions for reflection",
    "further_reading": "Further reading",
    **THEMES,
}
audit.register("briefing.create", "Wrote a 7-minute briefing", Kind.CHANGE, BRIEFING)
audit.register("briefing.update", "Changed a 7-minute briefing", Kind.CHANGE, BRIEFING)
audit.register("briefing.publish", "Published a 7-minute briefing", Kind.CHANGE, STATUS)
NEWSLETTER = {"title": "Title", "issue_date": "Issue date", "body": "Text"}
audit.register("newsletter.create", "Wrote a newsletter", Kind.CHANGE, NEWSLETTER)
audit.register("newsletter.update", "Changed a newsletter", Kind.CHANGE, NEWSLETTER)
audit.register("newsletter.publish", "Published a newsletter", Kind.CHANGE, STATUS)
LIBRARY_ITEM = {
    "kind": "Kind",
    "title": "Title",
    "summary": "Summary",
    "link": "Link",
    "published_on": "Published on",
}
audit.register(
    "library_item.create", "Added an item to the learning library", Kind.CHANGE, LIBRARY_ITEM
)
audit.register(
    "library_item.update", "Changed an item in the learning library", Kind.CHANGE, LIBRARY_ITEM
)

# --- the demo's case reviews (masa/demo/reviews.py) ----------------------------------------
audit.register(
    "demo.reviews_load",
    "Loaded the demo case reviews",
    Kind.EVENT,
    {
        "anchor": "As of",
        "reviewers": "Reviewers",
        "subjects": "Subjects",
        "incidents": "Serious incidents",
        "rapid_reviews": "Rapid reviews",
        "agency_summaries": "Agency summaries",
        "pre_discussions": "Pre-discussions",
        "sar_referrals": "SAR referrals",
        "reviews": "Reviews",
        "findings": "Findings",
        "recommendations": "Recommendations",
        "actions": "Actions",
        "action_updates": "Action updates",
        "evidence": "Evidence files",
        "review_documents": "Review documents",
        "briefings": "7-minute briefings",
        "newsletters": "Newsletters",
        "library_items": "Library items",
    },
)
