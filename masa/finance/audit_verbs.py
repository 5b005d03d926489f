"""The audit verbs of the partnership's money, each registered once."""

from masa.core import audit

audit.register(
    "finance.budget_import",
    "Imported the budget against actual",
    audit.Kind.CHANGE,
    {
        "file": "File",
        "years": "Years",
        "added": "Lines added",
        "changed": "Lines changed",
        "unchanged": "Lines unchanged",
    },
)
audit.register(
    "finance.contributions_import",
    "Imported partners' contributions",
    audit.Kind.CHANGE,
    {
        "file": "File",
        "years": "Years",
        "added": "Contributions added",
        "changed": "Contributions changed",
        "unchanged": "Contributions unchanged",
    },
)
audit.register(
    "finance.category_add",
    "Added a budget line",
    audit.Kind.CHANGE,
    {"section": "Section", "name": "Name"},
)
audit.register(
    "finance.in_kind_add",
    "Recorded an in-kind contribution",
    audit.Kind.CHANGE,
    {
        "year": "Year",
        "agency": "Agency",
        "description": "Description",
        "value": "Value (£)",
        "agreed_on": "Agreed on",
        "reviewed_on": "Reviewed on",
    },
)
audit.register(
    "finance.contribution_set",
    "Recorded when a contribution was agreed and reviewed",
    audit.Kind.CHANGE,
    {"agreed_on": "Agreed on", "reviewed_on": "Reviewed on"},
)
audit.register(
    "finance.reserve_set",
    "Set a year's reserve",
    audit.Kind.CHANGE,
    {"brought_forward": "Brought forward (£)", "carried_forward": "Carried forward (£)"},
)
