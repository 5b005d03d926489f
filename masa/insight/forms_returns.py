"""Forms for the catalogue, returns, uploads and comparators."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from masa.core.forms import GovUKForm
from masa.core.models import Agency
from masa.insight import validation, workbook
from masa.insight.models import Indicator, Priority
from masa.insight.validation import Entry, Problem
from masa.plan.periods import current_priorities

FIGURE_MAX = 40
NARRATIVE_MAX = 5000


# --- the catalogue -----------------------------------------------------------------------


def _yes_no(label: str, *, yes: str = "Yes", no: str = "No", error: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", yes), ("no", no)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"data-small": "1"}),
        error_messages={"required": error, "invalid_choice": error},
    )


def _band(label: str, hint: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=hint,
        required=False,
        max_digits=14,
        decimal_places=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "width": "5"}),
        error_messages={
            "invalid": f"{label} must be a number, like 85",
            "max_digits": f"{label} is too large",
            "max_decimal_places": f"{label} must have 4 decimal places or fewer",
            "max_whole_digits": f"{label} is too large",
        },
    )


class IndicatorForm(GovUKForm):
    """What the partnership decides about one indicator."""

    green_from = _band("Green from", "Green at this value or better. Leave empty for none.")
    red_from = _band("Red from", "Red at this value or worse; amber between. Leave empty for none.")
    change_alert_percent = forms.DecimalField(
        label="Raise an exception when the figure changes by more than (%)",
        help_text="Compared with the period before, for example 20.",
        min_value=Decimal("0.1"),
        max_value=Decimal(1000),
        max_digits=6,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "width": "4"}),
        error_messages={
            "required": "Enter the change that raises an exception, like 20",
            "invalid": "The change must be a number, like 20",
            "min_value": "The change must be more than 0",
            "max_value": "The change must be 1000 or less",
            "max_decimal_places": "The change must have 1 decimal place or fewer",
            "max_digits": "The change must be 1000 or less",
            "max_whole_digits": "The change must be 1000 or less",
        },
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency that returns this figure",
        required=False,
        empty_label="Nobody yet",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    publishable = _yes_no(
        "May this figure be published?",
        yes="Yes, with small numbers hidden",
        no="No, for the partnership only",
        error="Select whether the figure may be published",
    )
    is_active = _yes_no(
        "Is the indicator in use?",
        yes="Yes",
        no="No, agencies stop returning it and dashboards leave it out",
        error="Select whether the indicator is in use",
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=Priority.objects.none(),
        label="Priorities it serves",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select priorities from the list"},
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "green_from": _plain(indicator.green_from),
                "red_from": _plain(indicator.red_from),
                "change_alert_percent": _plain(indicator.change_alert_percent),
                "agency": indicator.agency_id,
                "publishable": "yes" if indicator.publishable else "no",
                "is_active": "yes" if indicator.is_active else "no",
                "priorities": [p.pk for p in indicator.priorities.all()],
            },
        )
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        if indicator.source == "return":
            agency.queryset = Agency.objects.filter(
                partnershipagency__partnership=indicator.partnership
            ).order_by("name")
        else:
            del self.fields["agency"]
        priorities = self.fields["priorities"]
        assert isinstance(priorities, forms.ModelMultipleChoiceField)
        priorities.queryset = current_priorities(indicator.partnership_id)
        if indicator.polarity == "neither":
            del self.fields["green_from"]
            del self.fields["red_from"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "green_from": data.get("green_from"),
            "red_from": data.get("red_from"),
            "change_alert_percent": data["change_alert_percent"],
            "agency": data.get("agency"),
            "publishable": data["publishable"],
            "is_active": data["is_active"],
            "priorities": list(data["priorities"]),
        }


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


# --- returns -----------------------------------------------------------------------------


class ReturnStartForm(GovUKForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none())
    period = forms.ChoiceField()

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], periods: Sequence[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = [(code, code) for code in periods]


class ReturnForm(GovUKForm):
    """Every figure of a return, kept as typed: nothing here refuses a draft except a
    figure too long to store. Checking happens before submitting."""

    narrative = forms.CharField(
        label="The story behind the figures",
        help_text="What explains this quarter's figures: changes, pressures, what your agency "
        "is doing about them.",
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "data-label-size": "m"}),
        error_messages={
            "max_length": f"The story behind the figures must be {NARRATIVE_MAX:,} characters "
            "or fewer"
        },
    )

    def __init__(
        self, *args: Any, indicators: Iterable[Indicator], entries: dict[int, Entry], **kwargs: Any
    ) -> None:
        self.indicators = list(indicators)
        super().__init__(*args, **kwargs)
        initial = self.initial
        for indicator in self.indicators:
            entry = entries.get(indicator.pk, Entry())
            pk, name = indicator.pk, indicator.name
            if indicator.entered_as_fraction:
                self.fields[f"numerator_{pk}"] = _figure(indicator.numerator_label, name)
                self.fields[f"denominator_{pk}"] = _figure(indicator.denominator_label, name)
                initial[f"numerator_{pk}"] = entry.numerator
                initial[f"denominator_{pk}"] = entry.denominator
            else:
                self.fields[f"value_{pk}"] = _figure(_figure_label(indicator), name)
                initial[f"value_{pk}"] = entry.value
            self.fields[f"not_available_{pk}"] = forms.BooleanField(
                label="This figure is not available (say why in the narrative)", required=False
            )
            self.fields[f"narrative_{pk}"] = forms.CharField(
                label="Narrative for this figure",
                required=False,
                max_length=NARRATIVE_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": f"{name}: the narrative must be {NARRATIVE_MAX:,} characters "
                    "or fewer"
                },
            )
            initial[f"not_available_{pk}"] = entry.not_available
            initial[f"narrative_{pk}"] = entry.narrative
        # GovUKForm sets classes when it is made; fields added since need theirs too.
        for name, field in self.fields.items():
            if name != "narrative":
                kind = field.widget.__class__.__name__
                css = {
                    "Textarea": "govuk-textarea",
                    "CheckboxInput": "govuk-checkboxes__input",
                }.get(kind, "govuk-input govuk-input--width-10")
                field.widget.attrs.setdefault("class", css)

    def rows(self) -> list[dict[str, Any]]:
        """Each indicator with its bound fields, for the template."""
        result = []
        for indicator in self.indicators:
            pk = indicator.pk
            fields = [
                self[f"{key}_{pk}"]
                for key in (
                    ("numerator", "denominator") if indicator.entered_as_fraction else ("value",)
                )
            ]
            result.append(
                {
                    "indicator": indicator,
                    "figures": fields,
                    "not_available": self[f"not_available_{pk}"],
                    "narrative": self[f"narrative_{pk}"],
                    "has_errors": any(
                        self[f"{key}_{pk}"].errors
                        for key in ("not_available", "narrative")
                        if f"{key}_{pk}" in self.fields
                    )
                    or any(field.errors for field in fields),
                }
            )
        return result

    def entries(self) -> dict[int, Entry]:
        data = self.cleaned_data
        result = {}
        for indicator in self.indicators:
            pk = indicator.pk
            result[pk] = Entry(
                value=data.get(f"value_{pk}", "") or "",
                numerator=data.get(f"numerator_{pk}", "") or "",
                denominator=data.get(f"denominator_{pk}", "") or "",
                narrative=data.get(f"narrative_{pk}", "") or "",
                not_available=bool(data.get(f"not_available_{pk}")),
            )
        return result

    def add_problems(self, problems: Iterable[tuple[Indicator, Problem]]) -> None:
        """Show each problem found in checking on its field."""
        for indicator, problem in problems:
            name = f"{problem.field}_{indicator.pk}"
            if name not in self.fields:
                name = (
                    f"numerator_{indicator.pk}"
                    if indicator.entered_as_fraction
                    else f"value_{indicator.pk}"
                )
            self.add_error(name, problem.message)
            widget = self.fields[name].widget
            css = widget.attrs.get("class", "")
            for base in ("govuk-input", "govuk-textarea"):
                if css.startswith(base) and f"{base}--error" not in css:
                    widget.attrs["class"] = f"{css} {base}--error"
            widget.attrs["aria-describedby"] = f"id_{name}-error"


def _figure_label(indicator: Indicator) -> str:
    if indicator.unit == "percent":
        return "Percentage"
    if indicator.unit == "count":
        return "Number"
    return str(indicator.get_unit_display())


def _figure(label: str, name: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=FIGURE_MAX,
        error_messages={
            "max_length": f"{name}: the figure must be {FIGURE_MAX} characters or fewer"
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )


def form_data(form: ReturnForm) -> dict[str, Any]:
    """The form's initial values as posted data, so a saved draft can be shown with the
    problems found in it (a form shows errors only when it is bound)."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value not in (None, ""):
            data[name] = value
    return data


