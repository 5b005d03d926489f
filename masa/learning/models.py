"""Learning and development: courses, events, the trainer pool, bookings, attendance,
evaluation in four stages, e-learning completions and training needs analysis.

Open to practitioners from every agency. Capacity is protected by locking the event
row while a booking is made; the waiting list is ordered by when people joined it.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone

from masa.core.models import Agency, Partnership, Person


class Theme(models.Model):
    """A priority or theme training serves (neglect, exploitation, domestic abuse...)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="theme_once")]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    """What is taught. Events are the dates it runs."""

    class Mode(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        VIRTUAL = "virtual", "Virtual classroom"
        ELEARNING = "elearning", "E-learning"
        WEBINAR = "webinar", "Webinar"
        RECORDING = "recording", "Recording"
        CONFERENCE = "conference", "Conference"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(help_text="Training level, 1 (awareness) to 4.")
    summary = models.TextField(blank=True)
    learning_outcomes = models.TextField()
    audience = models.TextField(blank=True)
    prerequisites = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="courses")
    duration_minutes = models.PositiveIntegerField()
    mode = models.CharField(max_length=20, choices=Mode.choices)
    needs_manager_approval = models.BooleanField(default=False)
    minimum_trainers = models.PositiveSmallIntegerField(
        default=2, help_text="Warn when fewer accredited trainers than this are active."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["level", "title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="course_title_once"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4), name="course_level_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (level {self.level})"


class Accreditation(models.Model):
    """A trainer accredited to deliver a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="accreditations")
    trainer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="accreditations")
    accredited_on = models.DateField(default=timezone.localdate)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "trainer"], name="accredited_once")
        ]

    def __str__(self) -> str:
        return f"{self.trainer} for {self.course}"


class Unavailability(models.Model):
    """Days a trainer cannot deliver (their availability is everything else)."""

    trainer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="unavailability_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainer} unavailable {self.starts_on} to {self.ends_on}"


class Event(models.Model):
    """One run of a course: when, where, how many places, who delivers it."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="events")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    joining_link = models.URLField(blank=True)
    capacity = models.PositiveIntegerField()
    booking_deadline = models.DateTimeField()
    cancellation_deadline = models.DateTimeField()
    trainers = models.ManyToManyField(Person, blank=True, related_name="events_delivered")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    confirmed_count = models.PositiveIntegerField(default=0)  # kept by the booking services

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["partnership", "starts_at"], name="event_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=models.F("capacity")),
                name="event_never_over_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.title}, {self.starts_at:%-d %b %Y}"

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.confirmed_count)


class Booking(models.Model):
    """A person's place (or place in the queue) on an event."""

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting manager approval"
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "On the waiting list"
        OFFERED = "offered", "Offered a place"
        CANCELLED = "cancelled", "Cancelled"
        LATE_CANCELLED = "late_cancelled", "Cancelled late"
        DECLINED = "declined", "Not approved"
        OFFER_EXPIRED = "offer_expired", "Offer expired"
        SUBSTITUTED = "substituted", "Passed to a colleague"

    # Statuses that hold a place or a claim to one: one such booking per person per event.
    ACTIVE = (
        Status.AWAITING_APPROVAL,
        Status.CONFIRMED,
        Status.WAITING,
        Status.OFFERED,
    )

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="bookings")
    learner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bookings")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    line_manager = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="team_bookings"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    booked_at = models.DateTimeField(default=timezone.now)
    joined_waiting_list_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    charge = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    charge_reason = models.CharField(max_length=200, blank=True)
    substitute_for = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["event", "booked_at"]
        indexes = [
            models.Index(fields=["learner", "status"], name="booking_learner"),
            models.Index(
                fields=["event", "status", "joined_waiting_list_at"], name="booking_queue"
            ),
            models.Index(fields=["line_manager", "status"], name="booking_manager"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "learner"],
                condition=Q(status__in=["awaiting_approval", "confirmed", "waiting", "offered"]),
                name="one_active_booking_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} on {self.event} ({self.get_status_display()})"


class Attendance(models.Model):
    """Whether a confirmed learner came: from the trainer's register or an imported report."""

    class Status(models.TextChoices):
        ATTENDED = "attended", "Attended"
        PARTIAL = "partial", "Attended part"
        NO_SHOW = "no_show", "Did not attend"

    class Source(models.TextChoices):
        REGISTER = "register", "Trainer's register"
        IMPORT = "import", "Virtual meeting report"

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.booking.learner}: {self.get_status_display()}"


