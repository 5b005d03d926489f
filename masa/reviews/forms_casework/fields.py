"""The fields and form shapes every casework form shares: text, yes/no, choices and
dates with their messages, a form that picks records by id, the themes, and the
subject's equality data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q

from masa.core.codes import ETHNICITY, SEX
from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Partnership
from masa.reviews.models import Incident, Subject, Theme
from masa.reviews.services.subjects import CHILD_BANDS, SubjectDetails
from masa.reviews.validators import happened

YES_NO = [("yes", "Yes"), ("no", "No")]


SMALL = {"data-label-size": "s", "data-small": "1"}


def _capital(noun: str) -> str:
    return noun[:1].upper() + noun[1:]


def text_field(
    label: str,
    *,
    noun: str,
    max_length: int = 5000,
    required: bool = True,
    hint: str = "",
    rows: int = 0,
) -> forms.CharField:
    """A text box (or, with `rows`, a text area) with the GOV.UK error messages."""
    attrs: dict[str, Any] = {"data-label-size": "s"}
    widget: forms.Widget = (
        forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs=attrs)
    )
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{_capital(noun)} must be {max_length:,} characters or fewer",
            "null_characters_not_allowed": f"{_capital(noun)} must not contain null characters",
        },
    )


def yes_no_field(label: str, message: str, hint: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs=SMALL),
        error_messages={"required": message, "invalid_choice": message},
    )


def choice_field(
    label: str, choices: Iterable[tuple[str, str]], message: str, *, hint: str = "", radios: bool
) -> forms.ChoiceField:
    widget: forms.Widget = (
        forms.RadioSelect(attrs=SMALL) if radios else forms.Select(attrs={"data-label-size": "s"})
    )
    listed = list(choices)
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=listed if radios else [("", "Choose"), *listed],
        widget=widget,
        error_messages={"required": message, "invalid_choice": message},
    )


def date_field(
    label: str, noun: str, *, required: bool = True, hint: str = "", planned: bool = False
) -> GovUKDateField:
    """A date box. Unless the date is `planned` (a due or target date), it is the day
    something happened, so it cannot be in the future."""
    example = "For example, 27 3 2026"
    return GovUKDateField(
        label=label,
        noun=noun,
        required=required,
        help_text=f"{hint} {example}".strip() if hint else example,
        validators=[] if planned else [happened(noun)],
    )


class PickForm(GovUKForm):
    """A form with fields that choose records by primary key from a known set."""

    def pick(self, name: str, rows: Iterable[Any], label: Any = str, *, blank: str = "") -> None:
        """Offer `rows` in the choice field `name` (after a `blank` first option, if
        given) and remember them by key for `picked`."""
        found = {str(row.pk): row for row in rows}
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        first = [("", blank)] if blank else []
        field.choices = [*first, *((key, label(row)) for key, row in found.items())]
        setattr(self, f"_{name}_rows", found)

    def picked(self, name: str) -> Any:
        """The record chosen in `name`, or None when nothing was chosen."""
        key = self.cleaned_data.get(name) or ""
        rows: dict[str, Any] = getattr(self, f"_{name}_rows")
        return rows.get(str(key))

    def picked_all(self, name: str) -> list[Any]:
        rows: dict[str, Any] = getattr(self, f"_{name}_rows")
        return [rows[key] for key in self.cleaned_data.get(name) or [] if key in rows]


def themes_field(hint: str = "Select all that apply.") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Themes",
        required=False,
        help_text=hint,
        widget=forms.CheckboxSelectMultiple(attrs=SMALL),
        error_messages={"invalid_choice": "Select themes from the list"},
    )


def theme_choices(partnership: Partnership, chosen: Iterable[Theme] = ()) -> list[Theme]:
    """The partnership's active themes, and any inactive ones a record already carries."""
    held = {theme.pk for theme in chosen}
    return list(
        Theme.objects.filter(partnership=partnership)
        .filter(Q(is_active=True) | Q(pk__in=held))
        .order_by("name")
    )


CHILD_AGE_BANDS = [(v, label) for v, label in Subject.AgeBand.choices if v in CHILD_BANDS]


ADULT_AGE_BANDS = [(v, label) for v, label in Subject.AgeBand.choices if v not in CHILD_BANDS]


class SubjectFieldsMixin(GovUKForm):
    """The pseudonym and equality data of the person a record is about. Only the case
    review group ever sees them; the partnership's profile counts them."""

    def add_subject_fields(self, bands: list[tuple[str, str]], *, required: bool = True) -> None:
        self.fields["pseudonym"] = text_field(
            "Pseudonym" if required else "Pseudonym (optional)",
            noun="a pseudonym",
            max_length=100,
            required=required,
            hint='For example "Child T" or "Adult M". Never the person\'s real name.',
        )
        self.fields["age_band"] = choice_field(
            "Age band", bands, "Select the age band", radios=True
        )
        self.fields["sex"] = choice_field("Sex", SEX.items(), "Select the sex", radios=True)
        self.fields["ethnicity"] = choice_field(
            "Ethnicity", ETHNICITY.items(), "Select the ethnicity", radios=False
        )
        self.fields["disability"] = choice_field(
            "Disability",
            Subject.Disability.choices,
            "Select whether the person is disabled",
            radios=True,
        )
        self.fields["other_characteristics"] = text_field(
            "Other characteristics (optional)",
            noun="other characteristics",
            max_length=2000,
            required=False,
            rows=3,
            hint="For example religion, language or care experience, where it matters "
            "to the learning.",
        )
        if not required:
            for name in ("age_band", "sex", "ethnicity", "disability"):
                self.fields[name].required = False

    def subject_details(self) -> SubjectDetails | None:
        data = self.cleaned_data
        if not data.get("pseudonym"):
            return None
        return SubjectDetails(
            pseudonym=data["pseudonym"],
            age_band=data["age_band"],
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            disability=data["disability"] or Subject.Disability.UNKNOWN,
            other_characteristics=data["other_characteristics"],
        )


def incident_label(incident: Incident) -> str:
    return f"{incident.reference} (aware {incident.aware_on:%-d %b %Y})"
