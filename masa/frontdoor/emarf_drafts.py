"""A draft referral as a whole: which sections it asks, each section's status on the
task list, when an urgent one must be finished, and checking it before it is sent
(`clean_draft` turns it into the `ReferralAnswers` that `services.referral_submit`
stores). The section forms themselves are in `emarf`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from masa.core.timescales import rule_for
from masa.frontdoor import services
from masa.frontdoor.answers import (
    ReferralAnswers,
    RiskAnswers,
)
from masa.frontdoor.emarf import (
    ITEM_FORMS,
    ITEM_SECTIONS,
    ORDER,
    SINGLE_FORMS,
    TITLES,
    Birth,
    ChildForm,
    ConcernForm,
    DashForm,
    HouseholdForm,
    SectionForm,
    UrgencyForm,
    dash_checklist,
    yes,
)
from masa.frontdoor.models import (
    ConcernCategory,
    Referral,
    RiskChecklist,
)


def has_domestic_abuse(draft: Mapping[str, Any]) -> bool:
    categories = (draft.get("concern") or {}).get("categories") or []
    return ConcernCategory.DOMESTIC_ABUSE.value in categories


def sections_for(draft: Mapping[str, Any]) -> list[str]:
    """The sections this draft asks for: the DASH only when domestic abuse is a concern."""
    return [s for s in ORDER if s != "dash" or has_domestic_abuse(draft)]


def items(draft: Mapping[str, Any], section: str) -> list[dict[str, Any]]:
    value = draft.get(section) or []
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def earliest_birth(draft: Mapping[str, Any]) -> Birth | None:
    """The eldest born child's date of birth: the concern cannot be earlier."""
    births: list[Birth] = []
    for raw in items(draft, "children"):
        form = ChildForm(data=raw)
        if form.is_valid() and form.cleaned_data.get("date_of_birth"):
            births.append(
                Birth(form.cleaned_data["first_names"], form.cleaned_data["date_of_birth"])
            )
    return min(births, key=lambda b: b.day) if births else None


def make_form(
    section: str,
    draft: Mapping[str, Any],
    *,
    data: Any = None,
    checklist: RiskChecklist | None = None,
) -> SectionForm:
    """A single section's form, bound to `data` when given."""
    if section == "concern":
        return ConcernForm(data=data, earliest_birth=earliest_birth(draft))
    if section == "dash":
        return DashForm(data=data, checklist=checklist or dash_checklist())
    return SINGLE_FORMS[section](data=data)


@dataclass(frozen=True)
class Task:
    section: str
    title: str
    status: str  # "not_started" | "incomplete" | "completed"

    @property
    def label(self) -> str:
        return {
            "not_started": "Not yet started",
            "incomplete": "Incomplete",
            "completed": "Completed",
        }[self.status]


def _form_messages(form: SectionForm) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


def _check_section(
    section: str, draft: Mapping[str, Any], checklist: RiskChecklist | None
) -> tuple[str, list[str], list[SectionForm]]:
    """(status, messages, valid forms) for one section of a draft."""
    if section in ITEM_SECTIONS:
        entries = items(draft, section)
        if not entries:
            message = (
                "Add at least one child"
                if section == "children"
                else "Add at least one parent, carer or other person in the child's household"
            )
            return "not_started", [message], []
        messages: list[str] = []
        forms_ok: list[SectionForm] = []
        noun = "Child" if section == "children" else "Person"
        for number, raw in enumerate(entries, start=1):
            form = ITEM_FORMS[section](data=raw)
            if form.is_valid():
                forms_ok.append(form)
            else:
                messages.extend(f"{noun} {number}: {m}" for m in _form_messages(form))
        return ("incomplete" if messages else "completed"), messages, forms_ok
    saved = draft.get(section)
    if not isinstance(saved, dict):
        return "not_started", [f"Complete ‘{TITLES[section]}’"], []
    form = make_form(section, draft, data=saved, checklist=checklist)
    if form.is_valid():
        return "completed", [], [form]
    return "incomplete", _form_messages(form), []


def tasks(referral: Referral) -> list[Task]:
    """The task list: each section this draft asks for, with its status."""
    draft = referral.draft or {}
    checklist = dash_checklist() if has_domestic_abuse(draft) else None
    return [
        Task(section, TITLES[section], _check_section(section, draft, checklist)[0])
        for section in sections_for(draft)
    ]


def complete_by(referral: Referral) -> datetime.datetime | None:
    """When a referral about a child in immediate danger must be finished (24 hours by
    default from the call), or None when no child is in immediate danger."""
    raw = (referral.draft or {}).get("urgency")
    if not isinstance(raw, dict) or raw.get("immediate_danger") != "yes":
        return None
    form = UrgencyForm(data=raw)
    start = referral.created_at
    if form.is_valid() and form.cleaned_data.get("danger_called_at"):
        start = form.cleaned_data["danger_called_at"]
    return services.due_at(start, rule_for(referral.partnership, "urgent_referral_completion"))


def clean_draft(referral: Referral) -> tuple[ReferralAnswers | None, dict[str, list[str]]]:
    """Check every section of a draft with its form; the answers, or what is missing."""
    draft = referral.draft or {}
    checklist = dash_checklist() if has_domestic_abuse(draft) else None
    errors: dict[str, list[str]] = {}
    valid: dict[str, list[SectionForm]] = {}
    for section in sections_for(draft):
        status, messages, forms_ok = _check_section(section, draft, checklist)
        valid[section] = forms_ok
        if status != "completed":
            errors[section] = messages
    if errors:
        return None, errors
    urgency = valid["urgency"][0].cleaned_data
    referrer = valid["referrer"][0].cleaned_data
    concern = valid["concern"][0].cleaned_data
    consent = valid["consent"][0].cleaned_data
    danger = yes(urgency["immediate_danger"])
    risk: RiskAnswers | None = None
    if "dash" in valid:
        dash_form = valid["dash"][0]
        assert isinstance(dash_form, DashForm)
        risk = dash_form.answers()
    children = tuple(f.answers() for f in valid["children"] if isinstance(f, ChildForm))
    household = tuple(f.answers() for f in valid["household"] if isinstance(f, HouseholdForm))
    return (
        ReferralAnswers(
            children=children,
            household=household,
            categories=tuple(concern["categories"]),
            other_concern=concern["other_concern"],
            what_happened=concern["what_happened"],
            happened_on=concern.get("happened_on"),
            impact=concern["impact"],
            child_voice=concern["child_voice"],
            support_in_place=concern["support_in_place"],
            level_believed=int(concern["level_believed"]),
            consent=consent["consent"],
            consent_detail=consent["consent_detail"],
            without_consent_reason=consent["without_consent_reason"],
            referrer_name=referrer["referrer_name"],
            referrer_role=referrer["referrer_role"],
            referrer_agency_name=referrer["referrer_agency_name"],
            referrer_phone=referrer["referrer_phone"],
            referrer_email=referrer["referrer_email"],
            immediate_danger=danger,
            danger_call_made_to=urgency["danger_call_made_to"] if danger else "",
            danger_called_at=urgency.get("danger_called_at") if danger else None,
            risk=risk,
        ),
        {},
    )