class CheckForm(GovUKForm):
    correction_reason = forms.CharField(
        label="Why are you correcting the figures already submitted?",
        help_text="For example, a figure was counted wrongly or a late record was added. "
        "The earlier version is kept.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "data-label-size": "m"}),
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, correcting: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not correcting:
            del self.fields["correction_reason"]
        else:
            self.fields["correction_reason"].required = True
            self.fields["correction_reason"].error_messages["required"] = (
                "Say why you are correcting the figures already submitted"
            )


class TemplateUploadForm(GovUKForm):
    """The return's Excel template, filled in. Size is checked before it is read."""

    file = forms.FileField(
        label="Upload the filled-in template",
        help_text=f"The Excel file (.xlsx) downloaded from this page, smaller than "
        f"{workbook.MAX_LABEL}.",
        error_messages={
            "required": "Select the filled-in Excel template",
            "empty": "The selected file is empty",
            "invalid": "Select the filled-in Excel template",
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.content = b""
        self.filename = ""
        super().__init__(*args, **kwargs)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "The selected file must be an Excel workbook (.xlsx): download the template "
                "on this page, fill it in and upload it"
            )
        too_big = f"The selected file must be smaller than {workbook.MAX_LABEL}"
        if upload.size is not None and upload.size > workbook.MAX_BYTES:
            raise forms.ValidationError(too_big)
        content = upload.read(workbook.MAX_BYTES + 1)
        if len(content) > workbook.MAX_BYTES:
            raise forms.ValidationError(too_big)
        self.content, self.filename = content, name
        return upload


class ComparatorsForm(GovUKForm):
    file = forms.FileField(
        label="Upload a CSV file of comparators",
        help_text=f"A CSV file smaller than {validation.MAX_CSV_LABEL}.",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.parsed = validation.ComparatorFile()
        self.filename = ""
        super().__init__(*args, **kwargs)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("The selected file must be a CSV file")
        too_big = f"The selected file must be smaller than {validation.MAX_CSV_LABEL}"
        if upload.size is not None and upload.size > validation.MAX_CSV_BYTES:
            raise forms.ValidationError(too_big)
        content = upload.read(validation.MAX_CSV_BYTES + 1)
        if len(content) > validation.MAX_CSV_BYTES:
            raise forms.ValidationError(too_big)
        try:
            self.parsed = validation.parse_comparators(content)
        except validation.FileRefused as refused:
            raise forms.ValidationError(f"The file was not imported. {refused}") from None
        if not self.parsed.rows and not self.parsed.problems:
            raise forms.ValidationError(
                "The file was not imported. It has no rows under the headings"
            )
        self.filename = name
        return upload
