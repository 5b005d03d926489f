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
