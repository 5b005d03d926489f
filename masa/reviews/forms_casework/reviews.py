"""Forms for reviews and every step of them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings

from masa.core import files
from masa.core.forms import GovUKForm
from masa.core.models import Partnership
from masa.reviews.forms_casework.fields import (
    ADULT_AGE_BANDS,
    CHILD_AGE_BANDS,
    PickForm,
    SubjectFieldsMixin,
    choice_field,
    date_field,
    incident_label,
    text_field,
    theme_choices,
    themes_field,
)
from masa.reviews.models import CopySent, Incident, Review, ReviewDelay, ReviewDocument, Reviewer
from masa.reviews.validators import https_only

NOTED_KINDS = [
    (value, label)
    for value, label in Review.Kind.choices
    if value in (Review.Kind.DHR, Review.Kind.ALTERNATIVE, Review.Kind.TABLE_TOP)
]


class ReviewFilterForm(GovUKForm):
    """The review list's filters, sent with GET so a list can be bookmarked."""

    kind = forms.ChoiceField(
        label="Kind of review", required=False, choices=[("", "Any kind"), *Review.Kind.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Review.Status.choices]
    )
    q = forms.CharField(
        label="Reference or title",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "status"):
            self.fields[name].error_messages["invalid_choice"] = "Select one of the options"

    def filters(self) -> dict[str, str]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: self.cleaned_data[key] for key in ("kind", "status", "q")}


