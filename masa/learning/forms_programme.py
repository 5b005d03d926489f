"""Forms for the training programme and bookings: the catalogue's filters, booking,
cancelling, passing a place on, courses, events and the trainer pool."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Membership, Partnership, Person
from masa.learning.models import Course, Theme

YES_NO = [("yes", "Yes"), ("no", "No")]
LEVELS = [
    ("1", "Level 1: awareness"),
    ("2", "Level 2: working with children and families"),
    ("3", "Level 3: specialist and multi-agency practice"),
    ("4", "Level 4: leadership and designated roles"),
]


def _text(
    label: str,
    *,
    noun: str,
    max_length: int,
    required: bool = True,
    hint: str = "",
    textarea: bool = False,
    rows: int = 4,
    width: str | None = None,
) -> forms.CharField:
    attrs: dict[str, Any] = {"data-label-size": "s"}
    if width:
        attrs["width"] = width
    if textarea:
        attrs["rows"] = rows
    widget: forms.Widget = forms.Textarea(attrs=attrs) if textarea else forms.TextInput(attrs=attrs)
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{noun[0].upper()}{noun[1:]} must be {max_length:,} characters or fewer",
            "null_characters_not_allowed": f"{noun[0].upper()}{noun[1:]} must not contain "
            "null characters",
        },
    )


def _yes_no(label: str, message: str, hint: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"data-label-size": "s", "data-small": "1"}),
        error_messages={"required": message, "invalid_choice": message},
    )


def _whole_number(
    label: str, *, noun: str, low: int, high: int, hint: str = "", required: bool = True
) -> forms.IntegerField:
    example = max(low, 1) * 10 if high >= 10 else low
    return forms.IntegerField(
        label=label,
        help_text=hint,
        required=required,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "width": "5", "data-label-size": "s"}
        ),
        error_messages={
            "required": f"Enter {noun}",
            "invalid": f"Enter {noun} as a whole number, like {example}",
            "min_value": f"Enter {noun} of {low:,} or more",
            "max_value": f"Enter {noun} of {high:,} or fewer",
        },
    )


# --- GOV.UK date input and a time ---------------------------------------------------


def _time(label: str, noun: str, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="Use the 24-hour clock, for example 09:30 or 14:00",
        required=required,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TimeInput(
            format="%H:%M", attrs={"width": "5", "data-label-size": "s", "inputmode": "numeric"}
        ),
        error_messages={
            "required": f"Enter the {noun}",
            "invalid": f"Enter the {noun} as hours and minutes, like 09:30",
        },
    )


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


# --- the catalogue ------------------------------------------------------------------


class CatalogueFilterForm(GovUKForm):
    """The catalogue's filters, sent with GET so a search can be bookmarked."""

    q = forms.CharField(label="Course title", required=False, max_length=100)
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    level = forms.TypedChoiceField(
        label="Level",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any level"), *[(value, f"Level {value}") for value, _ in LEVELS]],
    )
    mode = forms.ChoiceField(
        label="How it is delivered", required=False, choices=[("", "Any"), *Course.Mode.choices]
    )
    available = forms.BooleanField(label="Only events with places available", required=False)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["theme"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", "Any theme"),
            *((str(t.pk), t.name) for t in Theme.objects.filter(partnership=partnership)),
        ]
        for name in ("theme", "level", "mode"):
            self.fields[name].error_messages["invalid_choice"] = "Select one of the options"

    def filters(self) -> dict[str, Any]:
        """The chosen filters for `selectors_programme.catalogue_events` (none if invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"].strip(),
            "theme": data["theme"],
            "level": data["level"],
            "mode": data["mode"],
            "available_only": data["available"],
        }


# --- bookings -----------------------------------------------------------------------


class BookForm(GovUKForm):
    """Book a place. The line manager is named by email address: an agency may have
    thousands of staff, far too many for a list."""

    line_manager = forms.EmailField(
        label="Your line manager's email address",
        required=False,
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "data-label-size": "s"}
        ),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        learner: Person,
        needs_approval: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership, self.learner, self.needs_approval = partnership, learner, needs_approval
        self.manager: Person | None = None
        self.fields["line_manager"].help_text = (
            "This course needs your line manager's approval. We will ask them to approve "
            "your place."
            if needs_approval
            else "Optional. Your line manager is told about late cancellations and can "
            "see your booking."
        )

    def clean_line_manager(self) -> str:
        email: str = (self.cleaned_data.get("line_manager") or "").strip().lower()
        if not email:
            if self.needs_approval:
                raise forms.ValidationError("Enter your line manager's email address")
            return ""
        member = (
            Membership.objects.filter(
                partnership=self.partnership,
                is_active=True,
                person__is_active=True,
                person__email__iexact=email,
            )
            .select_related("person")
            .first()
        )
        if member is None:
            raise forms.ValidationError(
                "Enter the email address of your line manager as they use this service"
            )
        if member.person_id == self.learner.pk:
            raise forms.ValidationError("Your line manager must be someone else")
        self.manager = member.person
        return email

    def chosen_manager(self) -> Person | None:
        return self.manager


class EventCancelForm(GovUKForm):
    reason = _text(
        "Why is the event cancelled?",
        noun="why the event is cancelled",
        max_length=1000,
        hint="Every learner and their line manager is sent this.",
        textarea=True,
        rows=3,
    )


class CancelForm(GovUKForm):
    reason = _text(
        "Why are you cancelling? (optional)",
        noun="the reason",
        max_length=2000,
        required=False,
        textarea=True,
        rows=3,
    )


class ApprovalForm(GovUKForm):
    """The line manager's decision on a booking that needs their approval."""

    decision = forms.ChoiceField(
        label="Do you approve this place?",
        choices=[("approve", "Approve"), ("decline", "Decline")],
        widget=forms.RadioSelect(attrs={"data-label-size": "m"}),
        error_messages={
            "required": "Select whether you approve or decline the place",
            "invalid_choice": "Select whether you approve or decline the place",
        },
    )


