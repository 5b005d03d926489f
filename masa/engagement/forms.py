"""The engagement log's form: one entry, with an optional evidence file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from masa.core import files
from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Partnership
from masa.engagement.models import Group, Method
from masa.plan.models import Priority


class EntryForm(GovUKForm):
    happened_on = GovUKDateField(noun="Date")
    group = forms.ChoiceField(
        label="Who was heard",
        choices=Group.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who was heard"},
    )
    method = forms.ChoiceField(
        label="How they were heard",
        choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they were heard"},
    )
    heard_from = forms.IntegerField(
        label="How many people took part (optional)",
        required=False,
        min_value=1,
        max_value=100000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": "5"}),
        error_messages={
            "invalid": "How many took part must be a number",
            "min_value": "How many took part must be 1 or more",
            "max_value": "How many took part must be 100,000 or fewer",
        },
    )
    priority = forms.ModelChoiceField(
        label="Priority (optional)",
        queryset=Priority.objects.none(),
        required=False,
        empty_label="No priority: another piece of work",
        error_messages={"invalid_choice": "Choose a priority from the list"},
    )
    work = forms.CharField(
        label="Piece of work (optional)",
        required=False,
        max_length=200,
        help_text="For example, the review of the neglect strategy.",
        error_messages={"max_length": "The piece of work must be 200 characters or fewer"},
    )
    title = forms.CharField(
        label="Title",
        max_length=150,
        help_text="Never name a child.",
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 150 characters or fewer",
        },
    )
    said = forms.CharField(
        label="What they said",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Never name a child or say anything that would identify one.",
        error_messages={
            "required": "Say what they said",
            "max_length": "What they said must be 5000 characters or fewer",
        },
    )
    changed = forms.CharField(
        label="What changed as a result (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text='"You said, we did": leave it empty until something has changed.',
        error_messages={"max_length": "What changed must be 5000 characters or fewer"},
    )
    file = forms.FileField(
        label="Evidence or results (optional)",
        required=False,
        widget=forms.FileInput(),
        error_messages={"empty": "The selected file is empty", "invalid": "Select a file"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        priority = self.fields["priority"]
        assert isinstance(priority, forms.ModelChoiceField)
        priority.queryset = Priority.objects.filter(partnership=partnership).order_by(
            "period", "number"
        )
        self.fields["file"].help_text = (
            f"A {files.ALLOWED_TEXT} file, smaller than "
            f"{files.size_label(settings.EVIDENCE_MAX_BYTES)}: a survey's results, a poll's "
            "export, notes of a session."
        )


class OutcomeForm(GovUKForm):
    changed = forms.CharField(
        label="What changed as a result",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text='"You said, we did": what the partnership did because of what it heard.',
        error_messages={"max_length": "What changed must be 5000 characters or fewer"},
    )
    file = forms.FileField(
        label="Results or evidence (optional)",
        required=False,
        widget=forms.FileInput(),
        error_messages={"empty": "The selected file is empty", "invalid": "Select a file"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A {files.ALLOWED_TEXT} file, smaller than "
            f"{files.size_label(settings.EVIDENCE_MAX_BYTES)}."
        )
