"""Forms for actions, whatever their source: a new action, progress updates with
evidence, sign-off, and the combined action plan's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from masa.actions import rules, selectors
from masa.actions.models import Action, SourceKind
from masa.core import files
from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Agency, Membership, Partnership
from masa.plan.models import Priority
from masa.plan.periods import current_priorities
from masa.reviews.forms_tracker import SELECT_ONE, text_field
from masa.reviews.selectors import themes_for


def partnership_agencies(partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.filter(partnershipagency__partnership=partnership).order_by("name")


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
    serves = forms.ModelChoiceField(
        label="Partnership priority (optional)",
        help_text="The priority in the strategic plan that the action serves.",
        queryset=Priority.objects.none(),
        required=False,
        empty_label="No priority",
        error_messages={"invalid_choice": "Select a priority from the list"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["owner_agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = partnership_agencies(partnership)
        serves = self.fields["serves"]
        assert isinstance(serves, forms.ModelChoiceField)
        serves.queryset = current_priorities(partnership.pk)
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
        self.fields["file"].help_text = (
            f"A {files.ALLOWED_TEXT} file, "
            f"smaller than {files.size_label(settings.EVIDENCE_MAX_BYTES)}."
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
SOURCE_FILTER = [("", "Any source"), *SourceKind.choices]


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
    source = forms.ChoiceField(
        label="Source", required=False, choices=SOURCE_FILTER, widget=PlainSelect
    )
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
        self.labels: dict[str, dict[str, str]] = {
            "status": dict(STATUS_FILTER),
            "source": dict(SOURCE_FILTER),
        }
        self.choices_for("theme", "Any theme", themes_for(partnership, active_only=False))
        self.choices_for("agency", "Any agency", partnership_agencies(partnership))
        reviews = selectors.plan_reviews(partnership)
        self.set_choices("review", [("", "Any review"), *((str(pk), ref) for pk, ref in reviews)])
        for name in ("source", "theme", "agency", "status", "review"):
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
            "source": data["source"] or None,
        }

    def described(self) -> list[tuple[str, str]]:
        """The chosen filters in words, for the exports."""
        if not self.is_bound or not self.is_valid():
            return []
        chosen: list[tuple[str, str]] = []
        for name in ("q", "source", "theme", "agency", "status", "review"):
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            labels = self.labels.get(name, {})
            chosen.append((str(self.fields[name].label), labels.get(str(value), str(value))))
        return chosen
