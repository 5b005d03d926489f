"""Every write at the front door: one domain action, one function, one transaction,
one audit event; emails are recorded with the change and sent once it commits.

By sub-area: `referrals` (the eMARF), `contacts` (the MASH's triage), `checks`
(partner checks), `decisions` (decisions, sign-off and the outcomes at each level).
The names are re-exported here, so `services.contact_decide` keeps working for the
many callers (views, tests, the demo, other apps' use of `LONDON`).
"""

from masa.frontdoor.services.checks import (
    OVERDUE_REMINDER_WINDOW,
    check_due_by,
    partner_check_request,
    partner_check_respond,
    partner_check_withdraw,
    partner_checks_remind,
    partner_checks_request,
)
from masa.frontdoor.services.common import LONDON, REPEAT_WINDOW, due_at
from masa.frontdoor.services.contacts import (
    contact_link_child,
    contact_rate,
    contact_search_record,
    contact_start,
    is_repeat_contact,
)
from masa.frontdoor.services.decisions import (
    contact_decide,
    contact_sign_off,
    level_outcomes_ensure_defaults,
    outcome_refused,
)
from masa.frontdoor.services.referrals import (
    DRAFT_VALUE_MAX,
    MAX_ITEMS,
    MAX_OPEN_DRAFTS,
    reference_prefix,
    referral_delete_draft,
    referral_remove_item,
    referral_save_item,
    referral_save_section,
    referral_start,
    referral_submit,
)

__all__ = [
    "DRAFT_VALUE_MAX",
    "LONDON",
    "MAX_ITEMS",
    "MAX_OPEN_DRAFTS",
    "OVERDUE_REMINDER_WINDOW",
    "REPEAT_WINDOW",
    "check_due_by",
    "contact_decide",
    "contact_link_child",
    "contact_rate",
    "contact_search_record",
    "contact_sign_off",
    "contact_start",
    "due_at",
    "is_repeat_contact",
    "level_outcomes_ensure_defaults",
    "outcome_refused",
    "partner_check_request",
    "partner_check_respond",
    "partner_check_withdraw",
    "partner_checks_remind",
    "partner_checks_request",
    "reference_prefix",
    "referral_delete_draft",
    "referral_remove_item",
    "referral_save_item",
    "referral_save_section",
    "referral_start",
    "referral_submit",
]
