"""Forms for the recommendations tracker: findings, recommendations and their impact
measures, actions, progress updates with evidence, sign-off, and the action plan's
filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Agency, Membership, Partnership
from masa.reviews import files, rules, selectors
from masa.reviews.models import Action, Finding, Recommendation, Review, Theme
from masa.reviews.validators import happened

SELECT_ONE = "Select one of the options"


def themes_field(
    help_text: str = "Select all that apply.",
) -> forms.ModelMultipleChoiceField[Theme]:
    return forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.none(),
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "s", "data-small": "1"}),
        error_messages={"invalid_choice": "Select themes from the list"},
    )


def text_field(
    label: str, required_message: str, *, rows: int = 4, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=kwargs.pop("max_length", 5000),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be 5,000 characters or fewer",
        },
        **kwargs,
    )


def partnership_agencies(partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.filter(partnershipagency__partnership=partnership).order_by("name")


def size_label(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size / 1024:g} KB"


def set_themes(form: GovUKForm, partnership: Partnership) -> None:
    field = form.fields["themes"]
    assert isinstance(field, forms.ModelMultipleChoiceField)
    field.queryset = selectors.themes_for(partnership)


# --- findings and recommendations ------------------------------------------------------


class FindingForm(GovUKForm):
    text = text_field("Finding", "Enter the finding", rows=6)
    themes = themes_field()

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_themes(self, partnership)


MEASURE_HELP = (
    "For an indicator, enter its code in the insight catalogue, like cin.referrals. "
    "For an audit question or a survey, say which one."
)


class _ImpactMeasure(GovUKForm):
    """How the partnership will know a recommendation worked. An indicator must be one of
    the partnership's indicator codes in the insight catalogue."""

    impact_measure_kind = forms.ChoiceField(
        label="How will the partnership know it worked?",
        choices=Recommendation.MeasureKind.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"data-label-size": "s"}),
        error_messages={"invalid_choice": SELECT_ONE},
    )
    impact_measure = forms.CharField(
        label="Impact measure",
        help_text=MEASURE_HELP,
        required=False,
        max_length=500,
        error_messages={"max_length": "The impact measure must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        self.partnership = partnership
        self._codes: dict[str, str] | None = None
        super().__init__(*args, **kwargs)

    @property
    def indicator_codes(self) -> dict[str, str]:
        if self._codes is None:
            self._codes = selectors.indicator_codes(self.partnership)
        return self._codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, measure = data.get("impact_measure_kind"), (data.get("impact_measure") or "").strip()
        if (
            kind == Recommendation.MeasureKind.INDICATOR
            and measure
            and measure not in self.indicator_codes
        ):
            self.add_error(
                "impact_measure",
                "Enter the code of an indicator in the partnership's insight catalogue, "
                "like cin.referrals",
            )
        if measure and not kind and "impact_measure_kind" not in self.errors:
            self.add_error("impact_measure_kind", "Select how the partnership will know it worked")
        data["impact_measure"] = measure
        return data


class RecommendationForm(_ImpactMeasure):
    text = text_field("Recommendation", "Enter the recommendation", rows=5)
    finding = forms.TypedChoiceField(
        label="Which finding does it answer? (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a finding of this review"},
    )
    themes = themes_field()

    field_order = ["text", "finding", "themes", "impact_measure_kind", "impact_measure"]

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, partnership=review.partnership, **kwargs)
        self.order_fields(self.field_order)
        self.findings = {f.pk: f for f in Finding.objects.filter(review=review)}
        field = self.fields["finding"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", "None"),
            *((str(pk), f"Finding {f.number}: {f.text[:80]}") for pk, f in self.findings.items()),
        ]
        set_themes(self, review.partnership)

    def chosen_finding(self) -> Finding | None:
        pk = self.cleaned_data.get("finding")
        return self.findings.get(pk) if pk is not None else None


class ImpactForm(_ImpactMeasure):
    impact_result = forms.CharField(
        label="The result (when known)",
        help_text="What the indicator, audit or survey showed.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The result must be 5,000 characters or fewer"},
    )
    impact_result_on = GovUKDateField(
        label="When was the result known?",
        noun="Date the result was known",
        required=False,
        validators=[happened("Date the result was known")],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            (data.get("impact_result") or "").strip()
            and not data.get("impact_result_on")
            and "impact_result_on" not in self.errors
        ):
            self.add_error("impact_result_on", "Enter when the result was known")
        return data


# --- actions ---------------------------------------------------------------------------


