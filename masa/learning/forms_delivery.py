"""Forms for delivery: the register, CSV uploads and the evaluation answers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from masa.core.forms import GovUKForm
from masa.learning import imports
from masa.learning.models import Attendance, EvaluationQuestion
from masa.learning.selectors.delivery import RegisterRow

RATINGS = [
    ("1", "1 – very low"),
    ("2", "2 – low"),
    ("3", "3 – moderate"),
    ("4", "4 – high"),
    ("5", "5 – very high"),
]


class RegisterForm(GovUKForm):
    """The whole register: for each confirmed learner whether they attended, and the
    minutes when they attended part. A learner left blank is left as recorded."""

    def __init__(self, *args: Any, rows: Sequence[RegisterRow], length: int, **kwargs: Any):
        self.rows = list(rows)
        self.length = length
        super().__init__(*args, **kwargs)
        for row in self.rows:
            pk, name = row.booking.pk, row.booking.learner.full_name
            current = row.attendance
            self.fields[f"status_{pk}"] = forms.ChoiceField(
                label=f"Attendance for {name}",
                choices=Attendance.Status.choices,
                required=False,
                initial=current.status if current else None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"Select whether {name} attended"},
            )
            self.fields[f"minutes_{pk}"] = forms.IntegerField(
                label="Minutes attended, if part",
                required=False,
                min_value=1,
                max_value=length,
                initial=current.minutes
                if current and current.status == Attendance.Status.PARTIAL
                else None,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": f"Enter the minutes {name} attended as a whole number, like 90",
                    "min_value": f"Enter the minutes {name} attended, from 1 to {length}",
                    "max_value": f"Enter the minutes {name} attended, from 1 to {length}",
                },
            )
        # Set again: GovUKForm set the classes before these fields existed.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                widget.attrs["class"] = "govuk-radios__input"
            else:
                widget.attrs["class"] = "govuk-input govuk-input--width-3"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in self.rows:
            status, minutes = f"status_{row.booking.pk}", f"minutes_{row.booking.pk}"
            partial = data.get(status) == Attendance.Status.PARTIAL
            if partial and not data.get(minutes) and minutes not in self.errors:
                name = row.booking.learner.full_name
                self.add_error(minutes, f"Enter the minutes {name} attended")
        return data

    def entries(self) -> dict[int, tuple[str, int | None]]:
        """Booking number → (status, minutes), for the learners given a status."""
        chosen: dict[int, tuple[str, int | None]] = {}
        for row in self.rows:
            pk = row.booking.pk
            status = self.cleaned_data.get(f"status_{pk}")
            if status:
                chosen[pk] = (status, self.cleaned_data.get(f"minutes_{pk}"))
        return chosen

    def learner_fields(self) -> list[tuple[RegisterRow, forms.BoundField, forms.BoundField]]:
        return [
            (row, self[f"status_{row.booking.pk}"], self[f"minutes_{row.booking.pk}"])
            for row in self.rows
        ]


class UploadForm(GovUKForm):
    """A CSV export to import. The file is read and checked here: a file that is not
    CSV, too large or without the needed columns is refused whole."""

    file = forms.FileField(
        label="Upload a CSV file",
        help_text=f"A CSV file smaller than {imports.MAX_BYTES_LABEL}.",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(
        self, *args: Any, parser: Callable[[bytes], imports.Parsed[Any]], **kwargs: Any
    ) -> None:
        self.parser = parser
        self.parsed: imports.Parsed[Any] = imports.Parsed()
        self.filename = ""
        super().__init__(*args, **kwargs)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The selected file must be a CSV file")
        if upload.size is not None and upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {imports.MAX_BYTES_LABEL}"
            )
        data = upload.read(imports.MAX_BYTES + 1)
        if len(data) > imports.MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {imports.MAX_BYTES_LABEL}"
            )
        try:
            self.parsed = self.parser(data)
        except imports.ImportRefused as refused:
            raise forms.ValidationError(f"The file was not imported. {refused}") from None
        if not self.parsed.rows and not self.parsed.problems:
            raise forms.ValidationError(
                "The file was not imported. It has no rows under the headings"
            )
        self.filename = name
        return upload


class EvaluationAnswersForm(GovUKForm):
    """One stage's questions: ratings from 1 to 5 as radios, written answers as text."""

    def __init__(self, *args: Any, questions: Sequence[EvaluationQuestion], **kwargs: Any) -> None:
        self.questions = list(questions)
        super().__init__(*args, **kwargs)
        for question in self.questions:
            name = f"q_{question.number}"
            label = f"{question.number}. {question.text}"
            if not question.required:
                label += " (optional)"
            field: forms.Field
            if question.kind == EvaluationQuestion.Kind.SCALE:
                field = forms.ChoiceField(
                    label=label,
                    help_text="1 is the lowest and 5 the highest.",
                    choices=RATINGS,
                    required=question.required,
                    widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
                    error_messages={
                        "required": f"Choose a rating from 1 to 5 for question {question.number}",
                        "invalid_choice": (
                            f"Choose a rating from 1 to 5 for question {question.number}"
                        ),
                    },
                )
            else:
                field = forms.CharField(
                    label=label,
                    required=question.required,
                    max_length=5000,
                    widget=forms.Textarea(
                        attrs={"rows": 4, "class": "govuk-textarea", "data-label-size": "m"}
                    ),
                    error_messages={
                        "required": f"Answer question {question.number}",
                        "max_length": "Answers must be 5,000 characters or fewer",
                    },
                )
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"
            self.fields[name] = field

    def answers(self) -> dict[str, str]:
        """Answers keyed by question number, as the service takes them."""
        return {
            str(question.number): self.cleaned_data.get(f"q_{question.number}") or ""
            for question in self.questions
        }
