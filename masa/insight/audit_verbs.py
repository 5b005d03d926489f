"""The audit verbs of insight: each registered once, with what a person reads in the
log, its kind and the labels of its fields (imported by `InsightConfig.ready`)."""

from __future__ import annotations

from masa.core import audit
from masa.core.audit import Kind

# --- the indicator catalogue ------------------------------------------------------------
audit.register(
    "catalogue.install",
    "Installed the starter indicator catalogue",
    Kind.CHANGE,
    {"indicators": "Indicators", "priorities": "Priorities"},
)
audit.register(
    "indicator.update",
    "Changed an indicator",
    Kind.CHANGE,
    {
        "green_from": "Green from",
        "red_from": "Red from",
        "change_alert_percent": "Change that raises an exception (%)",
        "agency": "Agency that returns it",
        "publishable": "May be published",
        "is_active": "In use",
        "priorities": "Priorities",
    },
)

# --- returns ----------------------------------------------------------------------------
audit.register(
    "data_return.open",
    "Started a data return",
    Kind.EVENT,
    {"period": "Quarter", "agency": "Agency"},
)
# A draft's changes are keyed by indicator code (and "narrative", "file"): no fixed
# fields, each shown by its name.
audit.register("data_return.save", "Saved a data return's draft", Kind.CHANGE)
audit.register("data_return.upload", "Uploaded a data return's template", Kind.CHANGE)
audit.register(
    "data_return.submit",
    "Submitted a data return",
    Kind.CHANGE,
    {"version": "Version", "late": "Late", "correction_reason": "Why it was corrected"},
)
audit.register(
    "data_return.remind",
    "Reminded an agency's data leads about a return",
    Kind.EVENT,
    {"recipients": "People emailed", "kind": "Reminder"},
)
audit.register(
    "comparators.import",
    "Imported comparators",
    Kind.EVENT,
    {"file": "File", "rows_imported": "Rows imported", "rows_refused": "Rows refused"},
)

# --- figures ----------------------------------------------------------------------------
audit.register(
    "platform_measurements.compute",
    "Refreshed the platform's own figures",
    Kind.EVENT,
    {"front_door": "Front-door figures", "training": "Training figures", "today": "Up to"},
)

# --- the Children in Need census --------------------------------------------------------
_CENSUS = {"file": "File", "year": "Census year"}
audit.register(
    "cin_census.import",
    "Imported a Children in Need census",
    Kind.EVENT,
    {
        **_CENSUS,
        "children": "Children imported",
        "refused": "Children refused",
        "episodes": "Episodes",
        "measurements": "Figures written",
        "replaced": "Censuses replaced",
    },
)
audit.register(
    "cin_census.refuse",
    "Refused a Children in Need census file",
    Kind.EVENT,
    {**_CENSUS, "reason": "Reason"},
)
audit.register(
    "cin_census.stalled",
    "Marked a stalled Children in Need census import as failed",
    Kind.EVENT,
    _CENSUS,
)
audit.register(
    "cin_census.view_children",
    "Viewed the children a census import refused",
    Kind.VIEW,
    {"page": "Page", "refused": "Children refused"},
)

# --- the demo (masa/demo/insight.py records it once per partnership) --------------------
audit.register(
    "demo.insight_load",
    "Loaded the demo's insight records",
    Kind.EVENT,
    {
        "returns_submitted": "Returns submitted",
        "returns_late": "Returns submitted late",
        "drafts": "Drafts",
        "corrections": "Corrections",
        "comparators": "Comparators",
        "censuses": "Censuses",
        "platform_measurements": "Platform figures",
        "seed": "Seed",
        "anchor": "Anchored at",
    },
)
