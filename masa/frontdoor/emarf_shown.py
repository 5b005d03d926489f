"""How the eMARF shows answers: a draft's as typed (check your answers, the lists of
children and household), a sent referral's from its columns, and its progress."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from masa.core.forms import GovUKDateField
from masa.frontdoor import codes, nhs, thresholds
from masa.frontdoor.emarf import CALLED, TITLES, SectionForm, long_date
from masa.frontdoor.models import Contact, Decision, HouseholdMember, Referral, RiskAssessment

# --- showing answers ----------------------------------------------------------------

SUMMARY_LABELS: dict[str, str] = {
    "immediate_danger": "Child in immediate danger",
    "danger_call_made_to": "Who you called",
    "danger_called_on": "Date of the call",
    "danger_called_time": "Time of the call",
    "born": "Born",
    "expected_date_of_birth": "Expected date of birth",
    "interpreter_needed": "Interpreter needed",
    "relationship": "Who they are",
    "parental_responsibility": "Parental responsibility",
    "notes": "Notes",
    "date_of_birth": "Date of birth",
    "categories": "Concerns",
    "other_concern": "Other concern",
    "happened_on": "When it happened",
    "impact": "Impact on the child",
    "child_voice": "The child's voice",
    "support_in_place": "Support already in place",
    "level_believed": "Level of need you think applies",
    "consent": "Parents or carers told, and consent",
    "consent_detail": "Reason or what they said",
    "without_consent_reason": "Why share without consent",
    "professional_judgement": "MARAC on professional judgement",
    "judgement_reason": "Reason for your judgement",
    "nhs_number": "NHS number",
    "school": "School or setting",
    "referrer_name": "Name",
    "referrer_role": "Role",
    "referrer_agency_name": "Organisation",
    "referrer_phone": "Telephone",
    "referrer_email": "Email",
}


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    value: str


def summary_rows(form: SectionForm, raw: Mapping[str, Any]) -> list[Row]:
    """A section's saved answers in words, for the check answers page (raw, as typed)."""
    rows: list[Row] = []
    for name, field in form.fields.items():
        if isinstance(field, GovUKDateField):
            parts = [str(raw.get(f"{name}_{part}", "")).strip() for part in field.parts]
            try:
                day = field.to_python(parts)
                value = long_date(day) if day else ""
            except forms.ValidationError:
                value = "/".join(parts)
        elif isinstance(field, forms.ChoiceField):
            choices: Any = field.choices
            labels = {str(k): str(v) for k, v in choices}
            chosen = raw.get(name)
            values = chosen if isinstance(chosen, list) else [chosen]
            value = ", ".join(labels.get(str(v), str(v)) for v in values if v)
        else:
            value = str(raw.get(name, "") or "")
        if not value and not field.required:
            continue
        rows.append(Row(name, SUMMARY_LABELS.get(name, str(field.label)), value))
    return rows


def item_title(section: str, raw: Mapping[str, Any], index: int) -> str:
    """A child or household member as the referrer named them, or by number."""
    if section == "children":
        name = " ".join(
            str(raw.get(key, "") or "").strip() for key in ("first_names", "last_name")
        ).strip()
        return name or f"Child {index + 1}"
    return str(raw.get("name", "") or "").strip() or f"Person {index + 1}"


# --- a sent referral's progress, for its referrer ---------------------------------


@dataclass(frozen=True)
class Progress:
    contact: Contact
    label: str
    outcome: str
    feedback: str


def contact_progress(referral: Referral) -> list[Progress]:
    """Where each child's contact stands: received, being looked at, or decided (with the
    outcome and what the MASH said to the referrer, from the signed-off decision)."""
    contacts = list(referral.contacts.all())
    signed_off: dict[int, Decision] = {}
    decided = [c.pk for c in contacts if c.decided_at is not None]
    if decided:
        for decision in Decision.objects.filter(
            contact_id__in=decided, state=Decision.State.SIGNED_OFF
        ).order_by("contact_id", "-version"):
            signed_off.setdefault(decision.contact_id, decision)
    progress: list[Progress] = []
    for contact in sorted(contacts, key=lambda c: c.number):
        latest = signed_off.get(contact.pk)
        if contact.decided_at is not None and contact.outcome:
            progress.append(
                Progress(
                    contact,
                    "Decided",
                    contact.get_outcome_display(),
                    latest.referrer_feedback if latest else "",
                )
            )
        elif contact.status == Contact.Status.NEW:
            progress.append(Progress(contact, "Received", "", ""))
        else:
            progress.append(Progress(contact, "Being looked at", "", ""))
    return progress


# --- a sent referral's answers --------------------------------------------------------


def _rows(pairs: list[tuple[str, str]]) -> list[Row]:
    return [Row(str(n), label, value) for n, (label, value) in enumerate(pairs) if value]


