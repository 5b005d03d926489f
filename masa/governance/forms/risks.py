"""Forms of the risk register: a risk, its review, the register's filters, the scale,
and an action for a risk (the one action model's form)."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Membership, Partnership, Person
from masa.governance.models import Group
from masa.governance.models_risks import Risk, RiskCategory, RiskScale
from masa.governance.services.risks import Scores
from masa.reviews.forms_tracker import SELECT_ONE, text_field

SCORE_FIELDS = tuple(Scores.__dataclass_fields__)


def _level(label: str, levels: int) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "Select a level"), *((str(n), str(n)) for n in range(1, levels + 1))],
        coerce=int,
        error_messages={
            "required": f"Select the {label.lower()}",
            "invalid_choice": f"{label} must be from 1 to {levels}",
        },
    )


def add_score_fields(form: GovUKForm, scale: RiskScale, *, prefixes: tuple[str, ...]) -> None:
    names = {"inherent": "Inherent", "current": "Current", "target": "Target"}
    for prefix in prefixes:
        form.fields[f"{prefix}_likelihood"] = _level(
            f"{names[prefix]} likelihood", scale.likelihood_levels
        )
        form.fields[f"{prefix}_impact"] = _level(f"{names[prefix]} impact", scale.impact_levels)


def members_of(partnership: Partnership) -> dict[int, Membership]:
    return {
        m.person_id: m
        for m in Membership.objects.filter(partnership=partnership, is_active=True)
        .select_related("person", "agency")
        .order_by("person__full_name", "person__email")
    }


class RiskDetailsForm(GovUKForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the risk's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = text_field("Description", "Describe the risk", rows=3)
    cause = text_field("Cause", "Say what causes the risk", rows=3)
    effect = text_field("Effect", "Say what its effect would be", rows=3)
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Select a category"), *RiskCategory.choices],
        error_messages={"required": "Select a category", "invalid_choice": SELECT_ONE},
    )
    owner = forms.TypedChoiceField(
        label="Owner",
        help_text="The person who answers for the risk.",
        coerce=int,
        error_messages={"required": "Select the owner", "invalid_choice": SELECT_ONE},
    )
    owner_group = forms.ModelChoiceField(
        label="Owning group (optional)",
        queryset=Group.objects.none(),
        required=False,
        empty_label="No group",
        error_messages={"invalid_choice": "Select a group of the partnership"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members_of(partnership)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = [
            ("", "Select a person"),
            *(
                (str(pk), f"{m.person.full_name or m.person.email}, {m.agency.name}")
                for pk, m in self.members.items()
            ),
        ]
        group = self.fields["owner_group"]
        assert isinstance(group, forms.ModelChoiceField)
        group.queryset = Group.objects.filter(partnership=partnership).order_by("name")

    def chosen_owner(self) -> Person:
        return self.members[self.cleaned_data["owner"]].person


class RiskForm(RiskDetailsForm):
    """A new risk: its details, the controls and its three scores."""

    controls = text_field("Controls in place", "Say what controls are in place", rows=3)

    def __init__(
        self, *args: Any, partnership: Partnership, scale: RiskScale, **kwargs: Any
    ) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        add_score_fields(self, scale, prefixes=("inherent", "current", "target"))

    def scores(self) -> Scores:
        return Scores(**{name: self.cleaned_data[name] for name in SCORE_FIELDS})


class RiskReviewForm(GovUKForm):
    """A review: the scores now, the controls, a note and (for the business unit) the
    status."""

    controls = text_field("Controls in place", "Say what controls are in place", rows=3)
    note = text_field("What the review found", "Say what the review found", rows=4)
    on = GovUKDateField(label="Date of the review", noun="Date of the review")

    def __init__(
        self, *args: Any, risk: Risk, scale: RiskScale, may_move: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        add_score_fields(self, scale, prefixes=("inherent", "current", "target"))
        if may_move:
            self.fields["status"] = forms.ChoiceField(
                label="Status",
                choices=Risk.Status.choices,
                widget=forms.RadioSelect(attrs={"data-label-size": "s"}),
                error_messages={
                    "required": "Select the risk's status",
                    "invalid_choice": SELECT_ONE,
                },
            )

    def scores(self) -> Scores:
        return Scores(**{name: self.cleaned_data[name] for name in SCORE_FIELDS})


class RiskScaleForm(GovUKForm):
    likelihood_levels = forms.IntegerField(
        label="Levels of likelihood",
        min_value=3,
        max_value=10,
        error_messages={
            "required": "Enter the levels of likelihood",
            "invalid": "Levels of likelihood must be a whole number",
            "min_value": "Levels of likelihood must be from 3 to 10",
            "max_value": "Levels of likelihood must be from 3 to 10",
        },
    )
    impact_levels = forms.IntegerField(
        label="Levels of impact",
        min_value=3,
        max_value=10,
        error_messages={
            "required": "Enter the levels of impact",
            "invalid": "Levels of impact must be a whole number",
            "min_value": "Levels of impact must be from 3 to 10",
            "max_value": "Levels of impact must be from 3 to 10",
        },
    )


STATUS_FILTER = [("", "Open or escalated"), *Risk.Status.choices, ("all", "Any status")]


class RegisterFilterForm(GovUKForm):
    """The register's filters (a GET form: it works without JavaScript and bookmarks)."""

    status = forms.ChoiceField(label="Status", choices=STATUS_FILTER, required=False)
    group = forms.TypedChoiceField(
        label="Owning group", coerce=int, required=False, empty_value=None
    )
    owner = forms.TypedChoiceField(label="Owner", coerce=int, required=False, empty_value=None)
    category = forms.ChoiceField(
        label="Category", choices=[("", "Any category"), *RiskCategory.choices], required=False
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = self.fields["group"]
        assert isinstance(group, forms.TypedChoiceField)
        group.choices = [
            ("", "Any group"),
            *(
                (str(g.pk), g.name)
                for g in Group.objects.filter(partnership=partnership).order_by("name")
            ),
        ]
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owners = (
            Risk.objects.filter(partnership=partnership)
            .values_list("owner_id", "owner__full_name", "owner__email")
            .distinct()
            .order_by("owner__full_name")
        )
        owner.choices = [
            ("", "Any owner"),
            *((str(pk), name or email) for pk, name, email in owners),
        ]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"] or None,
            "group_id": data["group"],
            "owner_id": data["owner"],
            "category": data["category"] or None,
        }
