"""Forms: GOV.UK markup for every field, and the core's own forms."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils import timezone

from masa.core.models import Agency, Role, Timescale


class GovUKFormRenderer(TemplatesSetting):
    """Renders fields with the GOV.UK Design System markup (templates/govuk/)."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "checkbox": "govuk-checkboxes__input",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


class GovUKForm(forms.Form):
    """A form whose widgets carry GOV.UK classes, error states and hint links."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget_type = (
                field.widget.__class__.__name__.lower().removesuffix("input").removesuffix("widget")
            )
            css = WIDGET_CLASSES.get(widget_type, "govuk-input")
            width = field.widget.attrs.pop("width", None)
            if width:
                css += f" govuk-input--width-{width}"
            field.widget.attrs["class"] = css
            if widget_type == "textarea" and getattr(field, "max_length", None):
                # The GOV.UK character count (govuk/field.html): the limit is said
                # before it is reached, and typing past it is not cut off in silence
                # (no `maxlength`); the server refuses the text with a clear message.
                field.widget.attrs.pop("maxlength", None)
                field.widget.attrs["class"] += " govuk-js-character-count"
            described = self._described_by(name)
            if described:
                field.widget.attrs["aria-describedby"] = described

    def _described_by(self, name: str, *, error: bool = False) -> str:
        field = self.fields[name]
        described = []
        if "govuk-js-character-count" in field.widget.attrs.get("class", ""):
            described.append(f"id_{name}-info")
        if field.help_text:
            described.append(f"id_{name}-hint")
        if error:
            described.append(f"id_{name}-error")
        return " ".join(described)

    def full_clean(self) -> None:
        super().full_clean()
        # Error states need the errors, which exist only after cleaning.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-describedby"] = self._described_by(name, error=True)
                if widget.attrs.get("class", "").startswith(
                    ("govuk-input", "govuk-textarea", "govuk-select")
                ):
                    base = widget.attrs["class"].split()[0]
                    if f"{base}--error" not in widget.attrs["class"]:
                        widget.attrs["class"] += f" {base}--error"

    def error_list(self) -> list[dict[str, str]]:
        """Errors for the GOV.UK error summary, each linked to its field."""
        items: list[dict[str, str]] = []
        for name, errors in self.errors.items():
            if name == "__all__" or name not in self.fields:
                # A problem with the whole form points at its first question.
                first = next(iter(self.fields), None)
                href = f"#id_{first}" if first else "#content"
                items.extend({"text": str(error), "href": href} for error in errors)
                continue
            anchor = f"id_{name}"
            if self.fields[name].widget.__class__.__name__ in {
                "RadioSelect",
                "CheckboxSelectMultiple",
            }:
                anchor += "_0"
            items.extend({"text": str(error), "href": f"#{anchor}"} for error in errors)
        return items


# --- the GOV.UK date input ------------------------------------------------------------


class DateParts(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes (`<name>_day` and so on)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()},
            attrs,
        )

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class GovUKDateField(forms.Field):
    """A date typed in three boxes, with the GOV.UK error messages."""

    widget = DateParts
    parts = ("day", "month", "year")

    def __init__(self, *, noun: str, example: str | None = None, **kwargs: Any) -> None:
        self.noun = noun
        # A date from this year unless the field says otherwise (a birth date does): a
        # due date hinted with "27 3 2016" reads as a date long past.
        example = example or f"27 3 {timezone.localdate().year}"
        kwargs.setdefault("help_text", f"For example, {example}")
        kwargs.setdefault("error_messages", {"required": f"Enter the {noun.lower()}"})
        kwargs.setdefault("template_name", "govuk/date_field.html")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("data-label-size", "s")

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        values = list(value) if isinstance(value, list | tuple) else ["", "", ""]
        day, month, year = (str(v or "").strip() for v in [*values, "", "", ""][:3])
        if not (day or month or year):
            return None
        missing = [part for part, v in zip(self.parts, (day, month, year), strict=True) if not v]
        if missing:
            raise forms.ValidationError(f"{self.noun} must include a {' and a '.join(missing)}")
        if not all(v.isascii() and v.isdigit() for v in (day, month, year)):
            raise forms.ValidationError(f"{self.noun} must be a real date")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise forms.ValidationError(f"{self.noun} must be a real date") from error


class SignInForm(GovUKForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    # The same message whether the email is unknown or the password wrong, so the
    # form does not reveal who has an account.
    WRONG = "Enter a correct email address and password"

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        self.person: Any = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, password = data.get("email"), data.get("password")
        if email and password:
            person = authenticate(self.request, email=email.lower(), password=password)
            if person is None or not person.is_active:
                raise forms.ValidationError(self.WRONG)
            self.person = person
        return data


class TokenForm(GovUKForm):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app.",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "width": "10",
            }
        ),
        error_messages={"required": "Enter the security code from your authenticator app"},
    )

    WRONG = "The security code is not right or has expired. Enter the code your app shows now"

    def __init__(self, *args: Any, device: Any, **kwargs: Any) -> None:
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(
                "Enter the 6-digit security code from your authenticator app"
            )
        allowed, why = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_throttle_message(why))
        if not self.device.verify_token(token):
            raise forms.ValidationError(self.WRONG)
        return token


def _throttle_message(why: dict[str, Any] | None) -> str:
    # django-otp slows down guessing: after each wrong code the next try must wait.
    locked_until = (why or {}).get("locked_until")
    if locked_until is not None:
        seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        unit = "second" if seconds == 1 else "seconds"
        return (
            f"You entered a wrong code. Wait {seconds} {unit}, then enter the code your app shows"
        )
    return (
        "You entered a wrong code too many times. Wait a minute, then enter the code your app shows"
    )


class PartnershipSwitchForm(GovUKForm):
    partnership = forms.ChoiceField(
        label="Which partnership are you working in?",
        widget=forms.RadioSelect(attrs={"data-label-size": "l"}),
        error_messages={
            "required": "Select the partnership you want to work in",
            "invalid_choice": "Select one of your partnerships",
        },
    )

    def __init__(self, *args: Any, memberships: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partnership"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (str(m.partnership_id), f"{m.partnership.name} ({m.agency.name})") for m in memberships
        ]


class MembershipForm(GovUKForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        error_messages={"required": "Select the person's agency"},
    )
    roles = forms.ModelMultipleChoiceField(
        queryset=Role.objects.all(),
        label="Roles",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select every role the person has in this partnership.",
    )
    is_active = forms.TypedChoiceField(
        label="Can this person use the service?",
        choices=[("yes", "Yes"), ("no", "No, their access has ended")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this person can use the service"},
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(partnershipagency__partnership=partnership).order_by(
            "name"
        )


class TimescaleForm(GovUKForm):
    amount = forms.IntegerField(
        label="Number",
        min_value=1,
        max_value=366,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": "4"}),
        error_messages={
            "required": "Enter a number",
            "invalid": "Enter a whole number, like 5",
            "min_value": "Enter a number of 1 or more",
            "max_value": "Enter a number of 366 or less",
        },
    )
    unit = forms.ChoiceField(
        label="Unit",
        choices=[(value, label.capitalize()) for value, label in Timescale.Unit.choices],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a unit"},
    )
    reason = forms.CharField(
        label="Why does the partnership use this figure?",
        help_text=(
            "Say where it is agreed, for example the local procedures. "
            "Leave empty to use the national default."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChildPopulationForm(GovUKForm):
    year = forms.IntegerField(
        label="Year",
        help_text="The year of the mid-year population estimate, for example 2025.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": "4"}),
        error_messages={
            "required": "Enter the year",
            "invalid": "Enter the year as 4 digits, like 2025",
        },
    )
    children = forms.IntegerField(
        label="Children aged 0 to 17",
        min_value=1,
        max_value=5_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": "10"}),
        error_messages={
            "required": "Enter the number of children",
            "invalid": "Enter a whole number, like 62000, without commas",
            "min_value": "Enter a number of 1 or more",
            "max_value": "Enter a number of 5,000,000 or less",
        },
    )

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        this_year = datetime.date.today().year
        if not 1990 <= year <= this_year + 1:
            raise forms.ValidationError(f"Enter a year between 1990 and {this_year + 1}")
        return year


def _optional_date(label: str, example: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=f"For example, {example}",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": f"Enter the date as day/month/year, like {example}"},
    )


class PeopleSearchForm(GovUKForm):
    search = forms.CharField(
        label="Search people",
        help_text="Part of a name, an email address or an agency.",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"data-label-size": "s", "spellcheck": "false"}),
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )


class AuditFilterForm(GovUKForm):
    person = forms.CharField(
        label="Person", help_text="Email address, or part of it.", required=False, max_length=254
    )
    record = forms.CharField(
        label="Record",
        help_text="Type and number, like core.person:12, or words from its name.",
        required=False,
        max_length=200,
    )
    date_from = _optional_date("From", "1/4/2026")
    date_to = _optional_date("To", "30/6/2026")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data
