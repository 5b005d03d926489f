"""The audit verbs of the engagement log, each registered once."""

from masa.core import audit

audit.register(
    "engagement.add",
    "Added an engagement log entry",
    audit.Kind.CHANGE,
    {
        "happened_on": "Date",
        "group": "Who was heard",
        "method": "How",
        "priority": "Priority",
        "work": "Piece of work",
        "title": "Title",
    },
)
audit.register(
    "engagement.file_add",
    "Added evidence to an engagement log entry",
    audit.Kind.CHANGE,
    {"file": "File", "size": "Size in bytes", "sha256": "SHA-256 checksum"},
)
audit.register(
    "engagement.outcome",
    "Recorded what changed after an engagement",
    audit.Kind.CHANGE,
    {"changed": "What changed as a result"},
)
