"""The audit verbs of the risk register, escalations and scrutiny, each registered once
with the words the audit log shows."""

from masa.core import audit
from masa.core.audit import Kind

SCORES = {
    "inherent_score": "Inherent score",
    "current_score": "Current score",
    "target_score": "Target score",
    "status": "Status",
    "review_due_on": "Next review due",
}
audit.register(
    "risk.add",
    "Added a risk to the register",
    Kind.CHANGE,
    {
        "title": "Title",
        "owner": "Owner",
        "owner_group": "Owning group",
        "category": "Category",
        **SCORES,
    },
)
audit.register(
    "risk.edit",
    "Changed a risk's details",
    Kind.CHANGE,
    {
        "title": "Title",
        "description": "Description",
        "cause": "Cause",
        "effect": "Effect",
        "category": "Category",
        "owner": "Owner",
        "owner_group": "Owning group",
    },
)
audit.register(
    "risk.review",
    "Reviewed a risk",
    Kind.CHANGE,
    {**SCORES, "version": "Review number", "controls": "Controls"},
)
audit.register(
    "risk.scale",
    "Set the risk scale",
    Kind.CHANGE,
    {"likelihood_levels": "Levels of likelihood", "impact_levels": "Levels of impact"},
)
audit.register(
    "risk.remind",
    "Sent a risk register or escalation reminder",
    Kind.EVENT,
    {"key": "What it is about", "subject": "Subject", "recipients": "People emailed"},
)

STAGE = {"number": "Stage", "name": "Name", "working_days": "Timescale in working days"}
audit.register("escalation_stage.add", "Added an escalation stage", Kind.CHANGE, STAGE)
audit.register("escalation_stage.edit", "Changed an escalation stage", Kind.CHANGE, STAGE)
audit.register(
    "escalation.raise",
    "Raised an escalation",
    Kind.CHANGE,
    {
        "kind": "Kind",
        "about_agency": "About",
        "raised_by_agency": "Raised by agency",
        "stage": "Stage",
        "due_on": "Response due",
    },
)
audit.register(
    "escalation.respond",
    "Recorded a response to an escalation",
    Kind.CHANGE,
    {"stage": "Stage", "responded_on": "Responded on"},
)
audit.register(
    "escalation.escalate",
    "Moved an escalation to the next stage",
    Kind.CHANGE,
    {"stage": "Stage", "due_on": "Response due"},
)
audit.register(
    "escalation.resolve",
    "Resolved an escalation",
    Kind.CHANGE,
    {"status": "Status", "resolved_on": "Resolved on", "themes": "Themes"},
)

audit.register(
    "scrutiny_plan.add",
    "Added a scrutiny plan",
    Kind.CHANGE,
    {"year": "Year"},
)
audit.register(
    "scrutiny_activity.add",
    "Added a scrutiny activity",
    Kind.CHANGE,
    {"kind": "Kind", "title": "Title", "planned_on": "Planned for"},
)
audit.register(
    "scrutiny_activity.findings",
    "Recorded a scrutiny activity's findings",
    Kind.CHANGE,
    {"held_on": "Held on", "findings": "Findings"},
)
audit.register(
    "scrutiny_recommendation.add",
    "Made a scrutiny recommendation",
    Kind.CHANGE,
    {"number": "Number", "made_on": "Made on"},
)
audit.register(
    "scrutiny_recommendation.decide",
    "Recorded the executive's decision on a scrutiny recommendation",
    Kind.CHANGE,
    {
        "decision": "Decision",
        "reason": "Reason",
        "delegated_to": "Delegated to",
        "decided_on": "Decided on",
    },
)

# --- the demo (masa/demo/governance_risks.py) ------------------------------------------------
audit.register(
    "demo.governance_risks_load",
    "Loaded the demo risk register, escalations and scrutiny",
    Kind.EVENT,
    {
        "anchor": "As of",
        "risks": "Risks",
        "escalations": "Escalations",
        "recommendations": "Scrutiny recommendations",
    },
)
