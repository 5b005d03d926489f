"""The MASH's forms: the queue filters, the RAG rating, child matching, partner checks,
the decision and the manager's sign-off. Server-side checks only; the services
have the last word (a `ServiceError` becomes a form error in the view)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundWidget

from masa.core.forms import GovUKDateField, GovUKForm
from masa.core.models import Agency, AgencyKind, Partnership
from masa.core.selectors import partner_check_agencies
from masa.frontdoor import services, thresholds
from masa.frontdoor.emarf import TIME
from masa.frontdoor.models import ConcernCategory, Contact
from masa.frontdoor.selectors import AGE_BANDS, Candidate
from masa.frontdoor.services import LONDON

TEXT_LIMIT = 10_000


def _text(label: str, required: str, *, hint: str = "", rows: int = 5) -> forms.CharField:
    """A free-text answer kept exactly as typed (only checked for being present)."""
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=TEXT_LIMIT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows, "data-label-size": "s"}),
        error_messages={
            "required": required,
            "max_length": f"{label} must be {TEXT_LIMIT:,} characters or fewer",
        },
    )


def _not_blank(value: str, message: str) -> str:
    if not value.strip():
        raise forms.ValidationError(message)
    return value


# --- the queue ----------------------------------------------------------------------


def _search(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"data-label-size": "s", "autocomplete": "off"}),
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )


class QueueFilterForm(GovUKForm):
    """The queue's filters, sent with GET so a filtered queue can be bookmarked."""

    q = _search(
        "Search by child's name or reference",
        "For example, Jayden Smith or NB-2026-000123",
    )

    rag = forms.ChoiceField(
        label="RAG rating",
        required=False,
        choices=[("", "Any rating"), *Contact.Rag.choices, ("none", "Not rated")],
    )
    age_band = forms.ChoiceField(
        label="Age", required=False, choices=[("", "Any age"), *AGE_BANDS.items()]
    )
    source_kind = forms.ChoiceField(
        label="Source agency",
        required=False,
        choices=[("", "Any agency"), *AgencyKind.choices],
    )
    category = forms.ChoiceField(
        label="Concern",
        required=False,
        choices=[("", "Any concern"), *ConcernCategory.choices],
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def filters(self) -> dict[str, Any]:
        """The chosen filters, ready for `selectors.contact_queue` (none when invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "rag": data["rag"],
            "age_band": data["age_band"],
            "source_kind": data["source_kind"],
            "category": data["category"],
            "overdue": data["overdue"],
        }


# --- triage -------------------------------------------------------------------------


class RagForm(GovUKForm):
    rag = forms.ChoiceField(
        label="What is the RAG rating?",
        choices=Contact.Rag.choices,
        widget=forms.RadioSelect(attrs={"data-label-size": "m"}),
        help_text="A red contact must be decided within the red timescale.",
        error_messages={"required": "Select red, amber or green"},
    )
    reason = _text(
        "Why did you give this rating?",
        "Say why you gave this rating",
        hint="For example, what puts the child at risk now, or what protects them.",
    )

    def clean_reason(self) -> str:
        return _not_blank(self.cleaned_data["reason"], "Say why you gave this rating")


NEW_CHILD = "new"


class LinkChildForm(GovUKForm):
    """Choose one of the candidates the matching found, or a new child record."""

    child = forms.ChoiceField(
        label="Which child is this contact about?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the child, or that none of these is the child",
            "invalid_choice": "Select one of the children shown, or that none of them is",
        },
    )

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.child.pk): c for c in candidates}
        field = self.fields["child"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            *((pk, str(c.child)) for pk, c in self.candidates.items()),
            (NEW_CHILD, "None of these: create a new child record"),
        ]

    def chosen(self) -> Candidate | None:
        """The chosen candidate; None for a new child record."""
        return self.candidates.get(self.cleaned_data["child"])


class CheckRequestForm(GovUKForm):
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        label="Which agencies do you want to ask?",
        help_text="Select all that apply. Each agency gets its own request and answers it.",
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "s", "data-small": "1"}),
        error_messages={
            "required": "Select the agencies you want to ask",
            "invalid_choice": "Select agencies in this partnership",
            "invalid_pk_value": "Select agencies in this partnership",
        },
    )
    question = _text(
        "What do you need to know?",
        "Enter what you need to know",
        hint="Ask only for what you need to decide. The agency sees the child's name, "
        "date of birth and address, and your question.",
    )
    due_on = GovUKDateField(
        noun="Date the answer is due",
        label="Answer due by (date)",
        required=False,
        help_text="Leave the date and time empty for the usual due time shown above.",
    )
    due_time = forms.CharField(
        label="Answer due by (time)",
        required=False,
        max_length=10,
        help_text="Use the 24-hour clock, for example 14:30",
        widget=forms.TextInput(attrs={"data-label-size": "s", "width": "5"}),
    )

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        latest: datetime.datetime,
        now: datetime.datetime,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.latest, self.now = latest, now
        field = self.fields["agencies"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = partner_check_agencies(partnership)

    def clean_question(self) -> str:
        return _not_blank(self.cleaned_data["question"], "Enter what you need to know")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("due_on")
        time_text = str(data.get("due_time") or "").strip()
        data["due"] = None
        if day is None and not time_text:
            return data  # the usual due time
        if day is None:
            if "due_on" not in self.errors:
                self.add_error("due_on", "Enter the date the answer is due")
            return data
        match = TIME.match(time_text)
        if match is None:
            self.add_error(
                "due_time",
                "Enter the time the answer is due like 14:30, on the 24-hour clock"
                if time_text
                else "Enter the time the answer is due",
            )
            return data
        due = datetime.datetime.combine(
            day, datetime.time(int(match.group(1)), int(match.group(2))), tzinfo=LONDON
        )
        latest = self.latest.astimezone(LONDON)
        if due <= self.now:
            self.add_error("due_on", "The answer must be due at a time still to come")
        elif due > latest:
            self.add_error(
                "due_on",
                f"The answer must be due by {latest:%H:%M} on {latest.day} {latest:%B %Y} "
                "or sooner",
            )
        else:
            data["due"] = due
        return data


class CheckWithdrawForm(GovUKForm):
    reason = _text(
        "Why are you withdrawing this request?",
        "Say why you are withdrawing the request",
        hint="The agency sees this reason, and can no longer answer the request.",
        rows=3,
    )

    def clean_reason(self) -> str:
        return _not_blank(self.cleaned_data["reason"], "Say why you are withdrawing the request")


class CheckSearchForm(GovUKForm):
    """Find an information request by the child's name or the contact's reference (GET)."""

    q = _search("Search by child's name or reference", "For example, Jayden Smith")

    def search(self) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        words: str = self.cleaned_data["q"]
        return words.strip()


class CheckResponseForm(GovUKForm):
    response = _text(
        "What does your agency know?",
        "Enter what your agency knows, or that it holds nothing",
        hint="Say what your agency holds that answers the question, with dates. "
        "If it holds nothing, say so.",
        rows=8,
    )

    def clean_response(self) -> str:
        return _not_blank(
            self.cleaned_data["response"], "Enter what your agency knows, or that it holds nothing"
        )


# --- the decision -------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One radio with its hint, for questions whose choices need explaining."""

    widget: BoundWidget
    hint: str


@dataclass(frozen=True)
class DescriptorGroup:
    level: thresholds.Level
    choices: list[Choice]


class DecisionForm(GovUKForm):
    level = forms.TypedChoiceField(
        label="What is the level of need?",
        choices=[(str(n), level.name) for n, level in thresholds.LEVELS.items()],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of need"},
    )
    descriptor = forms.ChoiceField(
        label="Which threshold descriptor applies?",
        choices=[
            (code, f"{code}: {text}") for code, (_level, text) in thresholds.DESCRIPTORS.items()
        ],
        widget=forms.RadioSelect,
        help_text="Choose a descriptor for the level of need you selected.",
        error_messages={"required": "Select the threshold descriptor you applied"},
    )
    outcome = forms.ChoiceField(
        label="What is the outcome?",
        choices=Contact.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    rationale = _text(
        "Why did you reach this decision?",
        "Enter the reasons for the decision",
        hint="Refer to the threshold document, the partner checks and the child's voice.",
        rows=8,
    )
    referrer_feedback = _text(
        "What will the referrer be told?",
        "Enter what the referrer will be told",
        hint="The referrer sees this with the outcome, on their referral and by email.",
    )
    correction_reason = _text(
        "Why are you correcting the decision?",
        "Say why the decision is being corrected",
        hint="The signed-off decision stays on the record; the correction is a new version.",
    )

    open_checks_reason = _text(
        "Why can the decision not wait for the partner checks still open?",
        "Say why the decision cannot wait for the partner checks still open",
        hint="Answers that arrive later are added to the contact and shown with the decision.",
        rows=3,
    )

    def __init__(
        self,
        *args: Any,
        outcomes: dict[int, tuple[str, ...]],
        correcting: bool = False,
        open_checks: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.correcting = correcting
        self.outcomes = outcomes
        labels = dict(Contact.Outcome.choices)
        self.fields["outcome"].help_text = "The outcome must fit the level of need. " + " ".join(
            f"Level {level}: {'; '.join(str(labels[code]).lower() for code in codes)}."
            for level, codes in outcomes.items()
            if codes
        )
        if not correcting:
            del self.fields["correction_reason"]
        if not open_checks:
            del self.fields["open_checks_reason"]

    def level_choices(self) -> list[Choice]:
        return [
            Choice(widget, thresholds.LEVELS[int(widget.data["value"])].description)
            for widget in self["level"]
        ]

    def descriptor_groups(self) -> list[DescriptorGroup]:
        widgets = {str(widget.data["value"]): widget for widget in self["descriptor"]}
        return [
            DescriptorGroup(
                level,
                [Choice(widgets[code], "") for code, _text in thresholds.descriptors_for(number)],
            )
            for number, level in thresholds.LEVELS.items()
        ]

    def clean_descriptor(self) -> str:
        # The level is cleaned first (it comes first), so its error shows first too.
        descriptor: str = self.cleaned_data["descriptor"]
        level = self.cleaned_data.get("level")
        if level and thresholds.DESCRIPTORS[descriptor][0] != level:
            raise forms.ValidationError(
                f"Select a threshold descriptor for level {level}, the level you chose"
            )
        return descriptor

    def clean_outcome(self) -> str:
        # After the level (it comes first): an outcome must be one allowed at that level.
        outcome: str = self.cleaned_data["outcome"]
        level = self.cleaned_data.get("level")
        allowed = self.outcomes.get(level, ()) if level else ()
        if level and outcome not in allowed:
            raise forms.ValidationError(services.outcome_refused(level, outcome, allowed))
        return outcome

    def clean_rationale(self) -> str:
        return _not_blank(self.cleaned_data["rationale"], "Enter the reasons for the decision")

    def clean_referrer_feedback(self) -> str:
        return _not_blank(
            self.cleaned_data["referrer_feedback"], "Enter what the referrer will be told"
        )

    def clean_open_checks_reason(self) -> str:
        return _not_blank(
            self.cleaned_data["open_checks_reason"],
            "Say why the decision cannot wait for the partner checks still open",
        )

    def clean_correction_reason(self) -> str:
        return _not_blank(
            self.cleaned_data["correction_reason"], "Say why the decision is being corrected"
        )


SIGN_OFF, RETURN = "sign_off", "return"


class SignOffForm(GovUKForm):
    verdict = forms.ChoiceField(
        label="Do you sign off this decision?",
        choices=[(SIGN_OFF, "Sign off"), (RETURN, "Return to the practitioner")],
        widget=forms.RadioSelect,
        help_text="When you sign off, the referrer is told the outcome.",
        error_messages={"required": "Select whether you sign off the decision or return it"},
    )
    note = forms.CharField(
        label="Note for the practitioner",
        help_text="Required when you return the decision: say what needs to change.",
        required=False,
        max_length=TEXT_LIMIT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-label-size": "s"}),
        error_messages={"max_length": f"The note must be {TEXT_LIMIT:,} characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verdict") == RETURN and not data.get("note", "").strip():
            self.add_error("note", "Say what needs to change")
        return data

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data.get("verdict") == SIGN_OFF)


# --- the exploitation triage list ---------------------------------------------------


class AgendaDateForm(GovUKForm):
    date = forms.DateField(
        label="Date of the meeting",
        help_text="For example, 27/3/2026",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"width": "10"}),
        error_messages={
            "required": "Enter the date of the meeting",
            "invalid": "Enter a real date, like 27/3/2026",
        },
    )

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError("Enter a date between 2000 and 2100")
        return day

    def day(self, default: datetime.date) -> datetime.date:
        if self.is_bound and self.is_valid():
            chosen: datetime.date = self.cleaned_data["date"]
            return chosen
        return default
