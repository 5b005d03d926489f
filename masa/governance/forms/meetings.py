"""Forms for meetings: arranging one, agenda items, papers, attendance, decisions,
actions and minutes."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from masa.core import files
from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Partnership
from masa.governance.forms.common import SELECT_ONE, PeopleForm, person_field
from masa.governance.models import AgendaItem, AttendanceStatus, GroupMember, Meeting, Purpose

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def time_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="In 24-hour time, for example 09:30 or 14:00.",
        max_length=5,
        widget=forms.TextInput(attrs={"width": "5"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": "Enter a time like 14:00",
        },
    )


class MeetingForm(GovUKForm):
    day = GovUKDateField(label="Date", noun="Date")
    starts = time_field("Start time")
    ends = time_field("End time")
    place = forms.CharField(
        label="Place (optional if there is a link)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The place must be 200 characters or fewer"},
    )
    link = forms.URLField(
        label="Link to join online (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a link like https://meet.example/abc",
            "max_length": "The link must be 500 characters or fewer",
        },
    )

    def _time(self, name: str) -> datetime.time | None:
        value = self.cleaned_data.get(name, "")
        found = TIME.match(value.strip()) if value else None
        if found is None:
            self.add_error(name, "Enter a time like 14:00")
            return None
        return datetime.time(int(found.group(1)), int(found.group(2)))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("day")
        starts = self._time("starts") if "starts" in data else None
        ends = self._time("ends") if "ends" in data else None
        if day and starts and ends:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.datetime.combine(day, starts, zone)
            data["ends_at"] = datetime.datetime.combine(day, ends, zone)
        return data


class ItemForm(PeopleForm):
    people_fields = ("owner",)

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the item's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    purpose = forms.ChoiceField(
        label="Purpose",
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the item's purpose", "invalid_choice": SELECT_ONE},
    )
    owner = person_field("Owner (optional)")
    minutes_allowed = forms.IntegerField(
        label="Time allowed, in minutes",
        min_value=1,
        max_value=480,
        initial=15,
        widget=forms.NumberInput(attrs={"width": "3"}),
        error_messages={
            "required": "Enter the time allowed",
            "invalid": "The time allowed must be a whole number of minutes",
            "min_value": "Allow at least 1 minute",
            "max_value": "Allow 480 minutes or fewer",
        },
    )


def item_field(meeting: Meeting, label: str = "Agenda item (optional)") -> forms.TypedChoiceField:
    field = forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select an item from the list"},
    )
    field.choices = [("", "No item"), *((str(i.pk), str(i)) for i in meeting.items.all())]
    return field


def chosen_item(meeting: Meeting, pk: int | None) -> AgendaItem | None:
    return meeting.items.filter(pk=pk).first() if pk is not None else None


class PaperForm(GovUKForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the paper's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    file = forms.FileField(
        label="File",
        widget=forms.FileInput(),
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
        },
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"] = item_field(meeting)
        self.fields["item"].widget.attrs["class"] = "govuk-select"
        limit = files.size_label(settings.EVIDENCE_MAX_BYTES)
        self.fields["file"].help_text = f"A {files.ALLOWED_TEXT} file, smaller than {limit}."
        self.fields["file"].widget.attrs["aria-describedby"] = "id_file-hint"


class AttendanceForm(GovUKForm):
    """One question a member: present, apologies, sent a deputy (which) or absent."""

    def __init__(
        self,
        *args: Any,
        seats: list[GroupMember],
        deputies: dict[int, list[GroupMember]],
        recorded: dict[int, tuple[str, int | None]],
        **kwargs: Any,
    ) -> None:
        initial: dict[str, object] = {}
        for pk, (status, deputy) in recorded.items():
            initial[f"seat_{pk}"] = status
            initial[f"deputy_{pk}"] = deputy
        kwargs.setdefault("initial", initial)
        self.seats = seats
        self.deputies = deputies
        super().__init__(*args, **kwargs)
        for seat in seats:
            name = seat.person.full_name or seat.person.email
            self.fields[f"seat_{seat.pk}"] = forms.ChoiceField(
                label=f"{name}, {seat.agency.name}",
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect(attrs={"data-label-size": "s"}),
                error_messages={
                    "required": f"Select {name}'s attendance",
                    "invalid_choice": SELECT_ONE,
                },
            )
            self.fields[f"seat_{seat.pk}"].widget.attrs["class"] = "govuk-radios__input"
            own = deputies.get(seat.pk, [])
            if own:
                field = forms.TypedChoiceField(
                    label=f"Deputy who attended for {name}",
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[
                        ("", "No deputy"),
                        *(
                            (
                                str(d.pk),
                                (d.person.full_name or d.person.email)
                                + (
                                    ""
                                    if d.authority_confirmed
                                    else " (delegated authority not confirmed)"
                                ),
                            )
                            for d in own
                        ),
                    ],
                    error_messages={"invalid_choice": "Select a deputy from the list"},
                )
                self.fields[f"deputy_{seat.pk}"] = field
                field.widget.attrs["class"] = "govuk-select"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for seat in self.seats:
            if data.get(f"seat_{seat.pk}") == AttendanceStatus.DEPUTY and not data.get(
                f"deputy_{seat.pk}"
            ):
                name = seat.person.full_name or seat.person.email
                self.add_error(
                    f"seat_{seat.pk}",
                    f"Name the deputy who attended for {name}"
                    if self.deputies.get(seat.pk)
                    else f"{name} has no deputy on the group: add their deputy first",
                )
        return data

    def marks(self) -> dict[int, tuple[str, GroupMember | None]]:
        out: dict[int, tuple[str, GroupMember | None]] = {}
        for seat in self.seats:
            status = self.cleaned_data[f"seat_{seat.pk}"]
            deputy_pk = self.cleaned_data.get(f"deputy_{seat.pk}")
            deputy = next((d for d in self.deputies.get(seat.pk, []) if d.pk == deputy_pk), None)
            out[seat.pk] = (status, deputy if status == AttendanceStatus.DEPUTY else None)
        return out


class DecisionForm(PeopleForm):
    people_fields = ("owner",)

    text = forms.CharField(
        label="Decision",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the decision",
            "max_length": "The decision must be 5,000 characters or fewer",
        },
    )
    owner = person_field("Owner (optional)")

    def __init__(
        self, *args: Any, partnership: Partnership, meeting: Meeting, **kwargs: Any
    ) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        self.fields["item"] = item_field(meeting, "The agenda item it came from (optional)")
        self.fields["item"].widget.attrs["class"] = "govuk-select"


class MinutesForm(GovUKForm):
    minutes = forms.CharField(
        label="Minutes",
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 15}),
        error_messages={
            "required": "Enter the minutes",
            "max_length": "The minutes must be 50,000 characters or fewer",
        },
    )


class ApproveForm(GovUKForm):
    at = forms.TypedChoiceField(
        label="Approved at the meeting on",
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the meeting that approved the minutes",
            "invalid_choice": SELECT_ONE,
        },
    )

    def __init__(self, *args: Any, later: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.later = {m.pk: m for m in later}
        field = self.fields["at"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (str(m.pk), timezone.localtime(m.starts_at).strftime("%-d %B %Y")) for m in later
        ]

    def chosen(self) -> Meeting | None:
        pk = self.cleaned_data.get("at")
        return self.later.get(pk) if pk is not None else None