def _yes_no(value: bool | None) -> str:
    return "Not known" if value is None else ("Yes" if value else "No")


def _urgency(referral: Referral) -> dict[str, Any]:
    urgency = [("Child in immediate danger", _yes_no(referral.immediate_danger))]
    called_at = referral.danger_called_at
    if referral.immediate_danger:
        when = timezone.localtime(called_at) if called_at else None
        urgency += [
            ("Who the referrer called", dict(CALLED).get(referral.danger_call_made_to, "")),
            ("When", f"{long_date(when.date())}, {when:%H:%M}" if when else ""),
        ]
    return {"title": TITLES["urgency"], "rows": _rows(urgency)}


def _date(day: datetime.date | None) -> str:
    return long_date(day) if day else ""


def _child(contact: Contact) -> dict[str, Any]:
    disabilities = ", ".join(codes.DISABILITY.get(d, d) for d in contact.disabilities)
    return {
        "title": contact.child_name,
        "rows": _rows(
            [
                ("Contact reference", contact.reference),
                ("Date of birth", _date(contact.date_of_birth)),
                ("Expected date of birth", _date(contact.expected_date_of_birth)),
                ("Sex", codes.SEX.get(contact.sex, contact.sex)),
                ("Ethnicity", codes.ETHNICITY.get(contact.ethnicity, contact.ethnicity)),
                ("NHS number", nhs.formatted(contact.nhs_number)),
                ("Address", contact.address),
                ("Postcode", contact.postcode),
                ("School or setting", contact.school),
                ("Disability", disabilities),
                ("First language", contact.language),
                ("Interpreter needed", _yes_no(contact.interpreter_needed)),
            ]
        ),
    }


def _household_member(member: HouseholdMember) -> dict[str, Any]:
    return {
        "title": member.name,
        "rows": _rows(
            [
                ("Who they are", member.get_relationship_display()),
                ("Relationship to the child", member.relationship_to_child),
                ("Date of birth", _date(member.date_of_birth)),
                ("Parental responsibility", _yes_no(member.parental_responsibility)),
                ("Address", member.address),
                ("Notes", member.notes),
            ]
        ),
    }


def _referrer(referral: Referral) -> dict[str, Any]:
    return {
        "title": "The referrer",
        "rows": _rows(
            [
                ("Name", referral.referrer_name),
                ("Role", referral.referrer_role),
                ("Organisation", referral.referrer_agency_name),
                ("Telephone", referral.referrer_phone),
                ("Email", referral.referrer_email),
            ]
        ),
    }


def _concern(referral: Referral) -> dict[str, Any]:
    level = thresholds.LEVELS.get(referral.level_believed or 0)
    concerns = ", ".join(c.get_category_display() for c in referral.concerns.all())
    return {
        "title": TITLES["concern"],
        "rows": _rows(
            [
                ("Concerns", concerns),
                ("Other concern", referral.other_concern),
                ("What happened", referral.what_happened),
                ("When it happened", _date(referral.happened_on)),
                ("Impact on the child", referral.impact),
                ("The child's voice", referral.child_voice),
                ("Support already in place", referral.support_in_place),
                ("Level of need the referrer thinks applies", level.name if level else ""),
            ]
        ),
    }


def _consent(referral: Referral) -> dict[str, Any]:
    return {
        "title": TITLES["consent"],
        "rows": _rows(
            [
                ("Parents or carers told, and consent", referral.get_consent_display()),
                ("Reason or what they said", referral.consent_detail),
                ("Why share without consent", referral.without_consent_reason),
            ]
        ),
    }


def _risk(risk: RiskAssessment) -> dict[str, Any]:
    return {
        "title": TITLES["dash"],
        "rows": _rows(
            [
                ("Score", str(risk.score)),
                ("Risk", risk.band),
                ("Refer to MARAC", _yes_no(risk.marac_referral)),
                ("MARAC on professional judgement", _yes_no(risk.professional_judgement)),
                ("Reason for the judgement", risk.judgement_reason),
            ]
        ),
    }


def sent_answers(referral: Referral) -> list[dict[str, Any]]:
    """What a sent referral said, section by section, from its stored columns."""
    blocks: list[dict[str, Any]] = [
        _urgency(referral),
        {
            "title": TITLES["children"],
            "entries": [_child(contact) for contact in referral.contacts.order_by("number")],
        },
        {
            "title": TITLES["household"],
            "entries": [_household_member(member) for member in referral.household.all()],
        },
        _referrer(referral),
        _concern(referral),
        _consent(referral),
    ]
    risk = getattr(referral, "risk", None)
    if risk is not None:
        blocks.append(_risk(risk))
    return blocks
