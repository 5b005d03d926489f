"""Forms for the case review group's casework: serious incident notifications,
pre-discussions, rapid reviews and agency summaries, reviews and their steps, SAR
referrals, the reviewer pool and the theme taxonomy.

Forms only check what a person typed; every domain rule (clocks, allowed status moves,
the Care Act s44 test) is the services' and comes back as a field error."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q

from masa.core import files
from masa.core.codes import ETHNICITY, SEX
from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Agency, Partnership
from masa.reviews import rules
from masa.reviews.models import (
    CopySent,
    DateCorrection,
    Incident,
    PreDiscussion,
    RapidReview,
    Review,
    ReviewDelay,
    ReviewDocument,
    Reviewer,
    SarReferral,
    Subject,
    Theme,
)
from masa.reviews.services.subjects import CHILD_BANDS, SubjectDetails
from masa.reviews.validators import happened, https_only

YES_NO = [("yes", "Yes"), ("no", "No")]
SMALL = {"data-label-size": "s", "data-small": "1"}


def _capital(noun: str) -> str:
    return noun[:1].upper() + noun[1:]


def text_field(
    label: str,
    *,
    noun: str,
    max_length: int = 5000,
    required: bool = True,
    hint: str = "",
    rows: int = 0,
) -> forms.CharField:
    """A text box (or, with `rows`, a text area) with the GOV.UK error messages."""
    attrs: dict[str, Any] = {"data-label-size": "s"}
    widget: forms.Widget = (
        forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs=attrs)
    )
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{_capital(noun)} must be {max_length:,} characters or fewer",
            "null_characters_not_allowed": f"{_capital(noun)} must not contain null characters",
        },
    )


def yes_no_field(label: str, message: str, hint: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs=SMALL),
        error_messages={"required": message, "invalid_choice": message},
    )


def choice_field(
    label: str, choices: Iterable[tuple[str, str]], message: str, *, hint: str = "", radios: bool
) -> forms.ChoiceField:
    widget: forms.Widget = (
        forms.RadioSelect(attrs=SMALL) if radios else forms.Select(attrs={"data-label-size": "s"})
    )
    listed = list(choices)
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=listed if radios else [("", "Choose"), *listed],
        widget=widget,
        error_messages={"required": message, "invalid_choice": message},
    )


def date_field(
    label: str, noun: str, *, required: bool = True, hint: str = "", planned: bool = False
) -> GovUKDateField:
    """A date box. Unless the date is `planned` (a due or target date), it is the day
    something happened, so it cannot be in the future."""
    example = "For example, 27 3 2026"
    return GovUKDateField(
        label=label,
        noun=noun,
        required=required,
        help_text=f"{hint} {example}".strip() if hint else example,
        validators=[] if planned else [happened(noun)],
    )


class PickForm(GovUKForm):
    """A form with fields that choose records by primary key from a known set."""

    def pick(self, name: str, rows: Iterable[Any], label: Any = str, *, blank: str = "") -> None:
        """Offer `rows` in the choice field `name` (after a `blank` first option, if
        given) and remember them by key for `picked`."""
        found = {str(row.pk): row for row in rows}
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        first = [("", blank)] if blank else []
        field.choices = [*first, *((key, label(row)) for key, row in found.items())]
        setattr(self, f"_{name}_rows", found)

    def picked(self, name: str) -> Any:
        """The record chosen in `name`, or None when nothing was chosen."""
        key = self.cleaned_data.get(name) or ""
        rows: dict[str, Any] = getattr(self, f"_{name}_rows")
        return rows.get(str(key))

    def picked_all(self, name: str) -> list[Any]:
        rows: dict[str, Any] = getattr(self, f"_{name}_rows")
        return [rows[key] for key in self.cleaned_data.get(name) or [] if key in rows]


def themes_field(hint: str = "Select all that apply.") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Themes",
        required=False,
        help_text=hint,
        widget=forms.CheckboxSelectMultiple(attrs=SMALL),
        error_messages={"invalid_choice": "Select themes from the list"},
    )


def theme_choices(partnership: Partnership, chosen: Iterable[Theme] = ()) -> list[Theme]:
    """The partnership's active themes, and any inactive ones a record already carries."""
    held = {theme.pk for theme in chosen}
    return list(
        Theme.objects.filter(partnership=partnership)
        .filter(Q(is_active=True) | Q(pk__in=held))
        .order_by("name")
    )


