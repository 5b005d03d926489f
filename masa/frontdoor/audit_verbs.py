"""The front door's audit verbs: what each event means, in words a person reads in the
audit log, and the fields its payload carries (imported by `FrontdoorConfig.ready`)."""

from __future__ import annotations

from masa.core.audit import Kind, register

ENTRY = {"section": "Section", "entry": "Entry number"}
CHECK_SENT = {
    "agency": "Agency asked",
    "contact": "Contact",
    "due_at": "Answer due by",
    "emailed": "People emailed",
}
DECISION = {
    "version": "Version",
    "level": "Level of need",
    "outcome": "Outcome",
    "descriptor": "Threshold descriptor",
    "correction_reason": "Why it was corrected",
    "open_checks": "Partner checks still open",
    "open_checks_reason": "Why it could not wait for them",
}
SIGN_OFF = {"version": "Version", "note": "Manager's note"}

# The eMARF.
register("referral.start", "Started a draft referral", Kind.EVENT)
register(
    "referral.draft_save",
    "Saved answers in a draft referral",
    Kind.EVENT,
    {**ENTRY, "fields": "Answers changed"},
)
register("referral.draft_remove", "Removed an entry from a draft referral", Kind.EVENT, ENTRY)
register("referral.draft_delete", "Deleted a draft referral", Kind.EVENT)
register(
    "referral.submit",
    "Sent a referral to the MASH",
    Kind.EVENT,
    {
        "reference": "Reference",
        "children": "Children referred",
        "categories": "Concerns",
        "dash_score": "DASH score",
    },
)

# The MASH's triage of a contact.
register(
    "contact.search",
    "Searched the MASH queue",
    Kind.VIEW,
    {"tab": "Queue tab", "found": "Contacts found", "shown": "Contacts shown"},
)
register(
    "contact.start",
    "Took a contact to work on",
    Kind.CHANGE,
    {"assigned_to": "Worked on by", "status": "Status"},
)
register(
    "contact.rate",
    "Gave a contact its RAG rating",
    Kind.CHANGE,
    {"rag": "RAG rating", "rag_reason": "Why", "decision_due_at": "Decision due by"},
)
register(
    "contact.link_child",
    "Linked a contact to a child's record",
    Kind.CHANGE,
    {"child": "Child's record", "is_repeat": "Repeat contact", "new_child_record": "New record"},
)
register("contact.decide", "Recorded the MASH decision on a contact", Kind.EVENT, DECISION)
register("contact.correct", "Recorded a correction of a MASH decision", Kind.EVENT, DECISION)
register("contact.sign_off", "Signed off a MASH decision", Kind.EVENT, SIGN_OFF)
register("contact.return", "Returned a MASH decision to be changed", Kind.EVENT, SIGN_OFF)

# Partner checks.
register("partner_check.request", "Asked an agency for information", Kind.EVENT, CHECK_SENT)
register(
    "partner_check.respond",
    "Answered a MASH request for information",
    Kind.EVENT,
    {
        "contact": "Contact",
        "in_time": "Answered in time",
        "after_decision": "Answered after the decision",
    },
)
register(
    "partner_check.withdraw",
    "Withdrew a request for information",
    Kind.CHANGE,
    {"status": "Status", "reason": "Why it was withdrawn"},
)
register(
    "partner_check.remind",
    "Reminded an agency of an overdue request for information",
    Kind.EVENT,
    {"emailed": "People emailed"},
)

# The partnership's outcomes at each level of need.
register(
    "level_outcome.defaults",
    "Set the default outcomes at each level of need",
    Kind.CHANGE,
    {"outcomes": "Outcomes allowed (level: outcome)"},
)

# The demo's front-door data (masa/demo/frontdoor.py).
register(
    "demo.frontdoor_load",
    "Loaded the demo front-door data",
    Kind.EVENT,
    {
        "referrals": "Referrals",
        "contacts": "Contacts",
        "children": "Children",
        "partner_checks": "Partner checks",
        "decisions": "Decisions",
        "risk_assessments": "Risk assessments",
        "household_members": "Household members",
        "concerns": "Concerns",
        "drafts": "Draft referrals",
        "decided_with_open_check": "Decided with a check open",
        "withdrawn_checks": "Withdrawn checks",
        "overdue_checks": "Checks made overdue for agencies slow to answer",
        "seed": "Seed",
        "anchor": "Anchored on",
        "years": "Years",
        "open_contacts": "Open contacts",
        "last_reference_numbers": "Last reference numbers (year: number)",
    },
)
