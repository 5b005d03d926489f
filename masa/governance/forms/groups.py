"""Forms for groups and their members."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from masa.core import files
from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Partnership
from masa.governance.forms.common import SELECT_ONE, PeopleForm, person_field
from masa.governance.models import Frequency, Group, GroupKind, GroupMember


class GroupForm(PeopleForm):
    people_fields = ("chair", "vice_chair")

    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter the group's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of group",
        choices=[("", "Select the kind"), *GroupKind.choices],
        error_messages={"required": "Select the kind of group", "invalid_choice": SELECT_ONE},
    )
    parent = forms.TypedChoiceField(
        label="Reports to (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a group from the list"},
    )
    purpose = forms.CharField(
        label="Purpose (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The purpose must be 5,000 characters or fewer"},
    )
    frequency = forms.ChoiceField(
        label="How often it meets",
        choices=Frequency.choices,
        initial=Frequency.QUARTERLY,
        error_messages={"required": "Select how often it meets", "invalid_choice": SELECT_ONE},
    )
    quorum = forms.IntegerField(
        label="Quorum",
        help_text=(
            "How many voting members (or deputies with confirmed delegated authority) must attend."
        ),
        min_value=1,
        max_value=100,
        initial=3,
        widget=forms.NumberInput(attrs={"width": "3"}),
        error_messages={
            "required": "Enter the quorum",
            "invalid": "The quorum must be a whole number",
            "min_value": "The quorum must be at least 1",
            "max_value": "The quorum must be 100 or fewer",
        },
    )
    chair = person_field("Chair (optional)")
    vice_chair = person_field("Vice chair (optional)")

    def __init__(
        self, *args: Any, partnership: Partnership, group: Group | None = None, **kwargs: Any
    ) -> None:
        if group is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": group.name,
                    "kind": group.kind,
                    "parent": group.parent_id,
                    "purpose": group.purpose,
                    "frequency": group.frequency,
                    "quorum": group.quorum,
                    "chair": group.chair_id,
                    "vice_chair": group.vice_chair_id,
                },
            )
        super().__init__(*args, partnership=partnership, **kwargs)
        groups = Group.objects.filter(partnership=partnership, is_active=True)
        if group is not None:
            groups = groups.exclude(pk=group.pk)
        self.groups = {g.pk: g for g in groups}
        parent = self.fields["parent"]
        assert isinstance(parent, forms.TypedChoiceField)
        parent.choices = [
            ("", "None: it reports to no group"),
            *((str(pk), g.name) for pk, g in self.groups.items()),
        ]

    def chosen_parent(self) -> Group | None:
        pk = self.cleaned_data.get("parent")
        return self.groups.get(pk) if pk is not None else None


class MemberForm(PeopleForm):
    people_fields = ("person",)

    person = person_field(
        "Person",
        required=True,
        help_text="Their agency is the one they work for in the partnership.",
    )
    role = forms.CharField(
        label="Role in the group (optional)",
        required=False,
        max_length=200,
        help_text="For example, designated nurse or head of service.",
        error_messages={"max_length": "The role must be 200 characters or fewer"},
    )
    voting = forms.TypedChoiceField(
        label="Voting member?",
        choices=[("yes", "Yes"), ("no", "No, a non-voting member or adviser")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Say whether they vote", "invalid_choice": SELECT_ONE},
    )
    deputy_of = forms.TypedChoiceField(
        label="Deputy for (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        help_text=(
            "A deputy attends in the member's place. They count towards the quorum once "
            "their delegated authority is confirmed."
        ),
        error_messages={"invalid_choice": "Select a member from the list"},
    )

    def __init__(self, *args: Any, partnership: Partnership, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        self.seats = {
            m.pk: m
            for m in GroupMember.objects.filter(
                group=group, deputy_of__isnull=True, left_on__isnull=True
            )
            .select_related("person", "agency")
            .order_by("person__full_name")
        }
        field = self.fields["deputy_of"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", "Not a deputy"),
            *(
                (str(pk), f"{m.person.full_name or m.person.email}, {m.agency.name}")
                for pk, m in self.seats.items()
            ),
        ]

    def chosen_seat(self) -> GroupMember | None:
        pk = self.cleaned_data.get("deputy_of")
        return self.seats.get(pk) if pk is not None else None


class TermsForm(GovUKForm):
    summary = forms.CharField(
        label="Summary of the terms of reference",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the group is for, who sits on it, its quorum and how it reports.",
        error_messages={
            "required": "Summarise the terms of reference",
            "max_length": "The summary must be 5,000 characters or fewer",
        },
    )
    approved_on = GovUKDateField(label="Date the group approved them", noun="Date approved")
    file = forms.FileField(
        label="The terms of reference (optional)",
        required=False,
        widget=forms.FileInput(),
        error_messages={"empty": "The selected file is empty", "invalid": "Select a file"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = files.size_label(settings.EVIDENCE_MAX_BYTES)
        self.fields["file"].help_text = f"A {files.ALLOWED_TEXT} file, smaller than {limit}."
        self.fields["file"].widget.attrs["aria-describedby"] = "id_file-hint"
