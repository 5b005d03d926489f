"""The audit verbs of multi-agency case audits, each registered once with the words the
audit log shows."""

from masa.core import audit

audit.register(
    "audit_round.create",
    "Added a multi-agency audit round",
    audit.Kind.CHANGE,
    {
        "year": "Year",
        "quarter": "Quarter",
        "theme": "Theme",
        "case_count": "Number of cases",
        "audit_group": "Audit group",
        "agency_due_on": "Agencies' audits due",
    },
)
audit.register(
    "audit_round.close",
    "Closed a multi-agency audit round",
    audit.Kind.CHANGE,
    {"status": "Status"},
)
audit.register(
    "audit_question.create",
    "Added a question to an audit tool",
    audit.Kind.CHANGE,
    {"practice_area": "Practice area", "text": "Question", "round": "Round"},
)
audit.register(
    "audit_case.create",
    "Added a case to an audit round",
    audit.Kind.CHANGE,
    {
        "reference": "Case reference",
        "age_band": "Age band",
        "sex": "Sex",
        "ethnicity": "Ethnicity",
        "disability": "Disability",
        "agencies": "Agencies involved",
    },
)
audit.register(
    "audit_case.grade",
    "Graded a case on the audit panel",
    audit.Kind.CHANGE,
    {"grade": "Overall grade", "rationale": "Rationale", "areas": "Practice areas graded"},
)
audit.register(
    "agency_audit.submit",
    "Sent an agency's audit of its own file",
    audit.Kind.CHANGE,
    {"submitted_on": "Sent on", "answers": "Questions answered"},
)
audit.register(
    "urgent_concern.raise",
    "Raised an urgent concern with an agency",
    audit.Kind.CHANGE,
    {"agency": "Agency", "due_on": "Answer due"},
)
audit.register(
    "urgent_concern.answer",
    "Answered an urgent concern",
    audit.Kind.CHANGE,
    {"responded_on": "Answered on"},
)
audit.register(
    "audit_grades.import",
    "Imported earlier years' audit grades",
    audit.Kind.EVENT,
    {"rows": "Rows in the file", "added": "Cases added", "file": "File"},
)
audit.register(
    "good_practice.add",
    "Added an example to the good practice bank",
    audit.Kind.CHANGE,
    {"title": "Title", "practice_area": "Practice area", "round": "Audit round"},
)