# --- the subject's equality data ----------------------------------------------------------

CHILD_AGE_BANDS = [(v, label) for v, label in Subject.AgeBand.choices if v in CHILD_BANDS]
ADULT_AGE_BANDS = [(v, label) for v, label in Subject.AgeBand.choices if v not in CHILD_BANDS]


class SubjectFieldsMixin(GovUKForm):
    """The pseudonym and equality data of the person a record is about. Only the case
    review group ever sees them; the partnership's profile counts them."""

    def add_subject_fields(self, bands: list[tuple[str, str]], *, required: bool = True) -> None:
        self.fields["pseudonym"] = text_field(
            "Pseudonym" if required else "Pseudonym (optional)",
            noun="a pseudonym",
            max_length=100,
            required=required,
            hint='For example "Child T" or "Adult M". Never the person\'s real name.',
        )
        self.fields["age_band"] = choice_field(
            "Age band", bands, "Select the age band", radios=True
        )
        self.fields["sex"] = choice_field("Sex", SEX.items(), "Select the sex", radios=True)
        self.fields["ethnicity"] = choice_field(
            "Ethnicity", ETHNICITY.items(), "Select the ethnicity", radios=False
        )
        self.fields["disability"] = choice_field(
            "Disability",
            Subject.Disability.choices,
            "Select whether the person is disabled",
            radios=True,
        )
        self.fields["other_characteristics"] = text_field(
            "Other characteristics (optional)",
            noun="other characteristics",
            max_length=2000,
            required=False,
            rows=3,
            hint="For example religion, language or care experience, where it matters "
            "to the learning.",
        )
        if not required:
            for name in ("age_band", "sex", "ethnicity", "disability"):
                self.fields[name].required = False

    def subject_details(self) -> SubjectDetails | None:
        data = self.cleaned_data
        if not data.get("pseudonym"):
            return None
        return SubjectDetails(
            pseudonym=data["pseudonym"],
            age_band=data["age_band"],
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            disability=data["disability"] or Subject.Disability.UNKNOWN,
            other_characteristics=data["other_characteristics"],
        )


# --- serious incidents and pre-discussions ---------------------------------------------------


def incident_label(incident: Incident) -> str:
    return f"{incident.reference} (aware {incident.aware_on:%-d %b %Y})"


class IncidentNotifyForm(SubjectFieldsMixin, PickForm):
    summary = text_field(
        "What happened",
        noun="what happened",
        rows=6,
        hint="Enough for the Panel notification: no names, addresses or dates of birth.",
    )
    aware_on = date_field(
        "When did the local authority become aware?",
        "Date the local authority became aware",
        hint="The Panel must be notified within 5 working days of this date.",
    )
    looked_after = yes_no_field(
        "Was the child looked after?",
        "Select whether the child was looked after",
        hint="If yes, Ofsted and the Secretary of State are told as well.",
    )
    themes = themes_field()

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_subject_fields(CHILD_AGE_BANDS)
        self.pick("themes", theme_choices(partnership))
        self.order_fields(
            [
                "pseudonym",
                "age_band",
                "sex",
                "ethnicity",
                "disability",
                "other_characteristics",
                "aware_on",
                "looked_after",
                "summary",
                "themes",
            ]
        )