class ActionForm(GovUKForm):
    owner_agency = forms.ModelChoiceField(
        label="Owning agency",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={
            "required": "Select the agency that owns the action",
            "invalid_choice": "Select an agency of the partnership",
        },
    )
    owner = forms.TypedChoiceField(
        label="Named owner (optional)",
        help_text="Someone who works for the owning agency in this partnership.",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a person from the list"},
    )
    what = text_field("What will be done", "Say what will be done")
    measure_of_success = text_field(
        "Measure of success", "Say how success will be measured", rows=3
    )
    due_on = GovUKDateField(label="Due date", noun="Due date")
    priority = forms.CharField(
        label="Partnership priority (optional)",
        help_text="The priority in the strategic plan that the action serves.",
        required=False,
        max_length=200,
        error_messages={"max_length": "The priority must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["owner_agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = partnership_agencies(partnership)
        self.members = {
            m.person_id: m
            for m in Membership.objects.filter(partnership=partnership, is_active=True)
            .select_related("person", "agency")
            .order_by("person__full_name", "person__email")
        }
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = [
            ("", "No named owner"),
            *(
                (str(pk), f"{m.person.full_name or m.person.email}, {m.agency.name}")
                for pk, m in self.members.items()
            ),
        ]

    def chosen_owner(self) -> Any:
        pk = self.cleaned_data.get("owner")
        return self.members[pk].person if pk is not None else None


UPDATE_ORDER = (
    rules.ActionStatus.ON_TRACK,
    rules.ActionStatus.AT_RISK,
    rules.ActionStatus.COMPLETED,
)


class ActionUpdateForm(GovUKForm):
    """A progress update, with an optional evidence file (checked by the service: type by
    name and content, size, name made safe)."""

    status = forms.ChoiceField(
        label="Status",
        choices=[(str(s), Action.Status(s.value).label) for s in UPDATE_ORDER],
        widget=forms.RadioSelect(attrs={"data-label-size": "s"}),
        error_messages={"required": "Select the status", "invalid_choice": SELECT_ONE},
    )
    progress = text_field(
        "Progress",
        "Say what progress has been made",
        rows=5,
        help_text="What has been done since the last update. Completing the action: say what "
        "was done.",
    )
    file = forms.FileField(
        label="Upload evidence (optional)",
        required=False,
        widget=forms.FileInput(),
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
        },
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        if action.status in {s.value for s in UPDATE_ORDER}:
            kwargs["initial"].setdefault("status", action.status)
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = (
            f"A {files.ALLOWED_TEXT} file, smaller than {size_label(settings.EVIDENCE_MAX_BYTES)}."
        )
        self.fields["file"].widget.attrs["aria-describedby"] = "id_file-hint"


class CloseForm(GovUKForm):
    reason = forms.CharField(
        label="Reason for closing (needed without accepted evidence)",
        help_text="For example, the action was overtaken by a new procedure.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The reason must be 5,000 characters or fewer"},
    )


# --- the combined action plan's filters --------------------------------------------------

STATUS_FILTER = [
    ("", "Any status"),
    *((str(s), Action.Status(s.value).label) for s in rules.ActionStatus),
]


class PlainSelect(forms.Select):
    """A <select> of plain options written out directly rather than through a template
    for each option (the plan's review filter has one option a review)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), options)


class ActionPlanFilterForm(GovUKForm):
    """The action plan's filters, sent with GET so a view of the plan can be bookmarked
    and exported as it is."""

    q = forms.CharField(label="Words", required=False, max_length=100)
    theme = forms.TypedChoiceField(
        label="Theme", required=False, coerce=int, empty_value=None, widget=PlainSelect
    )
    agency = forms.TypedChoiceField(
        label="Agency", required=False, coerce=int, empty_value=None, widget=PlainSelect
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=STATUS_FILTER, widget=PlainSelect
    )
    review = forms.TypedChoiceField(
        label="Review", required=False, coerce=int, empty_value=None, widget=PlainSelect
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labels: dict[str, dict[str, str]] = {"status": dict(STATUS_FILTER)}
        self.choices_for("theme", "Any theme", selectors.themes_for(partnership, active_only=False))
        self.choices_for("agency", "Any agency", partnership_agencies(partnership))
        reviews = selectors.plan_reviews(partnership)
        self.set_choices("review", [("", "Any review"), *((str(pk), ref) for pk, ref in reviews)])
        for name in ("theme", "agency", "status", "review"):
            self.fields[name].error_messages["invalid_choice"] = SELECT_ONE
            # GovUKForm knows the class of a Select by its name, not a PlainSelect's.
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def choices_for(self, name: str, blank: str, records: QuerySet[Any]) -> None:
        self.set_choices(name, [("", blank), *((str(r.pk), str(r)) for r in records)])

    def set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices
        self.labels[name] = dict(choices)

    def filters(self) -> dict[str, Any]:
        """The chosen filters for `selectors.action_plan` (none when a filter is invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip() or None,
            "theme": data["theme"],
            "agency": data["agency"],
            "status": data["status"] or None,
            "review": data["review"],
        }

    def described(self) -> list[tuple[str, str]]:
        """The chosen filters in words, for the exports."""
        if not self.is_bound or not self.is_valid():
            return []
        chosen: list[tuple[str, str]] = []
        for name in ("q", "theme", "agency", "status", "review"):
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            labels = self.labels.get(name, {})
            chosen.append((str(self.fields[name].label), labels.get(str(value), str(value))))
        return chosen