class ReviewNoteForm(SubjectFieldsMixin, PickForm):
    """Note a DHR, an alternative or a table-top review (LCSPRs and SARs come from the
    rapid review and SAR decisions)."""

    kind = choice_field("Kind of review", NOTED_KINDS, "Select the kind of review", radios=True)
    title = text_field("Title", noun="a title", max_length=200)
    summary = text_field("Summary (optional)", noun="a summary", required=False, rows=4)
    owner = text_field(
        "Who runs it (optional)",
        noun="who runs the review",
        max_length=200,
        required=False,
        hint="A DHR is run by the community safety partnership: leave empty to say so.",
    )
    notified_on = date_field(
        "When was the community safety partnership notified? (DHR only)",
        "Date the community safety partnership was notified",
        required=False,
        hint="Its decision is due 1 month later, unless the partnership has set another timescale.",
    )
    incident = forms.ChoiceField(
        label="Serious incident it follows (optional)",
        required=False,
        widget=forms.Select(attrs={"data-label-size": "s"}),
        help_text="The review is then about that incident's child: leave the questions "
        "about the person below empty.",
        error_messages={"invalid_choice": "Select an incident from the list"},
    )
    themes = themes_field()

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        incidents: Iterable[Incident],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pick("incident", incidents, incident_label, blank="None")
        self.pick("themes", theme_choices(partnership))
        self.add_subject_fields([*CHILD_AGE_BANDS, *ADULT_AGE_BANDS], required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("pseudonym"):
            for name, message in (
                ("age_band", "Select the age band"),
                ("sex", "Select the sex"),
                ("ethnicity", "Select the ethnicity"),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


class ReviewDetailsForm(PickForm):
    title = text_field("Title", noun="a title", max_length=200)
    summary = text_field("Summary", noun="a summary", required=False, rows=4)
    terms_of_reference = text_field(
        "Terms of reference",
        noun="the terms of reference",
        max_length=20000,
        required=False,
        rows=8,
    )
    family_involvement = text_field(
        "Family involvement",
        noun="the family involvement",
        max_length=20000,
        required=False,
        rows=5,
        hint="How the family were told about the review and how they are taking part.",
    )
    owner = text_field(
        "Who runs it (if not the partnership)",
        noun="who runs the review",
        max_length=200,
        required=False,
    )
    themes = themes_field()

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        current = list(review.themes.all())
        kwargs.setdefault(
            "initial",
            {
                "title": review.title,
                "summary": review.summary,
                "terms_of_reference": review.terms_of_reference,
                "family_involvement": review.family_involvement,
                "owner": review.owner,
                "themes": [str(theme.pk) for theme in current],
            },
        )
        super().__init__(*args, **kwargs)
        self.pick("themes", theme_choices(review.partnership, current))


class CommissionForm(PickForm):
    reviewer = forms.ChoiceField(
        label="Reviewer",
        widget=forms.RadioSelect(attrs={"data-label-size": "m"}),
        error_messages={
            "required": "Select the reviewer",
            "invalid_choice": "Select a reviewer from the pool",
        },
    )
    conflict_check = text_field(
        "Conflict of interest check",
        noun="the conflict of interest check",
        rows=4,
        hint="Who checked, against which agencies and people, and what the reviewer declared.",
    )
    conflict_confirmed = forms.BooleanField(
        label="The reviewer has no conflict of interest with the agencies or people involved",
        required=False,
    )
    checked_on = date_field(
        "Date of the check (optional)",
        "Date of the check",
        required=False,
        hint="Leave empty for today.",
    )
    terms_of_reference = text_field(
        "Terms of reference (optional)",
        noun="the terms of reference",
        max_length=20000,
        required=False,
        rows=6,
    )

    def __init__(self, *args: Any, reviewers: Iterable[Reviewer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick(
            "reviewer",
            reviewers,
            lambda r: f"{r.full_name}{f', {r.organisation}' if r.organisation else ''}",
        )


class StartForm(GovUKForm):
    started_on = date_field("Date the review started", "Start date")
    target_on = date_field(
        "Target completion date (optional)",
        "Target date",
        required=False,
        planned=True,
        hint="No national timescale applies to this kind of review.",
    )

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if review.kind == Review.Kind.LCSPR:
            # An LCSPR's target comes from the partnership's timescale (6 months).
            del self.fields["target_on"]


class DelayForm(GovUKForm):
    reason = choice_field(
        "What is delaying the review?",
        ReviewDelay.Reason.choices,
        "Select the reason for the delay",
        radios=True,
    )
    detail = text_field(
        "Details",
        noun="what is delaying the review",
        max_length=2000,
        required=False,
        rows=3,
        hint="Required for another reason. For example, the trial date.",
    )
    started_on = date_field(
        "When did the delay start?",
        "Date the delay started",
        hint="The review's clock stops from this date until the delay ends.",
    )


class DelayEndForm(GovUKForm):
    ended_on = date_field(
        "When did the delay end?",
        "Date the delay ended",
        hint="The target moves on by the days the review was paused.",
    )


class MilestoneForm(GovUKForm):
    name = text_field("Milestone", noun="the milestone", max_length=200)
    due_on = date_field("Due date", "Due date", planned=True)


class MilestoneDoneForm(GovUKForm):
    done_on = date_field("When was it reached?", "Date reached")


class DraftForm(GovUKForm):
    received_on = date_field("When did the draft report arrive?", "Date the draft arrived")


class SignOffForm(GovUKForm):
    signed_off_on = date_field("Date of the executive sign-off", "Date of sign-off")


class PublishForm(GovUKForm):
    published_on = date_field("Date of publication", "Date of publication")
    link = forms.URLField(
        label="Link to the published report",
        max_length=200,
        assume_scheme="https",
        validators=[https_only],
        help_text="The web address, starting https://",
        widget=forms.URLInput(attrs={"data-label-size": "s", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the link to the published report",
            "invalid": "Enter a web address, like https://www.example.org/review.pdf",
            "max_length": "The link must be 200 characters or fewer",
        },
    )


class ReviewDocumentForm(GovUKForm):
    """A document for the review's file, checked by the service as evidence is."""

    kind = choice_field(
        "What is the document?",
        ReviewDocument.Kind.choices,
        "Select what the document is",
        radios=True,
    )
    title = text_field(
        "Title",
        noun="a title for the document",
        max_length=200,
        hint="For example, Chronology of agency involvement, version 2.",
    )
    file = forms.FileField(
        label="Upload the document",
        widget=forms.FileInput(attrs={"data-label-size": "s"}),
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A {files.ALLOWED_TEXT} file, "
            f"smaller than {files.size_label(settings.EVIDENCE_MAX_BYTES)}."
        )


class NotPublishForm(GovUKForm):
    reason = text_field(
        "Why is the review not published?",
        noun="the reason the review is not published",
        rows=5,
        hint="For example, to protect the identity of a surviving sibling.",
    )


class CopyForm(GovUKForm):
    recipient = choice_field(
        "Who was the copy sent to?",
        CopySent.Recipient.choices,
        "Select who the copy went to",
        radios=True,
    )
    recipient_other = text_field(
        "If other, who", noun="who the copy went to", max_length=200, required=False
    )
    sent_on = date_field("Date sent", "Date sent")
