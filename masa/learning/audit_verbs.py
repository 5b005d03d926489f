"""Every audit verb of learning, registered once with what a person reads in the log.

Changes to a record (a course, an attendance) are `{field: {"old", "new"}}`; what
happened to a booking or an event is an event with plain values."""

from __future__ import annotations

from masa.core import audit
from masa.core.audit import Kind

COURSE = {"course": "Course"}
EVENT = {"event": "Event", "status": "Booking status"}
FILE = {"file": "File", "not_imported": "Rows not imported"}
ACCREDITATION = {"course": "Course", "trainer": "Trainer", "is_active": "Active"}

# The programme.
COURSE_FIELDS = {
    "title": "Title",
    "level": "Level",
    "summary": "Summary",
    "learning_outcomes": "Learning outcomes",
    "audience": "Audience",
    "prerequisites": "Prerequisites",
    "duration_minutes": "Duration (minutes)",
    "mode": "Delivery",
    "needs_manager_approval": "Needs the line manager's approval",
    "minimum_trainers": "Trainers needed",
    "is_active": "In the programme",
    "themes": "Themes",
}
audit.register("course.create", "Added a course", Kind.CHANGE, COURSE_FIELDS)
audit.register("course.change", "Changed a course", Kind.CHANGE, COURSE_FIELDS)
audit.register(
    "event.create",
    "Added an event",
    Kind.EVENT,
    {**COURSE, "starts_at": "Starts", "capacity": "Places"},
)
audit.register(
    "event.cancel",
    "Cancelled an event",
    Kind.EVENT,
    {"reason": "Reason", "bookings_ended": "Bookings ended"},
)
audit.register("accreditation.add", "Accredited a trainer for a course", Kind.EVENT, ACCREDITATION)
audit.register(
    "accreditation.activate", "Made a trainer active for a course", Kind.EVENT, ACCREDITATION
)
audit.register(
    "accreditation.deactivate", "Made a trainer inactive for a course", Kind.EVENT, ACCREDITATION
)
audit.register(
    "unavailability.add",
    "Recorded a trainer's unavailability",
    Kind.EVENT,
    {"trainer": "Trainer", "starts_on": "First day", "ends_on": "Last day"},
)

# Bookings.
audit.register("booking.make", "Booked a place", Kind.EVENT, EVENT)
audit.register("booking.wait", "Joined a waiting list", Kind.EVENT, EVENT)
audit.register("booking.request", "Asked a line manager to approve a place", Kind.EVENT, EVENT)
audit.register("booking.approve", "Approved a place", Kind.EVENT, EVENT)
audit.register("booking.decline", "Declined a place", Kind.EVENT, EVENT)
audit.register(
    "booking.offer",
    "Offered a place from the waiting list",
    Kind.EVENT,
    {"expires": "Offer expires"},
)
audit.register("booking.accept_offer", "Accepted a place offered", Kind.EVENT)
audit.register("booking.offer_expired", "An offered place expired", Kind.EVENT)
audit.register(
    "booking.cancel",
    "Cancelled a booking",
    Kind.EVENT,
    {"late": "After the deadline", "charge": "Charge (£)", "reason": "Reason"},
)
audit.register(
    "booking.substitute",
    "Passed a place to a colleague",
    Kind.EVENT,
    {"instead_of": "Instead of"},
)

# Attendance, completions and recordings.
audit.register(
    "attendance.record",
    "Recorded attendance",
    Kind.CHANGE,
    {"status": "Attendance", "minutes": "Minutes attended"},
)
audit.register(
    "attendance.register",
    "Saved an event's register",
    Kind.EVENT,
    {"changed": "Learners whose attendance changed"},
)
audit.register(
    "attendance.import",
    "Imported attendance",
    Kind.EVENT,
    {**FILE, "attended": "Attended", "partial": "Attended part"},
)
audit.register(
    "completion.import",
    "Imported e-learning completions",
    Kind.EVENT,
    {**FILE, "added": "Added", "already_recorded": "Already recorded"},
)
audit.register("recording.watched", "Watched a recording", Kind.EVENT, COURSE)

# Evaluation.
audit.register(
    "evaluation.submit",
    "Gave an evaluation",
    Kind.EVENT,
    {"stage": "Stage", "respondent": "Given by"},
)
audit.register("evaluation.remind", "Reminded to give an evaluation", Kind.EVENT)
audit.register(
    "evaluation_forms.ship",
    "Set up the default evaluation forms",
    Kind.EVENT,
    {"stages": "Stages"},
)

# The training needs analysis.
audit.register(
    "needs.open",
    "Opened the training needs survey",
    Kind.EVENT,
    {"year": "Year", "closes_on": "Closes on"},
)
audit.register(
    "needs.respond",
    "Answered the training needs survey",
    Kind.EVENT,
    {
        "agency": "Agency",
        "themes": "Themes answered",
        "staff_needing": "Staff needing training",
        "replaced": "Earlier answers replaced",
    },
)

# The demo's training year (masa/demo/learning.py).
audit.register(
    "demo.learning_load",
    "Loaded the demo training year",
    Kind.EVENT,
    {
        "events": "Events",
        "bookings": "Bookings",
        "booking_statuses": "Bookings by status",
        "attendance": "Attendance records",
        "evaluations": "Evaluations",
        "completions": "Completions",
        "learners": "Learners",
        "needs_responses": "Training needs answers",
        "seed": "Seed",
        "anchor": "Anchored on",
    },
)