class NotificationsForm(GovUKForm):
    """When the Panel, the partners (and for a looked-after child Ofsted and the
    Secretary of State) were told. A date left empty keeps the one held."""

    notified_panel_on = date_field(
        "Child Safeguarding Practice Review Panel notified on", "Panel date", required=False
    )
    partners_told_on = date_field(
        "Safeguarding partners told on", "Date the partners were told", required=False
    )
    notified_ofsted_on = date_field("Ofsted told on", "Ofsted date", required=False)
    notified_sos_on = date_field(
        "Secretary of State told on", "Secretary of State date", required=False
    )

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not incident.looked_after:
            del self.fields["notified_ofsted_on"]
            del self.fields["notified_sos_on"]
        if hasattr(incident, "rapid_review"):
            # The rapid review's clock runs from the Panel notification.
            del self.fields["notified_panel_on"]

    def dates(self) -> dict[str, datetime.date | None]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class DateCorrectionForm(GovUKForm):
    """Correct a date recorded on an incident, its rapid review or a review, with the
    reason. Only the dates already recorded are offered."""

    field = forms.ChoiceField(
        label="Which date is wrong?",
        widget=forms.RadioSelect(attrs={"data-label-size": "m"}),
        error_messages={
            "required": "Select the date to correct",
            "invalid_choice": "Select a date from the list",
        },
    )
    new_on = date_field("The correct date", "The correct date")
    reason = text_field(
        "Why is it being corrected?",
        noun="the reason for the correction",
        max_length=2000,
        rows=3,
        hint="For example, the letter was drafted that day but sent the next.",
    )

    def __init__(
        self, *args: Any, recorded: Mapping[str, datetime.date | None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (name, f"{DateCorrection.Field(name).label}: {day:%-d %B %Y}")
            for name, day in recorded.items()
            if day is not None
        ]


class PreDiscussionForm(PickForm):
    referral_summary = text_field(
        "The referral",
        noun="a summary of the referral",
        rows=5,
        hint="Why it may not meet the criteria for a rapid review.",
    )
    held_on = date_field("Date of the panel", "Date of the panel")
    attendees = text_field(
        "Who attended (optional)", noun="who attended", max_length=2000, required=False, rows=3
    )
    outcome = choice_field(
        "Outcome", PreDiscussion.Outcome.choices, "Select the outcome", radios=True
    )
    rationale = text_field("Reasons for the outcome", noun="the reasons for the outcome", rows=4)
    incident = forms.ChoiceField(
        label="Serious incident it concerns (optional)",
        required=False,
        widget=forms.Select(attrs={"data-label-size": "s"}),
        error_messages={"invalid_choice": "Select an incident from the list"},
    )

    def __init__(self, *args: Any, incidents: Iterable[Incident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick("incident", incidents, incident_label, blank="None")


# --- rapid reviews and agency summaries -------------------------------------------------------


class SummaryRequestForm(PickForm):
    agencies = forms.MultipleChoiceField(
        label="Which agencies are asked for a summary?",
        widget=forms.CheckboxSelectMultiple(attrs=SMALL),
        help_text="Each summary is due 5 working days after the request, unless the "
        "partnership has set another timescale.",
        error_messages={
            "required": "Select at least one agency",
            "invalid_choice": "Select agencies from the list",
        },
    )
    requested_on = date_field(
        "Date of the request (optional)",
        "Date of the request",
        required=False,
        hint="Leave empty for today.",
    )

    def __init__(self, *args: Any, agencies: Iterable[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick("agencies", agencies)


class MeetingForm(GovUKForm):
    meeting_on = date_field("Date of the rapid review meeting", "Date of the meeting")


class DecisionForm(GovUKForm):
    decision = choice_field(
        "What did the rapid review decide?",
        RapidReview.Decision.choices,
        "Select the decision",
        radios=True,
    )
    rationale = text_field("Reasons for the decision", noun="the reasons for the decision", rows=5)
    learning = text_field(
        "Learning captured",
        noun="the learning captured",
        required=False,
        rows=5,
        hint="Required when there is to be no LCSPR.",
    )
    review_title = text_field(
        "Title of the LCSPR (optional)",
        noun="the title",
        max_length=200,
        required=False,
        hint="Only for an LCSPR. Leave empty to use the child's pseudonym.",
    )
    decided_on = date_field(
        "Date of the decision (optional)",
        "Date of the decision",
        required=False,
        hint="Leave empty for today.",
    )


class SentToPanelForm(GovUKForm):
    sent_on = date_field(
        "When were the decision and the rapid review report sent to the Panel?",
        "Date sent to the Panel",
    )


class PanelResponseForm(GovUKForm):
    received_on = date_field("When did the Panel respond?", "Date of the Panel's response")
    response = text_field("What the Panel said", noun="what the Panel said", rows=5)


class AgencySummaryForm(GovUKForm):
    involvement = text_field(
        "Your agency's involvement",
        noun="your agency's involvement",
        max_length=20000,
        rows=8,
        hint="What your agency knew and did, with dates, from your own records.",
    )
    analysis = text_field(
        "Analysis of the practice",
        noun="your analysis of the practice",
        max_length=20000,
        rows=8,
        hint="What went well, what did not, and why.",
    )
    immediate_learning = text_field(
        "Immediate learning and actions taken (optional)",
        noun="the immediate learning",
        max_length=20000,
        required=False,
        rows=5,
    )


# --- reviews ----------------------------------------------------------------------------------

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


# --- SAR referrals ------------------------------------------------------------------------------


def criteria_field(hint: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Which Care Act 2014 section 44 conditions are met?",
        required=False,
        choices=list(rules.SAR_CRITERIA.items()),
        help_text=hint,
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "m"}),
        error_messages={"invalid_choice": "Select conditions from the list"},
    )


def criteria_answers(chosen: Iterable[str]) -> dict[str, bool]:
    picked = set(chosen)
    return {key: key in picked for key in rules.SAR_CRITERIA}


CRITERIA_HINT = (
    "A review is mandatory when the first four conditions are all met (section 44(1) to "
    "(3)). Otherwise the board may arrange one under section 44(4). Select all that apply."
)


class SarReferralForm(SubjectFieldsMixin, PickForm):
    received_on = date_field("When was the referral received?", "Date received")
    referrer_agency = forms.ChoiceField(
        label="Referring agency",
        widget=forms.Select(attrs={"data-label-size": "s"}),
        error_messages={
            "required": "Select the referring agency",
            "invalid_choice": "Select an agency from the list",
        },
    )
    summary = text_field(
        "Summary of the referral",
        noun="a summary of the referral",
        rows=6,
        hint="What happened and the concern about how agencies worked together.",
    )
    criteria = criteria_field(CRITERIA_HINT)

    def __init__(self, *args: Any, agencies: Iterable[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick("referrer_agency", agencies, blank="Choose the agency")
        self.add_subject_fields(ADULT_AGE_BANDS)
        self.order_fields(
            [
                "pseudonym",
                "age_band",
                "sex",
                "ethnicity",
                "disability",
                "other_characteristics",
                "received_on",
                "referrer_agency",
                "summary",
                "criteria",
            ]
        )

    def answers(self) -> dict[str, bool]:
        return criteria_answers(self.cleaned_data.get("criteria") or [])


class SarDecisionForm(GovUKForm):
    criteria = criteria_field(
        f"{CRITERIA_HINT} Correct the referrer's answers here if the board sees them otherwise."
    )
    decision = choice_field(
        "Decision", SarReferral.Decision.choices, "Select the decision", radios=True
    )
    rationale = text_field("Reasons for the decision", noun="the reasons for the decision", rows=5)
    decided_on = date_field(
        "Date of the decision (optional)",
        "Date of the decision",
        required=False,
        hint="Leave empty for today.",
    )

    def __init__(self, *args: Any, referral: SarReferral, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"criteria": [key for key, met in (referral.criteria or {}).items() if met]},
        )
        super().__init__(*args, **kwargs)

    def answers(self) -> dict[str, bool]:
        return criteria_answers(self.cleaned_data.get("criteria") or [])


# --- the reviewer pool and the themes -------------------------------------------------------------


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