class ChargeRule(models.Model):
    """What a partnership charges an agency for a late cancellation or a no-show."""

    class Kind(models.TextChoices):
        LATE_CANCELLATION = "late_cancellation", "Late cancellation"
        NO_SHOW = "no_show", "No-show"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "kind"], name="charge_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: £{self.amount}"


class EvaluationStage(models.TextChoices):
    BEFORE = "before", "Before the course"
    AFTER = "after", "After the course"
    IMPACT = "impact", "Impact at 8 weeks"
    SIX_MONTHS = "six_months", "Six months, with the line manager"


class Respondent(models.TextChoices):
    """Who answers a form: the learner, or (at six months) their line manager too."""

    LEARNER = "learner", "The learner"
    LINE_MANAGER = "line_manager", "The line manager"


class EvaluationForm(models.Model):
    """The questions asked at one stage; a course may have its own, else the default."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluation_forms"
    )
    stage = models.CharField(max_length=20, choices=EvaluationStage.choices)
    respondent = models.CharField(
        max_length=20, choices=Respondent.choices, default=Respondent.LEARNER
    )
    title = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "course", "stage", "respondent"],
                name="evaluation_form_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EvaluationQuestion(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", "Rating from 1 to 5"
        TEXT = "text", "Written answer"

    class Measure(models.TextChoices):
        NONE = "", "Not a measure"
        KNOWLEDGE = "knowledge", "Knowledge"
        CONFIDENCE = "confidence", "Confidence"

    form = models.ForeignKey(EvaluationForm, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    measure = models.CharField(max_length=20, choices=Measure.choices, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["form", "number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="evaluation_question_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class EvaluationResponse(models.Model):
    """One learner's answers at one stage (answers as data; the two measures as columns),
    or, at six months, their line manager's part of the stage."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="evaluations")
    stage = models.CharField(max_length=20, choices=EvaluationStage.choices)
    respondent = models.CharField(
        max_length=20, choices=Respondent.choices, default=Respondent.LEARNER
    )
    form = models.ForeignKey(EvaluationForm, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    knowledge = models.PositiveSmallIntegerField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "stage", "respondent"], name="evaluation_once_a_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.booking}: {self.get_stage_display()}"


class Completion(models.Model):
    """An e-learning completion or a recording watched, from an LMS export or a view."""

    class Kind(models.TextChoices):
        ELEARNING = "elearning", "E-learning completed"
        RECORDING = "recording", "Recording watched"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    learner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT)
    learner_email = models.EmailField()
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    completed_at = models.DateTimeField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "learner_email", "kind", "completed_at"], name="completion_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_email}: {self.course}"


class NeedsSurvey(models.Model):
    """A training needs analysis: one survey a year, answered once per agency."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    closes_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="needs_survey_once")
        ]

    def __str__(self) -> str:
        return f"Training needs {self.year}"


class NeedsResponse(models.Model):
    survey = models.ForeignKey(NeedsSurvey, on_delete=models.CASCADE, related_name="responses")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    staff_needing = models.PositiveIntegerField()
    priority = models.PositiveSmallIntegerField()  # 1 (highest) to 3
    notes = models.TextField(blank=True)
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "agency", "theme"], name="needs_response_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.theme}"


class EvaluationReminder(models.Model):
    """A reminder sent for one evaluation stage of one booking: each is sent once."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=20, choices=EvaluationStage.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "stage"], name="evaluation_reminder_once")
        ]

    def __str__(self) -> str:
        return f"Reminder: {self.booking}, {self.get_stage_display()}"
