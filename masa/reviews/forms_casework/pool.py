"""Forms for the reviewer pool and the theme taxonomy."""

from __future__ import annotations

from typing import Any

from django import forms

from masa.core.forms import GovUKForm
from masa.core.models import Partnership
from masa.reviews.forms_casework.fields import (
    PickForm,
    text_field,
    theme_choices,
    themes_field,
    yes_no_field,
)
from masa.reviews.models import Reviewer, Theme


class ReviewerForm(PickForm):
    full_name = text_field("Full name", noun="the reviewer's name", max_length=200)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"data-label-size": "s", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    organisation = text_field(
        "Organisation (optional)", noun="the organisation", max_length=200, required=False
    )
    expertise = text_field(
        "Expertise",
        noun="the reviewer's expertise",
        max_length=5000,
        required=False,
        rows=4,
        hint="For example, adolescent exploitation, SARs, domestic abuse.",
    )
    conflicts = text_field(
        "Possible conflicts of interest",
        noun="possible conflicts of interest",
        max_length=5000,
        required=False,
        rows=4,
        hint="Agencies or people the reviewer has worked for or with.",
    )
    themes = themes_field("The themes the reviewer knows well. Select all that apply.")
    is_active = yes_no_field(
        "Is the reviewer available for new reviews?",
        "Select whether the reviewer is available",
    )

    def __init__(
        self, *args: Any, partnership: Partnership, reviewer: Reviewer | None, **kwargs: Any
    ) -> None:
        current = list(reviewer.themes.all()) if reviewer else []
        if reviewer is not None:
            kwargs.setdefault(
                "initial",
                {
                    "full_name": reviewer.full_name,
                    "email": reviewer.email,
                    "organisation": reviewer.organisation,
                    "expertise": reviewer.expertise,
                    "conflicts": reviewer.conflicts,
                    "themes": [str(theme.pk) for theme in current],
                    "is_active": "yes" if reviewer.is_active else "no",
                },
            )
        else:
            kwargs.setdefault("initial", {"is_active": "yes"})
        super().__init__(*args, **kwargs)
        self.pick("themes", theme_choices(partnership, current))

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "email": data["email"],
            "organisation": data["organisation"],
            "expertise": data["expertise"],
            "conflicts": data["conflicts"],
            "themes": self.picked_all("themes"),
            "is_active": data["is_active"],
        }


class ThemeForm(GovUKForm):
    name = text_field("Name", noun="the theme's name", max_length=100)
    description = text_field(
        "Description (optional)", noun="a description", max_length=2000, required=False, rows=3
    )
    is_active = yes_no_field(
        "Can the theme be chosen for new records?",
        "Select whether the theme can be chosen",
        hint="A theme no longer in use stays on the records it is tagged on.",
    )

    def __init__(self, *args: Any, theme: Theme | None, **kwargs: Any) -> None:
        if theme is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": theme.name,
                    "description": theme.description,
                    "is_active": "yes" if theme.is_active else "no",
                },
            )
        else:
            kwargs.setdefault("initial", {"is_active": "yes"})
        super().__init__(*args, **kwargs)
