"""Named timescales: the national default for each, which a partnership may change.

Every clock in the platform asks `rule_for(partnership, code)` for its rule and
`masa.core.clocks` for the due date, so a local change (data, in `Timescale`)
applies everywhere at once. Sources: REFERENCE.md section 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from masa.core import clocks
from masa.core.models import Partnership, Timescale


@dataclass(frozen=True)
class DefaultTimescale:
    code: str
    name: str
    rule: clocks.Rule
    basis: str
    statutory: bool


DEFAULTS: dict[str, DefaultTimescale] = {
    item.code: item
    for item in [
        DefaultTimescale(
            "referral_decision",
            "MASH decision on a referral",
            clocks.Rule(working_days=1),
            "Local procedures (commonly 1 working day)",
            False,
        ),
        DefaultTimescale(
            "red_contact_decision",
            "MASH decision on a contact rated red",
            clocks.Rule(hours=4),
            "Local procedures",
            False,
        ),
        DefaultTimescale(
            "urgent_referral_completion",
            "Complete a referral after a call about immediate danger",
            clocks.Rule(hours=24),
            "Local procedures",
            False,
        ),
        DefaultTimescale(
            "partner_check",
            "Partner agency answers a MASH information request",
            clocks.Rule(hours=24),
            "Local procedures",
            False,
        ),
        DefaultTimescale(
            "red_partner_check",
            "Partner agency answers a MASH information request on a contact rated red",
            clocks.Rule(hours=2),
            "Local procedures (within the red contact decision timescale)",
            False,
        ),
        DefaultTimescale(
            "course_cancellation_notice",
            "Cancel a training place without charge, before the event",
            clocks.Rule(working_days=3),
            "Local training terms (commonly 3 working days)",
            False,
        ),
        DefaultTimescale(
            "waiting_list_offer",
            "Accept a training place offered from the waiting list",
            clocks.Rule(hours=48),
            "Local training terms",
            False,
        ),
        DefaultTimescale(
            "assessment",
            "Children and families assessment",
            clocks.Rule(working_days=45),
            "Working Together to Safeguard Children; CIN rule 8670Q",
            True,
        ),
        DefaultTimescale(
            "initial_cp_conference",
            "Initial child protection conference after the strategy discussion",
            clocks.Rule(working_days=15),
            "Working Together; CIN rule 8675Q",
            True,
        ),
        DefaultTimescale(
            "first_review_cp_conference",
            "First review child protection conference",
            clocks.Rule(months=3),
            "Working Together",
            True,
        ),
        DefaultTimescale(
            "later_review_cp_conference",
            "Later review child protection conferences",
            clocks.Rule(months=6),
            "Working Together",
            True,
        ),
        DefaultTimescale(
            "cp_visit",
            "Child protection visits",
            clocks.Rule(working_days=10),
            "Local standard (no national figure)",
            False,
        ),
        DefaultTimescale(
            "incident_notification",
            "Notify the national Panel of a serious incident",
            clocks.Rule(working_days=5),
            "Children Act 2004 s16C; Working Together",
            True,
        ),
        DefaultTimescale(
            "rapid_review",
            "Rapid review after the notification",
            clocks.Rule(working_days=15),
            "Child Safeguarding Practice Review Panel guidance",
            True,
        ),
        DefaultTimescale(
            "lcspr_completion",
            "Complete and publish a local child safeguarding practice review",
            clocks.Rule(months=6),
            "Working Together; SI 2018/789 reg. 14",
            True,
        ),
        DefaultTimescale(
            "dhr_decision",
            "Community safety partnership decides on a domestic homicide review",
            clocks.Rule(months=1),
            "Home Office statutory guidance",
            True,
        ),
        DefaultTimescale(
            "data_return_deadline",
            "Agencies send their quarterly return after the quarter ends",
            clocks.Rule(working_days=20),
            "Local data-sharing agreement (configurable)",
            False,
        ),
        DefaultTimescale(
            "data_return_reminder",
            "Remind agencies this long before their return is due",
            clocks.Rule(working_days=5),
            "Local default (configurable)",
            False,
        ),
        DefaultTimescale(
            "agency_summary",
            "Agency summary for a rapid review, after the request",
            clocks.Rule(working_days=5),
            "Local procedures (configurable)",
            False,
        ),
        DefaultTimescale(
            "action_update_stale",
            "No update on a review action for this long counts as drift",
            clocks.Rule(calendar_days=42),
            "Local default: 6 weeks (configurable)",
            False,
        ),
        DefaultTimescale(
            "review_reminder_before",
            "Remind people this long before a case review due date",
            clocks.Rule(working_days=2),
            "Local default (configurable)",
            False,
        ),
        DefaultTimescale(
            "audit_agency_return",
            "An agency audits its own file for a multi-agency audit round",
            clocks.Rule(working_days=20),
            "Local audit programme (configurable)",
            False,
        ),
        DefaultTimescale(
            "audit_urgent_concern",
            "An agency's lead answers an urgent concern found in a multi-agency audit",
            clocks.Rule(working_days=2),
            "Local audit programme (configurable)",
            False,
        ),
        DefaultTimescale(
            "yearly_report",
            "Publish the yearly report after the period ends",
            clocks.Rule(months=3),
            "Local default (configurable)",
            False,
        ),
        DefaultTimescale(
            "invitation_expiry",
            "An invitation to MASA can be used for this long",
            clocks.Rule(calendar_days=7),
            "Local default (configurable)",
            False,
        ),
        DefaultTimescale(
            "account_unused",
            "An account not used for this long is flagged to its agency's leads",
            clocks.Rule(months=6),
            "Local default (configurable)",
            False,
        ),
        DefaultTimescale(
            "governance_chair_warning",
            "Warn a group this long before its rotating chair changes",
            clocks.Rule(calendar_days=28),
            "Local default (configurable)",
            False,
        ),
        DefaultTimescale(
            "governance_terms_review",
            "Review a group's terms of reference after they are approved",
            clocks.Rule(months=12),
            "Local default: yearly (configurable)",
            False,
        ),
        DefaultTimescale(
            "governance_papers_before",
            "Send a meeting's papers to its members this long before it meets",
            clocks.Rule(working_days=5),
            "Local default (configurable)",
            False,
        ),
        DefaultTimescale(
            "risk_review",
            "Review each risk in the register again after its last review",
            clocks.Rule(months=3),
            "Local default: quarterly (configurable)",
            False,
        ),
    ]
}


def rule_for(partnership: Partnership, code: str) -> clocks.Rule:
    """The rule `partnership` uses for `code`: its own figure, else the default."""
    local = Timescale.objects.filter(partnership=partnership, code=code).first()
    if local is not None:
        return local.rule
    return DEFAULTS[code].rule


@dataclass(frozen=True)
class TimescaleInUse:
    default: DefaultTimescale
    local: Timescale | None

    @property
    def rule(self) -> clocks.Rule:
        return self.local.rule if self.local else self.default.rule

    @property
    def changed(self) -> bool:
        return self.local is not None and self.local.rule != self.default.rule


def timescales_in_use(partnership: Partnership) -> list[TimescaleInUse]:
    """Every named timescale with the figure `partnership` uses, in a stable order."""
    local = {item.code: item for item in Timescale.objects.filter(partnership=partnership)}
    return [TimescaleInUse(default, local.get(code)) for code, default in DEFAULTS.items()]
