"""Forms of professional escalation: raising one, a stage's response, taking it to the
next stage, resolving it, and the ladder's stages."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Agency, Partnership
from masa.governance.models_risks import Escalation
from masa.reviews.forms_tracker import SELECT_ONE, text_field
from masa.reviews.models import Theme


def _themes_field() -> forms.ModelMultipleChoiceField[Theme]:
    return forms.ModelMultipleChoiceField(
        label="Themes (optional)",
        help_text="The themes the learning feeds: audits, reviews and training use them.",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "s"}),
        error_messages={"invalid_choice": SELECT_ONE, "invalid_pk_value": SELECT_ONE},
    )


def _set_themes(form: GovUKForm, partnership: Partnership) -> None:
    field = form.fields["themes"]
    assert isinstance(field, forms.ModelMultipleChoiceField)
    field.queryset = Theme.objects.filter(partnership=partnership, is_active=True).order_by("name")


def _who_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="Their role and agency, for example: team manager, MASH.",
        max_length=200,
        error_messages={
            "required": "Say who it was raised with (their role)",
            "max_length": "This must be 200 characters or fewer",
        },
    )


class EscalationForm(GovUKForm):
    kind = forms.ChoiceField(
        label="Kind of escalation",
        choices=Escalation.Kind.choices,
        widget=forms.RadioSelect(attrs={"data-label-size": "s"}),
        error_messages={"required": "Select the kind of escalation", "invalid_choice": SELECT_ONE},
    )
    about_agency = forms.ModelChoiceField(
        label="Agency you disagree with",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={
            "required": "Select the agency you disagree with",
            "invalid_choice": "Select an agency of the partnership",
        },
    )
    concern = text_field("The concern", "Describe the concern", rows=5)
    case_reference = forms.CharField(
        label="Child's pseudonym or case reference (optional)",
        help_text='For example "Child K" or LA-204517. Never the child\'s name.',
        required=False,
        max_length=40,
        error_messages={"max_length": "The case reference must be 40 characters or fewer"},
    )
    raised_with = _who_field("Who you raised it with")
    themes = _themes_field()
    raised_on = GovUKDateField(label="Date you raised it", noun="Date you raised it")

    def __init__(self, *args: Any, partnership: Partnership, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        about = self.fields["about_agency"]
        assert isinstance(about, forms.ModelChoiceField)
        about.queryset = (
            Agency.objects.filter(partnershipagency__partnership=partnership)
            .exclude(pk=agency_id)
            .order_by("name")
        )
        _set_themes(self, partnership)


class RespondForm(GovUKForm):
    response = text_field("The response", "Enter the response", rows=5)
    responded_on = GovUKDateField(label="Date of the response", noun="Date of the response")


class EscalateForm(GovUKForm):
    raised_with = _who_field("Who it is now raised with")
    on = GovUKDateField(label="Date it was escalated", noun="Date it was escalated")


class ResolveForm(GovUKForm):
    resolution = text_field("How it was resolved", "Say how it was resolved", rows=4)
    learning = text_field(
        "What was learnt (optional)", "Say what was learnt", rows=4, required=False
    )
    themes = _themes_field()
    resolved_on = GovUKDateField(label="Date it was resolved", noun="Date it was resolved")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_themes(self, partnership)


class StageForm(GovUKForm):
    name = forms.CharField(
        label="Name of the stage",
        max_length=120,
        error_messages={
            "required": "Enter the stage's name",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
    description = text_field("What happens at this stage", "", rows=3, required=False)
    working_days = forms.IntegerField(
        label="Timescale to respond, in working days",
        min_value=1,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": "3"}),
        error_messages={
            "required": "Enter the timescale in working days",
            "invalid": "The timescale must be a whole number of working days",
            "min_value": "The timescale must be from 1 to 120 working days",
            "max_value": "The timescale must be from 1 to 120 working days",
        },
    )
