"""Forms for people and access, in GOV.UK markup."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovUKForm
from masa.core.models import Agency, AgencyKind, Membership, Person, Role


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


YES_NO = [("yes", "Yes"), ("no", "No")]


class AgencyForm(GovUKForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the agency's name"},
    )
    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=[("", "Choose a kind"), *AgencyKind.choices],
        error_messages={
            "required": "Choose what kind of agency it is",
            "invalid_choice": "Choose what kind of agency it is",
        },
    )
    statutory_partner = forms.TypedChoiceField(
        label="Is it a statutory safeguarding partner?",
        help_text="The local authority, the police and the integrated care board (and any "
        "4th partner). Every other agency is a relevant agency.",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether it is a statutory partner",
            "invalid_choice": "Say whether it is a statutory partner",
        },
    )
    domains = forms.CharField(
        label="Email domains its staff use (optional)",
        help_text="One a line, like northbridge-academy.example. People who sign up with an "
        "address at one of these domains are known to work for it.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def domain_list(self) -> list[str]:
        return str(self.cleaned_data.get("domains") or "").replace(",", "\n").splitlines()


class AgencyChangeForm(AgencyForm):
    is_active = forms.TypedChoiceField(
        label="Is it active?",
        help_text="An agency that is not active is not offered for new people.",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether it is active",
            "invalid_choice": "Say whether it is active",
        },
    )


class InvitationForm(GovUKForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        error_messages={
            "required": "Choose the agency they work for",
            "invalid_choice": "Choose the agency they work for",
        },
    )
    roles = forms.ModelMultipleChoiceField(
        label="Roles",
        queryset=Role.objects.none(),
        required=False,
        help_text="You can give only roles you hold yourself; roles that read children's "
        "records are given by the business unit.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose roles from the list"},
    )

    def __init__(self, *args: Any, acting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(
            partnershipagency__partnership_id=acting.partnership_id, is_active=True
        )
        if not acting.partnership_wide("person.manage"):
            agencies = agencies.filter(pk=acting.agency_id)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = agencies
        roles_field = self.fields["roles"]
        assert isinstance(roles_field, forms.ModelMultipleChoiceField)
        roles_field.queryset = Role.objects.all()


class AcceptInvitationForm(SetPasswordForm):
    full_name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    field_order = ["full_name", "password", "password_again"]


class InvitationCsvForm(GovUKForm):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        error_messages={
            "required": "Choose the agency they work for",
            "invalid_choice": "Choose the agency they work for",
        },
    )
    file = forms.FileField(
        label="CSV file",
        help_text="One person a row: email address, full name, and their roles separated by "
        "semicolons (for example: practitioner;trainer). A first row of headings is skipped.",
        error_messages={"required": "Choose a CSV file", "empty": "The file is empty"},
    )

    MAX_BYTES = 1_000_000

    def __init__(self, *args: Any, acting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(
            partnershipagency__partnership_id=acting.partnership_id, is_active=True
        )
        if not acting.partnership_wide("person.manage"):
            agencies = agencies.filter(pk=acting.agency_id)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The file must be a CSV saved as UTF-8") from error
