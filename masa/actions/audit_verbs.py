"""The audit verbs of actions, each registered once with the words the audit log shows."""

from masa.core import audit

audit.register(
    "action.add",
    "Added an action",
    audit.Kind.CHANGE,
    {"owner_agency": "Owning agency", "owner": "Named owner", "due_on": "Due date"},
)
audit.register(
    "action.update",
    "Updated an action's progress",
    audit.Kind.CHANGE,
    {"status": "Status", "version": "Update number"},
)
audit.register(
    "action.close",
    "Closed an action",
    audit.Kind.CHANGE,
    {"status": "Status", "closure_reason": "Reason for closing"},
)
audit.register(
    "evidence.upload",
    "Added evidence to an action",
    audit.Kind.CHANGE,
    {"file": "File", "size": "Size in bytes", "sha256": "SHA-256 checksum"},
)
audit.register(
    "evidence.accept",
    "Accepted evidence for an action",
    audit.Kind.CHANGE,
    {"accepted_on": "Accepted on", "action_status": "Action's status"},
)
audit.register(
    "action.hand_over",
    "Handed an action to a leaver's successor",
    audit.Kind.CHANGE,
    {"owner": "Named owner"},
)
