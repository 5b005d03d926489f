"""What governance forms share: choosing a person of the partnership."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovUKForm
from masa.core.models import Membership, Partnership, Person

SELECT_ONE = "Select one of the options"


def person_field(
    label: str, *, required: bool = False, help_text: str = ""
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=required,
        coerce=int,
        empty_value=None,
        help_text=help_text,
        error_messages={
            "required": f"Select the {label.lower()}",
            "invalid_choice": "Select a person from the list",
        },
    )


class PeopleForm(GovUKForm):
    """A form with fields that choose a person who works in the partnership."""

    people_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people: dict[int, Person] = {}
        choices: list[tuple[str, str]] = [("", "None")]
        for membership in (
            Membership.objects.filter(
                partnership=partnership, is_active=True, person__is_active=True
            )
            .select_related("person", "agency")
            .order_by("person__full_name", "person__email")
        ):
            self.people[membership.person_id] = membership.person
            person = membership.person
            choices.append(
                (str(person.pk), f"{person.full_name or person.email}, {membership.agency.name}")
            )
        for name in self.people_fields:
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = choices

    def chosen_person(self, name: str) -> Person | None:
        pk = self.cleaned_data.get(name)
        return self.people.get(pk) if pk is not None else None
