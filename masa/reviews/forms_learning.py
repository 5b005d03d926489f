"""Forms for the learning outputs: 7-minute briefings, newsletters, library items, and
the learning library's search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Partnership
from masa.reviews import selectors
from masa.reviews.forms_tracker import SELECT_ONE, set_themes, text_field, themes_field
from masa.reviews.models import LibraryItem, Review
from masa.reviews.validators import happened, https_only


def _review_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a review from the list"},
    )


class _WithReview(GovUKForm):
    """A form with an optional review, chosen from `reviews`."""

    def set_reviews(self, reviews: QuerySet[Review]) -> None:
        self.reviews = {r.pk: r for r in reviews.order_by("-created_at")}
        field = self.fields["review"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", "None"),
            *((str(pk), f"{r.reference}: {r.title}") for pk, r in self.reviews.items()),
        ]

    def chosen_review(self) -> Review | None:
        pk = self.cleaned_data.get("review")
        return self.reviews.get(pk) if pk is not None else None


class BriefingForm(_WithReview):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    review = _review_field("The review it comes from (optional)")
    themes = themes_field()
    background = text_field("Background", "Give the background")
    what_happened = text_field("What happened", "Say what happened")
    what_we_learned = text_field("What we learned", "Say what we learned")
    what_to_do_differently = text_field("What to do differently", "Say what to do differently")
    questions_for_reflection = text_field(
        "Questions for reflection",
        "Add questions for reflection",
        help_text="Questions a team can talk through in a few minutes. One a line.",
    )
    further_reading = text_field(
        "Further reading (optional)",
        "",
        required=False,
        help_text="Procedures, guidance and national reviews. One a line.",
    )

    def __init__(
        self, *args: Any, partnership: Partnership, reviews: QuerySet[Review], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_themes(self, partnership)
        self.set_reviews(reviews)


class NewsletterForm(GovUKForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    issue_date = GovUKDateField(label="Issue date", noun="Issue date", example="1 6 2026")
    body = text_field("Newsletter", "Write the newsletter", rows=15, max_length=50_000)
    themes = themes_field()

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_themes(self, partnership)
        self.fields["body"].error_messages["max_length"] = (
            "The newsletter must be 50,000 characters or fewer"
        )


class LibraryItemForm(_WithReview):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=LibraryItem.Kind.choices,
        widget=forms.RadioSelect(attrs={"data-label-size": "s"}),
        error_messages={"required": "Select what the item is", "invalid_choice": SELECT_ONE},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    summary = text_field("Summary (optional)", "", required=False, rows=5)
    link = forms.URLField(
        label="Link (optional)",
        help_text="The web address of the report or guidance, starting https://",
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[https_only],
        error_messages={
            "invalid": "Enter a web address, like https://www.gov.uk/",
            "max_length": "The link must be 200 characters or fewer",
        },
    )
    published_on = GovUKDateField(
        label="Date published", noun="Date published", validators=[happened("Date published")]
    )
    themes = themes_field()
    review = _review_field("A review of this partnership it is about (optional)")

    def __init__(
        self, *args: Any, partnership: Partnership, reviews: QuerySet[Review], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_themes(self, partnership)
        self.set_reviews(reviews)


class LibraryFilterForm(GovUKForm):
    """The learning library's search, sent with GET."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *selectors.LIBRARY_KINDS.items()],
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["theme"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", "Any theme"),
            *((str(t.pk), t.name) for t in selectors.themes_for(partnership)),
        ]
        for name in ("theme", "kind"):
            self.fields[name].error_messages["invalid_choice"] = SELECT_ONE

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip() or None,
            "theme": data["theme"],
            "kind": data["kind"] or None,
        }
