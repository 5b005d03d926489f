"""The eMARF's question pages: one form per section, and checking a whole draft.
(How answers are shown, as typed or once sent, is in `emarf_shown`.)

A draft keeps the answers exactly as typed (`Referral.draft`): for each single
section a dict of the form's raw values, and for the children and the household a
list of such dicts. The same forms decide a section's status on the task list,
check the draft before it is sent (`clean_draft`), and turn it into the
`ReferralAnswers` that `services.referral_submit` stores.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from masa.core.forms import DateParts, GovUKDateField, GovUKForm
from masa.frontdoor import codes, nhs, services, thresholds
from masa.frontdoor.answers import (
    ChildAnswers,
    HouseholdAnswers,
    RiskAnswers,
)
from masa.frontdoor.models import (
    ConcernCategory,
    Consent,
    HouseholdMember,
    RiskBand,
    RiskChecklist,
    RiskQuestion,
)

NAME_MAX = 100
SHORT_MAX = 200
ADDRESS_MAX = 1_000
NARRATIVE_MAX = 10_000
# What a draft keeps of an answer with no length of its own: a radio's or checkbox's
# value, or one box of a date (anything longer is not a valid answer anyway).
CHOICE_MAX = 100
DATE_PART_MAX = 10

# An expected date of birth a few weeks gone is still possible (the baby may be late
# or the referrer may not know it has been born); further back is a mistake.
EXPECTED_GRACE = datetime.timedelta(weeks=4)
EXPECTED_AHEAD = datetime.timedelta(days=305)  # about 10 months
OLDEST_CHILD_YEARS = 25

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_NOT_KNOWN = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]
CALLED = [("999", "The police, on 999"), ("mash", "The MASH")]

# Section codes, in the order of the task list.
SINGLE_SECTIONS = ("urgency", "referrer", "concern", "consent", "dash")
ITEM_SECTIONS = ("children", "household")
TITLES: dict[str, str] = {
    "urgency": "Urgency",
    "children": "The child or children",
    "household": "Household and family",
    "referrer": "Your details",
    "concern": "The concern",
    "consent": "Consent",
    "dash": "DASH risk checklist",
}
ORDER = ("urgency", "children", "household", "referrer", "concern", "consent", "dash")

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
PHONE = re.compile(r"^\+?[0-9 ()\-]{10,20}$")
TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def _today() -> datetime.date:
    return timezone.localdate()


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _raw(value: Any) -> str:
    # Kept as typed, except NUL characters, which no database text column can hold.
    return str(value).replace("\x00", "")


# --- fields -------------------------------------------------------------------------


class Hinted(str):
    """A choice label with a hint shown under it (radios with hints)."""

    hint: str

    def __new__(cls, label: str, hint: str) -> Hinted:
        made = super().__new__(cls, label)
        made.hint = hint
        return made

    def __deepcopy__(self, memo: dict[int, Any]) -> Hinted:
        return self  # immutable, like the str it is

    def __reduce__(self) -> tuple[Any, ...]:
        return (Hinted, (str(self), self.hint))


class HintedRadios(forms.ChoiceField):
    """Radios whose choices may have hints (`Hinted` labels)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("template_name", "frontdoor/emarf/_radios_hints.html")
        super().__init__(**kwargs)


def _text(
    label: str,
    *,
    noun: str,
    max_length: int,
    required: bool = True,
    required_message: str = "",
    hint: str = "",
    textarea: bool = False,
    rows: int = 5,
    width: str | None = None,
    autocomplete: str | None = None,
) -> forms.CharField:
    attrs: dict[str, Any] = {"data-label-size": "s"}
    if width:
        attrs["width"] = width
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if textarea:
        attrs["rows"] = rows
        widget: forms.Widget = forms.Textarea(attrs=attrs)
    else:
        widget = forms.TextInput(attrs=attrs)
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={
            "required": required_message or f"Enter {noun.lower()}",
            "max_length": f"{noun} must be {max_length:,} characters or fewer",
            "null_characters_not_allowed": f"{noun} must not contain null characters",
        },
    )


def _radios(
    label: str,
    choices: list[tuple[str, str]],
    *,
    required_message: str,
    required: bool = True,
    hint: str = "",
    small: bool = False,
    size: str = "s",
) -> forms.ChoiceField:
    attrs: dict[str, Any] = {"data-label-size": size}
    if small:
        attrs["data-small"] = "true"
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        required=required,
        widget=forms.RadioSelect(attrs=attrs),
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


