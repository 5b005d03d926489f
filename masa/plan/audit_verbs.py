"""The audit verbs of the strategic plan, each registered once with the words the audit
log shows."""

from masa.core import audit

PLAN_FIELDS = {
    "name": "Period",
    "starts_on": "Starts",
    "ends_on": "Ends",
    "title": "Title",
    "vision": "Vision",
    "introduction": "Introduction",
}
ITEM_FIELDS = {
    "number": "Number",
    "description": "Description",
    "reason": "Reason",
    "impact": "Impact",
    "lead_group": "Lead group",
    "lead_officer": "Lead officer",
}
AMBITION_FIELDS = {**ITEM_FIELDS, "title": "Ambition", "statement": "Statement"}
PRIORITY_FIELDS = {
    **ITEM_FIELDS,
    "name": "Priority",
    "summary": "Summary",
    "ambition": "Ambition",
    "indicators": "Outcome indicators",
    "review_themes": "Review themes",
    "training_themes": "Training themes",
}
IMPROVEMENT_FIELDS = {
    "from_year": "Report year",
    "area": "Area for improvement",
    "priority": "Priority",
    "outcome": "What became of it",
    "what_became": "Where it stands",
}

audit.register("plan.add", "Started a strategic plan", audit.Kind.CHANGE, PLAN_FIELDS)
audit.register("plan.change", "Changed the strategic plan", audit.Kind.CHANGE, PLAN_FIELDS)
audit.register("ambition.add", "Added an ambition to the plan", audit.Kind.CHANGE, AMBITION_FIELDS)
audit.register(
    "ambition.change", "Changed an ambition of the plan", audit.Kind.CHANGE, AMBITION_FIELDS
)
audit.register("priority.add", "Added a partnership priority", audit.Kind.CHANGE, PRIORITY_FIELDS)
audit.register(
    "priority.change", "Changed a partnership priority", audit.Kind.CHANGE, PRIORITY_FIELDS
)
audit.register(
    "strategy.add",
    "Added a strategy to a priority",
    audit.Kind.CHANGE,
    {"name": "Strategy", "review_on": "Review date"},
)
audit.register(
    "progress.add",
    "Wrote a priority's quarterly progress",
    audit.Kind.CHANGE,
    {
        "year": "Year",
        "quarter": "Quarter",
        "what_we_did": "What we did",
        "impact": "Impact",
        "challenges": "Remaining challenges",
        "next_steps": "Next steps",
    },
)
audit.register(
    "improvement.add",
    "Carried forward an area for improvement",
    audit.Kind.CHANGE,
    IMPROVEMENT_FIELDS,
)
audit.register(
    "improvement.change",
    "Said what became of an area for improvement",
    audit.Kind.CHANGE,
    IMPROVEMENT_FIELDS,
)
