"""The audit verbs of people and access, each registered once."""

from masa.core import audit

audit.register("person.password_reset_sent", "A password reset link was emailed", audit.Kind.EVENT)
audit.register("person.password_reset", "Set a new password from a reset link", audit.Kind.EVENT)
audit.register(
    "person.leave",
    "Recorded a leaver and ended their access",
    audit.Kind.EVENT,
    {
        "successor": "Successor",
        "reason": "Reason",
        "actions_handed_over": "Actions handed over",
        "signed_out": "Signed out everywhere",
    },
)
audit.register(
    "person.move",
    "Moved a person to another agency",
    audit.Kind.CHANGE,
    {"agency": "Agency"},
)
audit.register(
    "person.dormant_flag",
    "Flagged an unused account to its agency's leads",
    audit.Kind.EVENT,
    {"last_seen": "Last signed in", "told": "Leads told"},
)
AGENCY = {
    "name": "Name",
    "kind": "Kind",
    "statutory_partner": "Statutory partner",
    "domains": "Email domains",
    "is_active": "Active",
}
audit.register("agency.add", "Added an agency to the partnership", audit.Kind.CHANGE, AGENCY)
audit.register("agency.change", "Changed an agency", audit.Kind.CHANGE, AGENCY)
audit.register(
    "invitation.send",
    "Invited someone to the partnership",
    audit.Kind.EVENT,
    {"email": "Email address", "agency": "Agency", "roles": "Roles", "expires_at": "Expires"},
)
audit.register("invitation.accept", "Accepted an invitation and joined", audit.Kind.EVENT)