# --- the section forms --------------------------------------------------------------


class SectionForm(GovUKForm):
    """A question page's form, read from and written to the draft as raw values."""

    def raw_from(self, data: Any) -> dict[str, Any]:
        """The page's answers from a POST, exactly as typed, for the draft."""
        raw: dict[str, Any] = {}
        for name, field in self.fields.items():
            if isinstance(field.widget, DateParts):
                for part in GovUKDateField.parts:
                    raw[f"{name}_{part}"] = _raw(data.get(f"{name}_{part}", ""))
            elif isinstance(field.widget, forms.CheckboxSelectMultiple):
                raw[name] = [_raw(v) for v in data.getlist(name)]
            else:
                raw[name] = _raw(data.get(name, ""))
        return raw

    def stored(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """The answers as the draft keeps them: each cut at its field's limit, so an
        over-long answer (refused on the page, where it is shown in full) cannot make
        the draft grow without bound."""
        kept: dict[str, Any] = {}
        for name, field in self.fields.items():
            if isinstance(field.widget, DateParts):
                for part in GovUKDateField.parts:
                    key = f"{name}_{part}"
                    kept[key] = str(raw.get(key, ""))[:DATE_PART_MAX]
            elif isinstance(field.widget, forms.CheckboxSelectMultiple):
                values = raw.get(name) or []
                choices = list(getattr(field, "choices", []))
                kept[name] = [str(v)[:CHOICE_MAX] for v in values][: len(choices)]
            else:
                limit = getattr(field, "max_length", None) or CHOICE_MAX
                kept[name] = str(raw.get(name, ""))[:limit]
        return kept

    def initial_from(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Saved answers as the initial values of an unbound form (no errors shown)."""
        initial: dict[str, Any] = {}
        for name, field in self.fields.items():
            if isinstance(field.widget, DateParts):
                initial[name] = [
                    str(raw.get(f"{name}_{part}", "")) for part in GovUKDateField.parts
                ]
            elif name in raw:
                initial[name] = raw[name]
        return initial

    def ignore(self, data: dict[str, Any], *names: str) -> None:
        """Questions that do not apply to the answer given: their errors and values go."""
        for name in names:
            self.errors.pop(name, None)
            data[name] = None if isinstance(self.fields[name], GovUKDateField) else ""

    def error_list(self) -> list[dict[str, str]]:
        items = super().error_list()
        for item in items:
            name = item["href"].removeprefix("#id_")
            field = self.fields.get(name)
            if field is not None and isinstance(field.widget, DateParts):
                item["href"] = f"#id_{name}_day"
        return items


def yes(value: Any) -> bool:
    return bool(value == "yes")


class UrgencyForm(SectionForm):
    immediate_danger = _radios(
        "Is a child in immediate danger?",
        YES_NO,
        required_message="Select yes if a child is in immediate danger",
        size="m",
    )
    danger_call_made_to = _radios(
        "If yes, who did you call?",
        CALLED,
        required=False,
        required_message="Select who you called",
    )
    danger_called_on = GovUKDateField(
        noun="Date of the call",
        label="If yes, when did you call?",
        required=False,
        help_text="For example, 27 3 2026",
    )
    danger_called_time = _text(
        "Time of the call",
        noun="Time of the call",
        max_length=10,
        required=False,
        hint="Use the 24-hour clock, for example 14:30",
        width="5",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not yes(data.get("immediate_danger")):
            self.ignore(data, "danger_call_made_to", "danger_called_on", "danger_called_time")
            data["danger_called_at"] = None
            return data
        if not data.get("danger_call_made_to"):
            self.add_error(
                "danger_call_made_to",
                "Select who you called. If you have not called yet, call 999 or the MASH now",
            )
        day = data.get("danger_called_on")
        if day is None and "danger_called_on" not in self.errors:
            self.add_error("danger_called_on", "Enter the date you called")
        time_text = str(data.get("danger_called_time") or "").strip()
        called_at: datetime.datetime | None = None
        match = TIME.match(time_text)
        if not time_text:
            self.add_error("danger_called_time", "Enter the time you called")
        elif match is None:
            self.add_error(
                "danger_called_time", "Enter the time of the call like 14:30, on the 24-hour clock"
            )
        elif isinstance(day, datetime.date):
            called_at = datetime.datetime.combine(
                day,
                datetime.time(int(match.group(1)), int(match.group(2))),
                tzinfo=services.LONDON,
            )
            if called_at > timezone.now() + datetime.timedelta(minutes=5):
                self.add_error("danger_called_on", "The call must be in the past")
                called_at = None
        data["danger_called_at"] = called_at
        return data


LEVEL_CHOICES = [
    (str(level.number), Hinted(level.name, level.description))
    for level in thresholds.LEVELS.values()
]


class ChildForm(SectionForm):
    first_names = _text(
        "First names",
        noun="First names",
        max_length=NAME_MAX,
        required_message="Enter the child's first names",
        hint="If the child is unborn, enter ‘Unborn’",
        autocomplete="off",
    )
    last_name = _text(
        "Last name",
        noun="Last name",
        max_length=NAME_MAX,
        required_message="Enter the child's last name",
        autocomplete="off",
    )
    born = _radios(
        "Has the child been born?",
        [("yes", "Yes"), ("no", "No, the child is unborn")],
        required_message="Select yes if the child has been born",
    )
    date_of_birth = GovUKDateField(
        noun="Date of birth",
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2016",
    )
    expected_date_of_birth = GovUKDateField(
        noun="Expected date of birth",
        label="If unborn, expected date of birth",
        required=False,
        help_text="For example, 14 9 2026",
    )
    sex = _radios(
        "Sex",
        list(codes.SEX.items()),
        required_message="Select the child's sex, or ‘Not known or not stated’",
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=[("", "Select ethnicity"), *codes.ETHNICITY.items()],
        help_text="If you do not know, select ‘Information not yet obtained’.",
        widget=forms.Select(attrs={"data-label-size": "s"}),
        error_messages={
            "required": "Select the child's ethnicity, or ‘Information not yet obtained’",
            "invalid_choice": "Select the child's ethnicity from the list",
        },
    )
    address = _text(
        "Address",
        noun="Address",
        max_length=ADDRESS_MAX,
        required=False,
        hint="Where the child lives now, if you know.",
        textarea=True,
        rows=3,
    )
    postcode = _text("Postcode", noun="Postcode", max_length=10, required=False, width="10")
    nhs_number = _text(
        "NHS number (optional)",
        noun="NHS number",
        max_length=20,
        required=False,
        hint="A 10 digit number, like 943 476 5919",
        width="10",
    )
    school = _text(
        "School, college or early years setting",
        noun="School or setting",
        max_length=SHORT_MAX,
        required=False,
    )
    disabilities = forms.MultipleChoiceField(
        label="Disability",
        help_text="Select all that apply. Leave empty if you do not know.",
        choices=list(codes.DISABILITY.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "s", "data-small": "true"}),
        error_messages={"invalid_choice": "Select disabilities from the list"},
    )
    language = _text(
        "First language",
        noun="First language",
        max_length=NAME_MAX,
        required=False,
        width="20",
    )
    interpreter_needed = _radios(
        "Does the child or family need an interpreter?",
        YES_NO,
        required_message="Select yes if the child or family needs an interpreter",
    )

    def clean_postcode(self) -> str:
        value = str(self.cleaned_data.get("postcode") or "").strip().upper()
        if value and not POSTCODE.match(" ".join(value.split())):
            raise forms.ValidationError("Enter a real postcode, like NB1 2AB")
        return value

    def clean_nhs_number(self) -> str:
        value = str(self.cleaned_data.get("nhs_number") or "").strip()
        if value and not nhs.is_valid(value):
            raise forms.ValidationError("Enter a valid NHS number, like 943 476 5919")
        return nhs.normalise(value)

    def clean_disabilities(self) -> list[str]:
        value: list[str] = list(self.cleaned_data.get("disabilities") or [])
        if "NONE" in value and len(value) > 1:
            raise forms.ValidationError(
                "Select ‘No disability’, or the child's disabilities, not both"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = _today()
        born = data.get("born")
        if born == "yes":
            birth = data.get("date_of_birth")
            if birth is None:
                if "date_of_birth" not in self.errors:
                    self.add_error("date_of_birth", "Enter the child's date of birth")
            elif birth > today:
                self.add_error(
                    "date_of_birth",
                    "Date of birth must be today or in the past. "
                    "If the child is unborn, select ‘No, the child is unborn’",
                )
            elif birth.year < today.year - OLDEST_CHILD_YEARS:
                self.add_error(
                    "date_of_birth",
                    f"Date of birth must be less than {OLDEST_CHILD_YEARS} years ago",
                )
            self.ignore(data, "expected_date_of_birth")
        elif born == "no":
            expected = data.get("expected_date_of_birth")
            if expected is None:
                if "expected_date_of_birth" not in self.errors:
                    self.add_error(
                        "expected_date_of_birth", "Enter the unborn child's expected date of birth"
                    )
            elif expected < today - EXPECTED_GRACE:
                self.add_error(
                    "expected_date_of_birth",
                    "Expected date of birth must be in the future, or no more than 4 weeks ago. "
                    "If the baby has been born, select ‘Yes’ and enter their date of birth",
                )
            elif expected > today + EXPECTED_AHEAD:
                self.add_error(
                    "expected_date_of_birth",
                    "Expected date of birth must be within the next 10 months",
                )
            self.ignore(data, "date_of_birth")
        return data

    def answers(self) -> ChildAnswers:
        data = self.cleaned_data
        return ChildAnswers(
            first_names=data["first_names"],
            last_name=data["last_name"],
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            date_of_birth=data.get("date_of_birth"),
            expected_date_of_birth=data.get("expected_date_of_birth"),
            nhs_number=data["nhs_number"],
            address=data["address"],
            postcode=data["postcode"],
            school=data["school"],
            disabilities=tuple(data["disabilities"]),
            language=data["language"],
            interpreter_needed=yes(data["interpreter_needed"]),
        )


class HouseholdForm(SectionForm):
    relationship = _radios(
        "Who are they?",
        list(HouseholdMember.Relationship.choices),
        required_message="Select who this person is",
    )
    name = _text(
        "Full name",
        noun="Name",
        max_length=SHORT_MAX,
        required_message="Enter the person's name, or ‘Not known’",
        autocomplete="off",
    )
    relationship_to_child = _text(
        "Relationship to the child",
        noun="Relationship to the child",
        max_length=NAME_MAX,
        required=False,
        hint="For example, mother, stepfather, uncle, mother's partner",
    )
    date_of_birth = GovUKDateField(
        noun="Date of birth",
        label="Date of birth (optional)",
        required=False,
        help_text="For example, 27 3 1990",
    )
    parental_responsibility = _radios(
        "Do they have parental responsibility for the child?",
        YES_NO_NOT_KNOWN,
        required_message="Select whether they have parental responsibility, or ‘Not known’",
    )
    address = _text(
        "Address",
        noun="Address",
        max_length=ADDRESS_MAX,
        required=False,
        hint="Leave empty if they live with the child.",
        textarea=True,
        rows=3,
    )
    notes = _text(
        "Anything else the MASH should know about them",
        noun="Notes",
        max_length=NARRATIVE_MAX,
        required=False,
        hint="For a person of concern, say why they are of concern.",
        textarea=True,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = data.get("date_of_birth")
        if isinstance(born, datetime.date) and born > _today():
            self.add_error("date_of_birth", "Date of birth must be today or in the past")
        if (
            data.get("relationship") == HouseholdMember.Relationship.CONCERN
            and "notes" not in self.errors
            and not data.get("notes")
        ):
            self.add_error("notes", "Say why this person is of concern")
        return data

    def answers(self) -> HouseholdAnswers:
        data = self.cleaned_data
        responsibility = data["parental_responsibility"]
        return HouseholdAnswers(
            relationship=data["relationship"],
            name=data["name"],
            relationship_to_child=data["relationship_to_child"],
            date_of_birth=data.get("date_of_birth"),
            parental_responsibility=None if responsibility == "not_known" else yes(responsibility),
            address=data["address"],
            notes=data["notes"],
        )


class ReferrerForm(SectionForm):
    referrer_name = _text(
        "Your full name",
        noun="Your name",
        max_length=SHORT_MAX,
        required_message="Enter your full name",
        autocomplete="name",
    )
    referrer_role = _text(
        "Your role",
        noun="Your role",
        max_length=SHORT_MAX,
        required_message="Enter your role, for example designated safeguarding lead",
        autocomplete="organization-title",
    )
    referrer_agency_name = _text(
        "Your organisation",
        noun="Your organisation",
        max_length=SHORT_MAX,
        required_message="Enter the name of your organisation",
        autocomplete="organization",
    )
    referrer_phone = _text(
        "Telephone number",
        noun="Telephone number",
        max_length=40,
        required_message="Enter a telephone number the MASH can call you on",
        hint="The MASH may call you about this referral.",
        width="20",
        autocomplete="tel",
    )
    referrer_email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send the acknowledgement and the outcome here.",
        widget=forms.EmailInput(
            attrs={"data-label-size": "s", "autocomplete": "email", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def clean_referrer_phone(self) -> str:
        value = str(self.cleaned_data.get("referrer_phone") or "").strip()
        digits = sum(ch.isdigit() for ch in value)
        if value and (not PHONE.match(value) or not value.isascii() or digits < 10):
            raise forms.ValidationError(
                "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"
            )
        return value


class ConcernForm(SectionForm):
    categories = forms.MultipleChoiceField(
        label="What are you worried about?",
        help_text="Select all that apply.",
        choices=list(ConcernCategory.choices),
        widget=forms.CheckboxSelectMultiple(attrs={"data-label-size": "s", "data-small": "true"}),
        error_messages={
            "required": "Select at least one kind of concern",
            "invalid_choice": "Select kinds of concern from the list",
        },
    )
    other_concern = _text(
        "If other, what is the concern?",
        noun="The other concern",
        max_length=SHORT_MAX,
        required=False,
    )
    what_happened = _text(
        "What happened?",
        noun="What happened",
        max_length=NARRATIVE_MAX,
        required_message="Enter what happened",
        hint="Say what you saw, heard or were told, by whom, and what you did.",
        textarea=True,
        rows=8,
    )
    happened_on = GovUKDateField(
        noun="The date it happened",
        label="When did it happen? (optional)",
        required=False,
        help_text="For example, 3 2 2026. Leave empty if it is ongoing or you do not know.",
    )
    impact = _text(
        "What is the impact on the child?",
        noun="The impact on the child",
        max_length=NARRATIVE_MAX,
        required_message="Enter the impact on the child",
        textarea=True,
    )
    child_voice = _text(
        "What has the child said?",
        noun="The child's voice",
        max_length=NARRATIVE_MAX,
        required_message=("Enter what the child said, or why they could not be seen or heard"),
        hint=(
            "In the child's own words where you can. If you could not see or hear the "
            "child, say why."
        ),
        textarea=True,
    )
    support_in_place = _text(
        "What support is already in place? (optional)",
        noun="Support already in place",
        max_length=NARRATIVE_MAX,
        required=False,
        hint="For example, early help, a school nurse, a support worker.",
        textarea=True,
    )
    level_believed = HintedRadios(
        label="What level of need do you think applies?",
        help_text="From the partnership's threshold document, Right Help, Right Time.",
        choices=LEVEL_CHOICES,
        widget=forms.RadioSelect(attrs={"data-label-size": "s"}),
        error_messages={
            "required": "Select the level of need you think applies",
            "invalid_choice": "Select the level of need you think applies",
        },
    )

    def __init__(self, *args: Any, earliest_birth: Birth | None = None, **kwargs: Any) -> None:
        self.earliest_birth = earliest_birth
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if ConcernCategory.OTHER in (data.get("categories") or []):
            if not data.get("other_concern") and "other_concern" not in self.errors:
                self.add_error("other_concern", "Enter what the other concern is")
        else:
            self.ignore(data, "other_concern")
        day = data.get("happened_on")
        if isinstance(day, datetime.date):
            if day > _today():
                self.add_error("happened_on", "The date it happened must be today or in the past")
            elif self.earliest_birth is not None and day < self.earliest_birth.day:
                self.add_error(
                    "happened_on",
                    "The date it happened must be the same as or after "
                    f"{self.earliest_birth.name}'s date of birth "
                    f"({long_date(self.earliest_birth.day)})",
                )
        return data


class ConsentForm(SectionForm):
    consent = _radios(
        "Have the parents or carers been told about this referral, and do they consent?",
        list(Consent.choices),
        required_message="Select whether the parents or carers were told and consented",
        size="m",
    )
    consent_detail = _text(
        "If not told, why not? If they refused, what did they say?",
        noun="The reason",
        max_length=NARRATIVE_MAX,
        required=False,
        textarea=True,
        rows=4,
    )
    without_consent_reason = _text(
        "If they have not consented, why is it right to share this without consent?",
        noun="The reason for sharing without consent",
        max_length=NARRATIVE_MAX,
        required=False,
        hint=(
            "Under the information sharing guidance you may share without consent when "
            "asking would put a child at risk of harm, or the child is at risk of "
            "significant harm. Say which applies, and why."
        ),
        textarea=True,
        rows=4,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        consent = data.get("consent")
        if consent == Consent.CONSENTED:
            self.ignore(data, "consent_detail", "without_consent_reason")
            return data
        detail_missing = not data.get("consent_detail") and "consent_detail" not in self.errors
        if consent == Consent.NOT_TOLD and detail_missing:
            self.add_error("consent_detail", "Enter why the parents or carers have not been told")
        if consent == Consent.REFUSED and detail_missing:
            self.add_error("consent_detail", "Enter what the parents or carers said")
        if (
            consent
            and not data.get("without_consent_reason")
            and "without_consent_reason" not in self.errors
        ):
            self.add_error(
                "without_consent_reason",
                "Enter why it is right to share this information without consent",
            )
        return data


@dataclass(frozen=True)
class Birth:
    name: str
    day: datetime.date


@dataclass(frozen=True)
class DashResult:
    score: int
    answered: int
    band: RiskBand | None
    marac: bool
    questions: int

    @property
    def complete(self) -> bool:
        """Every question answered: the score is final, no longer a score so far."""
        return self.answered >= self.questions


def dash_checklist() -> RiskChecklist:
    return RiskChecklist.objects.prefetch_related("questions", "bands").get(code="dash")


def dash_result(raw: Mapping[str, Any], checklist: RiskChecklist) -> DashResult:
    """The score and band of a DASH as answered so far (from the bands stored as data)."""
    questions: list[RiskQuestion] = list(checklist.questions.all())
    answers = [raw.get(f"q_{q.number}") for q in questions]
    score = sum(1 for value in answers if value == "yes")
    answered = sum(1 for value in answers if value in {"yes", "no", "not_known"})
    band = next((b for b in checklist.bands.all() if b.holds(score)), None)
    judgement = raw.get("professional_judgement") == "yes"
    return DashResult(
        score, answered, band, bool(band and band.refer_to_marac) or judgement, len(questions)
    )


class DashForm(SectionForm):
    professional_judgement = _radios(
        "Whatever the score, does your professional judgement say this should go to MARAC?",
        YES_NO,
        required_message="Select yes if your professional judgement is that this should go to "
        "MARAC",
        hint="For example, the abuse is escalating, or there have been 3 or more incidents "
        "in 12 months.",
    )
    judgement_reason = _text(
        "If yes, why?",
        noun="The reason",
        max_length=NARRATIVE_MAX,
        required=False,
        textarea=True,
        rows=4,
    )

    def __init__(self, *args: Any, checklist: RiskChecklist, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        questions = {
            f"q_{q.number}": _radios(
                f"{q.number}. {q.text}",
                YES_NO_NOT_KNOWN,
                required_message=f"Answer question {q.number}: yes, no or not known",
                small=True,
            )
            for q in checklist.questions.all()
        }
        rest = dict(self.fields)
        self.fields = {**questions, **rest}
        # The base class styled the fields it saw; style the questions the same way.
        for name in questions:
            self.fields[name].widget.attrs["class"] = "govuk-radios__input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if yes(data.get("professional_judgement")):
            if not data.get("judgement_reason") and "judgement_reason" not in self.errors:
                self.add_error(
                    "judgement_reason",
                    "Say why your professional judgement is that this should go to MARAC",
                )
        else:
            self.ignore(data, "judgement_reason")
        return data

    def answers(self) -> RiskAnswers:
        data = self.cleaned_data
        return RiskAnswers(
            answers={q.number: data[f"q_{q.number}"] for q in self.checklist.questions.all()},
            professional_judgement=yes(data["professional_judgement"]),
            judgement_reason=data["judgement_reason"],
        )


SINGLE_FORMS: dict[str, type[SectionForm]] = {
    "urgency": UrgencyForm,
    "referrer": ReferrerForm,
    "concern": ConcernForm,
    "consent": ConsentForm,
    "dash": DashForm,
}
ITEM_FORMS: dict[str, type[SectionForm]] = {"children": ChildForm, "household": HouseholdForm}
