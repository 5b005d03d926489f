"""Forms of independent scrutiny: the plan for a year, an activity, its findings, a
recommendation and the executive's decision on it."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Partnership
from masa.governance.models import Group
from masa.governance.models_risks import ScrutinyActivity, ScrutinyRecommendation
from masa.reviews.forms_tracker import SELECT_ONE, text_field


class PlanForm(GovUKForm):
    year = forms.IntegerField(
        label="Year the plan starts (April)",
        help_text="For example, 2026 for April 2026 to March 2027.",
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": "4"}),
        error_messages={
            "required": "Enter the year the plan starts",
            "invalid": "The year must be a whole number, like 2026",
            "min_value": "Enter a year from 2000 to 2100",
            "max_value": "Enter a year from 2000 to 2100",
        },
    )
    summary = text_field("What the plan will look at", "Say what the plan will look at", rows=5)


class ActivityForm(GovUKForm):
    kind = forms.ChoiceField(
        label="Kind of activity",
        choices=ScrutinyActivity.Kind.choices,
        widget=forms.RadioSelect(attrs={"data-label-size": "s"}),
        error_messages={"required": "Select the kind of activity", "invalid_choice": SELECT_ONE},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the activity's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    planned_on = GovUKDateField(label="Planned for", noun="Planned date")


class FindingsForm(GovUKForm):
    held_on = GovUKDateField(label="Date it was held", noun="Date it was held")
    findings = text_field("Findings", "Enter the findings", rows=8)


class RecommendationForm(GovUKForm):
    text = text_field("The recommendation", "Enter the recommendation", rows=5)
    made_on = GovUKDateField(label="Date it was made", noun="Date it was made")


class DecisionForm(GovUKForm):
    decision = forms.ChoiceField(
        label="The executive's decision",
        choices=[c for c in ScrutinyRecommendation.Decision.choices if c[0] != "pending"],
        widget=forms.RadioSelect(attrs={"data-label-size": "s"}),
        error_messages={
            "required": "Select the executive's decision",
            "invalid_choice": SELECT_ONE,
        },
    )
    reason = text_field(
        "Reason (needed when it is rejected or accepted in part)",
        "",
        rows=4,
        required=False,
    )
    delegated_to = forms.ModelChoiceField(
        label="Group it is delegated to (when delegated)",
        queryset=Group.objects.none(),
        required=False,
        empty_label="Select a group",
        error_messages={"invalid_choice": "Select a group of the partnership"},
    )
    decided_on = GovUKDateField(label="Date of the decision", noun="Date of the decision")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = self.fields["delegated_to"]
        assert isinstance(group, forms.ModelChoiceField)
        group.queryset = Group.objects.filter(partnership=partnership).order_by("name")
