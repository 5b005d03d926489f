"""The audit verbs of governance, each registered once with the words the audit log
shows. Other sub-areas (risks, escalation, scrutiny) register theirs below."""

from masa.core import audit

# Groups and members.
audit.register(
    "group.add",
    "Set up a group",
    audit.Kind.CHANGE,
    {"name": "Name", "kind": "Kind", "parent": "Reports to"},
)
audit.register(
    "group.change",
    "Changed a group",
    audit.Kind.CHANGE,
    {
        "name": "Name",
        "kind": "Kind",
        "parent": "Reports to",
        "purpose": "Purpose",
        "frequency": "Meets",
        "quorum": "Quorum",
        "chair": "Chair",
        "vice_chair": "Vice chair",
        "rotation_months": "Chair rotates every (months)",
        "rotation_starts_on": "Rotation starts on",
        "is_active": "Active",
    },
)
audit.register(
    "group.member_add",
    "Added a member to a group",
    audit.Kind.CHANGE,
    {"agency": "Agency", "role": "Role in the group", "voting": "Voting", "deputy_of": "Deputy of"},
)
audit.register(
    "group.member_leave",
    "Recorded that a member left a group",
    audit.Kind.CHANGE,
    {"left_on": "Left on"},
)
audit.register(
    "group.deputy_confirm",
    "Confirmed a deputy's delegated authority",
    audit.Kind.CHANGE,
    {"authority_confirmed_on": "Confirmed on"},
)
audit.register(
    "group.turn_set",
    "Set a rotating chair's order",
    audit.Kind.CHANGE,
    {"turns": "Turns"},
)

# Meetings.
audit.register("meeting.add", "Arranged a meeting", audit.Kind.CHANGE, {"starts_at": "Starts at"})
audit.register("meeting.cancel", "Cancelled a meeting", audit.Kind.CHANGE, {"status": "Status"})
audit.register(
    "meeting.item_add",
    "Added an agenda item",
    audit.Kind.CHANGE,
    {"item": "Item", "purpose": "Purpose"},
)
audit.register(
    "meeting.paper_add",
    "Added a meeting paper",
    audit.Kind.CHANGE,
    {"file": "File", "size": "Size in bytes", "sha256": "SHA-256 checksum"},
)
audit.register(
    "meeting.papers_publish",
    "Published a meeting's papers",
    audit.Kind.CHANGE,
    {"papers_sent_on": "Papers sent on"},
)
audit.register(
    "meeting.attendance",
    "Recorded a meeting's attendance",
    audit.Kind.CHANGE,
    {
        "quorate": "Quorate",
        "present": "Attended (in person or by deputy)",
        "statutory_partner_absent": "A statutory partner absent",
    },
)
audit.register(
    "meeting.decision_add",
    "Recorded a decision",
    audit.Kind.CHANGE,
    {"number": "Decision number", "owner": "Owner"},
)
audit.register(
    "meeting.minutes_save",
    "Wrote a meeting's draft minutes",
    audit.Kind.CHANGE,
    {"minutes_status": "Minutes"},
)
audit.register(
    "meeting.minutes_approve",
    "Approved a meeting's minutes",
    audit.Kind.CHANGE,
    {"minutes_status": "Minutes", "approved_at": "Approved at"},
)
audit.register(
    "governance.threshold_set",
    "Set the attendance threshold",
    audit.Kind.CHANGE,
    {"attendance_threshold": "Attendance threshold (%)"},
)
audit.register(
    "calendar.feed_renew",
    "Made a new calendar feed address (the old one stopped working)",
    audit.Kind.CHANGE,
    {"revoked": "Addresses stopped"},
)
audit.register(
    "calendar.feed_stop",
    "Stopped their calendar feed",
    audit.Kind.CHANGE,
    {"revoked": "Addresses stopped"},
)
audit.register(
    "group.terms_add",
    "Recorded a version of a group's terms of reference",
    audit.Kind.CHANGE,
    {
        "version": "Version",
        "review_due_on": "Review due on",
        "file": "File",
        "size": "Size in bytes",
        "sha256": "SHA-256 checksum",
    },
)

# Highlight reports.
audit.register(
    "highlight.start", "Started a highlight report", audit.Kind.CHANGE, {"period": "Period"}
)
audit.register(
    "highlight.save", "Edited a highlight report", audit.Kind.CHANGE, {"status": "Status"}
)
audit.register("highlight.send", "Sent a highlight report", audit.Kind.CHANGE, {"status": "Status"})