class SubstituteForm(GovUKForm):
    colleague = forms.TypedChoiceField(
        label="Which colleague will take the place?",
        coerce=int,
        widget=forms.RadioSelect(attrs={"data-label-size": "m"}),
        help_text="Colleagues from the same agency in this partnership.",
        error_messages={
            "required": "Select the colleague who will take the place",
            "invalid_choice": "Select a colleague from the list",
        },
    )

    def __init__(self, *args: Any, colleagues: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["colleague"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (
                str(m.pk),
                f"{m.person.full_name}{f', {m.person.job_title}' if m.person.job_title else ''}",
            )
            for m in colleagues
        ]
        self.memberships = {m.pk: m for m in colleagues}

    def chosen(self) -> Membership:
        return self.memberships[self.cleaned_data["colleague"]]


# --- courses ------------------------------------------------------------------------


class CourseForm(GovUKForm):
    title = _text("Course title", noun="the course title", max_length=200)
    level = forms.TypedChoiceField(
        label="Level",
        choices=LEVELS,
        coerce=int,
        widget=forms.RadioSelect(attrs={"data-label-size": "s", "data-small": "1"}),
        error_messages={
            "required": "Select the level of the course",
            "invalid_choice": "Select a level from 1 to 4",
        },
    )
    summary = _text(
        "Summary", noun="a summary", max_length=2000, required=False, textarea=True, rows=3
    )
    learning_outcomes = _text(
        "Learning outcomes",
        noun="the learning outcomes",
        max_length=5000,
        textarea=True,
        hint="What learners will know or be able to do afterwards. One outcome a line.",
    )
    audience = _text(
        "Who it is for",
        noun="who the course is for",
        max_length=2000,
        required=False,
        textarea=True,
        rows=3,
    )
    prerequisites = _text(
        "Prerequisites",
        noun="the prerequisites",
        max_length=2000,
        required=False,
        textarea=True,
        rows=3,
        hint="Courses or experience learners need first. Leave empty if none.",
    )
    themes = forms.TypedMultipleChoiceField(
        label="Themes and priorities",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "s", "data-small": "1"}),
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select themes from the list"},
    )
    duration_minutes = _whole_number(
        "Duration in minutes",
        noun="the duration",
        low=1,
        high=10_000,
        hint="For example, 180 for 3 hours.",
    )
    mode = forms.ChoiceField(
        label="How is it delivered?",
        choices=Course.Mode.choices,
        widget=forms.RadioSelect(attrs={"data-label-size": "s", "data-small": "1"}),
        error_messages={
            "required": "Select how the course is delivered",
            "invalid_choice": "Select how the course is delivered",
        },
    )
    needs_manager_approval = _yes_no(
        "Does a booking need the line manager's approval?",
        "Select whether bookings need the line manager's approval",
    )
    minimum_trainers = _whole_number(
        "Minimum number of active trainers",
        noun="the minimum number of trainers",
        low=0,
        high=50,
        hint="The trainer pool shows a warning when fewer trainers than this are active.",
    )
    is_active = _yes_no(
        "Is the course in the programme?",
        "Select whether the course is in the programme",
        hint="Courses not in the programme are hidden from the catalogue.",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.theme_rows = {t.pk: t for t in Theme.objects.filter(partnership=partnership)}
        field = self.fields["themes"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(str(pk), theme.name) for pk, theme in self.theme_rows.items()]
        if not self.theme_rows:
            del self.fields["themes"]

    @staticmethod
    def initial_for(course: Course) -> dict[str, Any]:
        return {
            "title": course.title,
            "level": str(course.level),
            "summary": course.summary,
            "learning_outcomes": course.learning_outcomes,
            "audience": course.audience,
            "prerequisites": course.prerequisites,
            "themes": [str(t.pk) for t in course.themes.all()],
            "duration_minutes": course.duration_minutes,
            "mode": course.mode,
            "needs_manager_approval": "yes" if course.needs_manager_approval else "no",
            "minimum_trainers": course.minimum_trainers,
            "is_active": "yes" if course.is_active else "no",
        }

    def values(self) -> dict[str, Any]:
        """Keyword arguments for `services.course_save`."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "level": data["level"],
            "summary": data["summary"],
            "learning_outcomes": data["learning_outcomes"],
            "audience": data["audience"],
            "prerequisites": data["prerequisites"],
            "themes": [self.theme_rows[pk] for pk in data.get("themes", [])],
            "duration_minutes": data["duration_minutes"],
            "mode": data["mode"],
            "needs_manager_approval": data["needs_manager_approval"],
            "minimum_trainers": data["minimum_trainers"],
            "is_active": data["is_active"],
        }


# --- events -------------------------------------------------------------------------

NEEDS_VENUE = {Course.Mode.FACE_TO_FACE, Course.Mode.CONFERENCE}
NEEDS_LINK = {Course.Mode.VIRTUAL, Course.Mode.WEBINAR}


class EventForm(GovUKForm):
    starts_on = GovUKDateField(example="27 3 2027", label="Date", noun="Date of the event")
    starts_time = _time("Start time", "start time")
    ends_time = _time("End time", "end time")
    ends_on = GovUKDateField(
        label="Last day (if it runs over more than one day)",
        noun="Last day",
        required=False,
        help_text="Leave empty if the event ends on the same day. For example, 28 3 2027",
    )
    venue = _text(
        "Venue", noun="the venue", max_length=300, required=False, hint="Building, room, address."
    )
    joining_link = forms.URLField(
        label="Joining link",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="For virtual events: the meeting link learners will use.",
        widget=forms.URLInput(attrs={"data-label-size": "s", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the joining link as a web address, like https://meet.example.org/abc",
            "max_length": "The joining link must be 200 characters or fewer",
        },
    )
    capacity = _whole_number("Number of places", noun="the number of places", low=1, high=2000)
    trainers = forms.TypedMultipleChoiceField(
        label="Trainers",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "s", "data-small": "1"}),
        error_messages={"invalid_choice": "Select trainers accredited for this course"},
    )
    booking_deadline = GovUKDateField(
        label="Booking closes (optional)",
        noun="Booking closing date",
        required=False,
        help_text="Booking closes at the end of this day. Leave empty to take bookings until "
        "the event starts. For example, 20 3 2027",
    )

    def __init__(
        self,
        *args: Any,
        course: Course,
        trainers: QuerySet[Person],
        now: datetime.datetime,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.course = course
        self.now = now
        self.people = {p.pk: p for p in trainers}
        field = self.fields["trainers"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(str(pk), p.full_name) for pk, p in self.people.items()]
        field.help_text = (
            "Trainers accredited for this course. Trainers recorded as unavailable on the "
            "day cannot be chosen."
            if self.people
            else "Nobody is accredited to deliver this course yet: add trainers in the "
            "trainer pool."
        )
        if course.mode in NEEDS_VENUE:
            self.fields["venue"].required = True
        if course.mode in NEEDS_LINK:
            self.fields["joining_link"].required = True
            self.fields["joining_link"].error_messages["required"] = "Enter the joining link"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("starts_on"), data.get("starts_time"), data.get("ends_time")
        last_day = data.get("ends_on") or day
        if day and start and end and last_day:
            starts_at, ends_at = _at(day, start), _at(last_day, end)
            data["starts_at"], data["ends_at"] = starts_at, ends_at
            if starts_at <= self.now:
                self.add_error("starts_on", "The date of the event must be in the future")
            elif ends_at <= starts_at:
                self.add_error(
                    "ends_time" if last_day == day else "ends_on",
                    "The event must end after it starts",
                )
            closes = data.get("booking_deadline")
            if closes is not None:
                if closes > day:
                    self.add_error(
                        "booking_deadline",
                        "Booking must close on or before the day of the event",
                    )
                elif closes < timezone.localtime(self.now).date():
                    self.add_error("booking_deadline", "Booking must close today or later")
                else:
                    data["booking_closes_at"] = min(
                        _at(closes, datetime.time(23, 59, 59)), starts_at
                    )
        return data

    def chosen_trainers(self) -> list[Person]:
        return [self.people[pk] for pk in self.cleaned_data.get("trainers", [])]


# --- the trainer pool ---------------------------------------------------------------


class AccreditationForm(GovUKForm):
    course = forms.TypedChoiceField(
        label="Course",
        coerce=int,
        widget=forms.Select(attrs={"data-label-size": "s"}),
        error_messages={
            "required": "Select the course",
            "invalid_choice": "Select a course from the list",
        },
    )
    trainer = forms.TypedChoiceField(
        label="Trainer",
        coerce=int,
        widget=forms.Select(attrs={"data-label-size": "s"}),
        help_text="Anyone in the partnership, from any agency.",
        error_messages={
            "required": "Select the trainer",
            "invalid_choice": "Select a trainer from the list",
        },
    )

    def __init__(
        self,
        *args: Any,
        courses: list[Course],
        people: QuerySet[Membership],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "accredit")
        super().__init__(*args, **kwargs)
        self.course_rows = {c.pk: c for c in courses}
        self.person_rows = {m.person_id: m.person for m in people}
        course_field = self.fields["course"]
        trainer_field = self.fields["trainer"]
        assert isinstance(course_field, forms.TypedChoiceField)
        assert isinstance(trainer_field, forms.TypedChoiceField)
        course_field.choices = [("", "Choose a course")] + [
            (str(pk), str(c)) for pk, c in self.course_rows.items()
        ]
        trainer_field.choices = [("", "Choose a person")] + [
            (str(m.person_id), f"{m.person.full_name}, {m.agency.name}") for m in people
        ]


class UnavailabilityForm(GovUKForm):
    trainer = forms.TypedChoiceField(
        label="Trainer",
        coerce=int,
        widget=forms.Select(attrs={"data-label-size": "s"}),
        error_messages={
            "required": "Select the trainer",
            "invalid_choice": "Select a trainer from the list",
        },
    )
    starts_on = GovUKDateField(example="27 3 2027", label="First day", noun="First day")
    ends_on = GovUKDateField(example="27 3 2027", label="Last day", noun="Last day")
    reason = _text(
        "Reason (optional)",
        noun="the reason",
        max_length=200,
        required=False,
        hint="For example, annual leave. Learners do not see this.",
    )

    def __init__(self, *args: Any, trainers: QuerySet[Person], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "away")
        super().__init__(*args, **kwargs)
        self.person_rows = {p.pk: p for p in trainers}
        field = self.fields["trainer"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a trainer")] + [
            (str(pk), p.full_name) for pk, p in self.person_rows.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", "The last day must be the same as or after the first day")
        return data
