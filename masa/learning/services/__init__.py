"""Every write in learning, by sub-area: one domain action, one function, one
transaction, one audit event.

* `programme`: courses, events, the trainer pool, cancelling an event;
* `bookings`: booking, approval, cancellation, the waiting list, passing a place on;
* `attendance`: registers, attendance and completion imports, recordings;
* `evaluations`: the four-stage evaluation, reminders, certificates;
* `needs`: the training needs analysis;
* `charges` and `deadlines`: what the partnership sets.

The package re-exports each public function, so callers say `services.booking_make`
(the views, the demo and the tests call them by that one name).
"""

from __future__ import annotations

from masa.learning.services.attendance import (
    ATTENDED_SHARE,
    AttendanceImported,
    CompletionsImported,
    attendance_import,
    attendance_record,
    completions_import,
    event_minutes,
    recording_watched,
    register_open,
    register_save,
)
from masa.learning.services.bookings import (
    ATTENDANCE_RECORDED,
    booking_accept_offer,
    booking_approve,
    booking_cancel,
    booking_make,
    booking_substitute,
    offers_expire,
)
from masa.learning.services.deadlines import (
    IMPACT_AFTER,
    SIX_MONTHS_AFTER,
    cancellation_deadline,
    offer_expiry,
)
from masa.learning.services.evaluations import (
    BEFORE_REMINDER_LEAD,
    REMINDER_WINDOW,
    certificate_available,
    evaluation_form_for,
    evaluation_open,
    evaluation_reminders_send,
    evaluation_stage_opens,
    evaluation_submit,
)
from masa.learning.services.needs import NeedsAnswer, needs_respond, needs_survey_open
from masa.learning.services.programme import (
    COURSE_FIELDS,
    accreditation_set,
    course_save,
    event_cancel,
    event_create,
    unavailability_add,
)

__all__ = [
    "ATTENDANCE_RECORDED",
    "ATTENDED_SHARE",
    "BEFORE_REMINDER_LEAD",
    "COURSE_FIELDS",
    "IMPACT_AFTER",
    "REMINDER_WINDOW",
    "SIX_MONTHS_AFTER",
    "AttendanceImported",
    "CompletionsImported",
    "NeedsAnswer",
    "accreditation_set",
    "attendance_import",
    "attendance_record",
    "booking_accept_offer",
    "booking_approve",
    "booking_cancel",
    "booking_make",
    "booking_substitute",
    "cancellation_deadline",
    "certificate_available",
    "completions_import",
    "course_save",
    "evaluation_form_for",
    "evaluation_open",
    "evaluation_reminders_send",
    "evaluation_stage_opens",
    "evaluation_submit",
    "event_cancel",
    "event_create",
    "event_minutes",
    "needs_respond",
    "needs_survey_open",
    "offer_expiry",
    "offers_expire",
    "recording_watched",
    "register_open",
    "register_save",
    "unavailability_add",
]
