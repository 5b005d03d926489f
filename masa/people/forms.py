"""Forms for people and access, in GOV.UK markup."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovUKForm
from masa.core.models import Agency, Membership, Person


class PasswordResetForm(GovUKForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The address you sign in with.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


class SetPasswordForm(GovUKForm):
    password = forms.CharField(
        label="New password",
        strip=False,
        max_length=200,
        help_text="At least 12 characters. Do not use a common password or your name.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a new password"},
    )
    password_again = forms.CharField(
        label="Type the new password again",
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the new password again"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("password")
            and data.get("password_again")
            and data["password"] != data["password_again"]
        ):
            self.add_error("password_again", "The passwords do not match")
        return data


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """People shown by name and address (two people may share a name)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})"


class LeaverForm(GovUKForm):
    successor = PersonChoiceField(
        label="Who takes over their work",
        queryset=Person.objects.none(),
        help_text="Their open actions go to this person, who must be an active member of "
        "the same partnership.",
        error_messages={
            "required": "Choose who takes over their work",
            "invalid_choice": "Choose who takes over their work",
        },
    )
    reason = forms.CharField(
        label="Reason (optional)",
        max_length=200,
        required=False,
        help_text="For example, left the agency, retired, moved to another role.",
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Person.objects.filter(
                is_active=True,
                memberships__partnership_id=membership.partnership_id,
                memberships__is_active=True,
            )
            .exclude(pk=membership.person_id)
            .distinct()
        )


class MoveForm(GovUKForm):
    agency = forms.ModelChoiceField(
        label="New agency",
        queryset=Agency.objects.none(),
        help_text="Their history stays with them: only the agency they act for changes.",
        error_messages={
            "required": "Choose the agency they now work for",
            "invalid_choice": "Choose the agency they now work for",
        },
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(
            partnershipagency__partnership_id=membership.partnership_id, is_active=True
        ).exclude(pk=membership.agency_id)
