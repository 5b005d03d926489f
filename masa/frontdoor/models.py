"""The front door: referrals (the eMARF), contacts, children, partner checks, decisions.

A referral is what a practitioner sends; it covers one or more children, and each
child becomes one MASH contact. Drafts keep the practitioner's answers exactly as
typed (valid or not) in `Referral.draft`, so nothing is lost; on submission the
answers are checked and written into real columns. Decisions are never edited: a
correction is a new version with a reason.
"""

from __future__ import annotations

import datetime
import re

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from masa.core.models import Agency, Partnership, Person


class ConcernCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    PHYSICAL = "physical", "Physical abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    SEXUAL = "sexual", "Sexual abuse"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    CSE = "cse", "Child sexual exploitation"
    CCE = "cce", "Child criminal exploitation"
    MISSING = "missing", "Missing from home, care or education"
    SELF_HARM = "self_harm", "Self-harm"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SUBSTANCE = "substance", "Parental substance misuse"
    FGM = "fgm", "Female genital mutilation"
    RADICALISATION = "radicalisation", "Radicalisation"
    TRAFFICKING = "trafficking", "Trafficking or modern slavery"
    OTHER = "other", "Other"


EXPLOITATION: frozenset[str] = frozenset(
    {ConcernCategory.CSE.value, ConcernCategory.CCE.value, ConcernCategory.MISSING.value}
)


class Consent(models.TextChoices):
    CONSENTED = "consented", "Told, and they consented"
    NOT_TOLD = "not_told", "Not told"
    REFUSED = "refused", "Told, and they refused"


class ReferenceCounter(models.Model):
    """The last reference number given in a partnership and year (locked while it grows)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="one_counter_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year}: {self.last}"


class Referral(models.Model):
    """What a practitioner sends to the MASH through the eMARF."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    referrer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    referrer_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    reference = models.CharField(max_length=30, unique=True, null=True, blank=True)
    # The answers as typed, by section, while the referral is a draft.
    draft = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    # Urgency: a child in immediate danger means a call first, then this form.
    immediate_danger = models.BooleanField(default=False)
    danger_call_made_to = models.CharField(max_length=20, blank=True)
    danger_called_at = models.DateTimeField(null=True, blank=True)
    complete_by = models.DateTimeField(null=True, blank=True)  # 24 hours after the call

    # The referrer, as they were when they referred.
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_agency_name = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)

    # The concern.
    what_happened = models.TextField(blank=True)
    happened_on = models.DateField(null=True, blank=True)
    impact = models.TextField(blank=True)
    child_voice = models.TextField(blank=True)
    support_in_place = models.TextField(blank=True)
    other_concern = models.CharField(max_length=200, blank=True)
    level_believed = models.PositiveSmallIntegerField(null=True, blank=True)

    # Consent (information sharing guidance).
    consent = models.CharField(max_length=20, choices=Consent.choices, blank=True)
    consent_detail = models.TextField(blank=True)
    without_consent_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["referrer", "status", "-updated_at"], name="referral_referrer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(reference__isnull=False),
                name="submitted_referral_has_reference",
            ),
            models.CheckConstraint(
                condition=Q(level_believed__isnull=True)
                | (Q(level_believed__gte=1) & Q(level_believed__lte=4)),
                name="referral_level_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"Draft referral {self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Concern(models.Model):
    """One category of concern a referral raises."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="concerns")
    category = models.CharField(max_length=30, choices=ConcernCategory.choices)

    class Meta:
        ordering = ["referral", "category"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "category"], name="concern_once")
        ]
        indexes = [models.Index(fields=["category", "referral"], name="concern_category")]

    def __str__(self) -> str:
        return self.get_category_display()


class HouseholdMember(models.Model):
    """A parent, carer, sibling, other adult or person of concern named in a referral."""

    class Relationship(models.TextChoices):
        PARENT = "parent", "Parent or carer"
        SIBLING = "sibling", "Brother or sister"
        ADULT = "adult", "Other adult in the home"
        CONCERN = "concern", "Person of concern"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="household")
    number = models.PositiveSmallIntegerField()
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    name = models.CharField(max_length=200)
    relationship_to_child = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    parental_responsibility = models.BooleanField(null=True, blank=True)
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["referral", "number"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "number"], name="household_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"

    def audit_label(self) -> str:  # the audit log names no one (core.audit.label_of)
        return f"{self.referral} household member {self.number}"

    @classmethod
    def audit_search(cls, text: str) -> QuerySet[HouseholdMember, int]:
        """Household members whose audit label matches `text` (by the referral's reference)."""
        reference = text.lower().partition(" household member")[0].strip()
        return cls.objects.filter(referral__reference__icontains=reference).values_list(
            "pk", flat=True
        )


class RiskChecklist(models.Model):
    """A risk checklist (the DASH), its questions and bands kept as data."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name


class RiskQuestion(models.Model):
    checklist = models.ForeignKey(RiskChecklist, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["checklist", "number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="risk_question_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class RiskBand(models.Model):
    """A score band: `min_score` to `max_score` (open-ended when empty) "yes" answers."""

    checklist = models.ForeignKey(RiskChecklist, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(max_length=60)
    min_score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField(null=True, blank=True)
    refer_to_marac = models.BooleanField(default=False)

    class Meta:
        ordering = ["checklist", "min_score"]

    def __str__(self) -> str:
        top = self.max_score if self.max_score is not None else "+"
        return f"{self.name} ({self.min_score}-{top})"

    def holds(self, score: int) -> bool:
        return score >= self.min_score and (self.max_score is None or score <= self.max_score)


class RiskAssessment(models.Model):
    """A completed checklist on a referral: answers, score, band and the MARAC decision."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="risk")
    checklist = models.ForeignKey(RiskChecklist, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)  # {"1": "yes" | "no" | "not_known", ...}
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=60)
    marac_referral = models.BooleanField(default=False)
    professional_judgement = models.BooleanField(default=False)
    judgement_reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.checklist.name}: {self.score} ({self.band})"


class Child(models.Model):
    """A child known to the MASH; contacts about the same child link here."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    first_names = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    sound_key = models.CharField(max_length=4, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    ethnicity = models.CharField(max_length=4, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)  # as matching.postcode_normal
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["last_name", "first_names"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["partnership", "nhs_number"], name="child_nhs"),
            models.Index(fields=["partnership", "sound_key"], name="child_sound"),
            models.Index(fields=["partnership", "date_of_birth"], name="child_birth"),
            models.Index(fields=["partnership", "expected_date_of_birth"], name="child_expected"),
            models.Index(fields=["partnership", "postcode"], name="child_postcode"),
        ]

    def __str__(self) -> str:
        return f"{self.first_names} {self.last_name}"

    def audit_label(self) -> str:  # the audit log names no one (core.audit.label_of)
        return f"Child {self.pk}"

    @classmethod
    def audit_search(cls, text: str) -> QuerySet[Child, int]:
        """The child whose audit label is `text` ("Child 12"), if any."""
        found = re.fullmatch(r"\s*child\s+(\d+)\s*", text, flags=re.IGNORECASE)
        number = int(found.group(1)) if found else None
        return cls.objects.filter(pk=number).values_list("pk", flat=True)


class Contact(models.Model):
    """One child in one referral, as the MASH triages and decides it."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_CHECKS = "awaiting_checks", "Awaiting partner checks"
        AWAITING_MANAGER = "awaiting_manager", "Awaiting manager"
        DECIDED = "decided", "Decided"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    class Outcome(models.TextChoices):
        NFA = "nfa", "No further action, with advice"
        SIGNPOST = "signpost", "Universal services or signposting"
        EARLY_HELP_SINGLE = "early_help_2", "Early help (level 2), single agency"
        EARLY_HELP_ASSESSMENT = "early_help_3", "Early help (level 3), Early Help Assessment"
        ASSESSMENT = "assessment", "Social care assessment"
        STRATEGY = "strategy", "Strategy discussion and section 47 enquiry"
        ALREADY_OPEN = "already_open", "Already open: passed to the allocated worker"

    OPEN = (Status.NEW, Status.IN_PROGRESS, Status.AWAITING_CHECKS, Status.AWAITING_MANAGER)

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="contacts")
    number = models.PositiveSmallIntegerField(default=1)
    reference = models.CharField(max_length=34, unique=True)
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )

    # The child as the referrer described them.
    first_names = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1)
    ethnicity = models.CharField(max_length=4)
    nhs_number = models.CharField(max_length=10, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    school = models.CharField(max_length=200, blank=True)
    disabilities = models.JSONField(default=list, blank=True)  # CIN disability codes
    language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)

    # Where it came from, for the queue and the figures.
    received_at = models.DateTimeField(default=timezone.now)
    source_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    source_kind = models.CharField(max_length=30)
    referral_source = models.CharField(max_length=3)  # CIN referral source code
    exploitation = models.BooleanField(default=False)  # CSE, CCE or missing

    # Triage.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_reason = models.TextField(blank=True)
    assigned_to = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_due_at = models.DateTimeField()
    is_repeat = models.BooleanField(default=False)  # another contact within 12 months

    # The signed-off decision (copied from the latest signed-off Decision for figures).
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decision_due_at"]
        indexes = [
            models.Index(fields=["partnership", "status", "decision_due_at"], name="contact_queue"),
            models.Index(fields=["partnership", "status", "-decided_at"], name="contact_decided"),
            models.Index(fields=["partnership", "received_at"], name="contact_received"),
            models.Index(fields=["child", "received_at"], name="contact_child"),
            models.Index(
                fields=["partnership", "exploitation", "received_at"], name="contact_exploitation"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["referral", "number"], name="contact_number_once"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | (Q(level__gte=1) & Q(level__lte=4)),
                name="contact_level_1_to_4",
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | (Q(level__isnull=False) & ~Q(outcome="")),
                name="decided_contact_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.first_names} {self.last_name}"

    def audit_label(self) -> str:  # the audit log names no one (core.audit.label_of)
        return str(self.reference)

    @classmethod
    def audit_search(cls, text: str) -> QuerySet[Contact, int]:
        """Contacts whose audit label (their reference) contains `text`."""
        return cls.objects.filter(reference__icontains=text.strip()).values_list("pk", flat=True)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def child_name(self) -> str:
        return f"{self.first_names} {self.last_name}"

    def age_on(self, day: datetime.date) -> int | None:
        """Age in whole years on `day`; None when unborn or unknown."""
        born = self.date_of_birth
        if born is None:
            return None
        return int(day.year - born.year - ((day.month, day.day) < (born.month, born.day)))


class Decision(models.Model):
    """One version of the MASH decision on a contact. Never edited; corrected by a new version."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Awaiting manager"
        SIGNED_OFF = "signed_off", "Signed off"
        RETURNED = "returned", "Returned by manager"
        SUPERSEDED = "superseded", "Superseded by a correction"

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="decisions")
    version = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20, choices=Contact.Outcome.choices)
    descriptor = models.CharField(max_length=10)
    rationale = models.TextField()
    referrer_feedback = models.TextField()
    correction_reason = models.TextField(blank=True)
    # Why the decision could not wait for the partner checks still open when it was made.
    open_checks_reason = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROPOSED)
    reviewed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    manager_note = models.TextField(blank=True)

    class Meta:
        ordering = ["contact", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "version"], name="decision_version_once"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4), name="decision_level_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact.reference} decision v{self.version}"


class LevelOutcome(models.Model):
    """An outcome the MASH may record at a level of need in a partnership. A partnership
    with none uses `thresholds.DEFAULT_OUTCOMES`; set-up gives each partnership those."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(
        choices=[(1, "Level 1"), (2, "Level 2"), (3, "Level 3"), (4, "Level 4")]
    )
    outcome = models.CharField(max_length=20, choices=Contact.Outcome.choices)

    class Meta:
        ordering = ["partnership", "level", "outcome"]
        verbose_name = "outcome allowed at a level of need"
        verbose_name_plural = "outcomes allowed at each level of need"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "level", "outcome"], name="level_outcome_once"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4), name="level_outcome_level_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"Level {self.level}: {self.get_outcome_display()}"


class PartnerCheck(models.Model):
    """A MASH request to a named agency for what it knows about a contact's child."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Awaiting answer"
        ANSWERED = "answered", "Answered"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="checks")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    # A check the MASH no longer needs: the agency sees why and can no longer answer.
    withdrawn_reason = models.TextField(blank=True, default="")
    withdrawn_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # How many of the agency's responders were emailed the request, and when they were
    # reminded that it is overdue (once).
    emailed = models.PositiveSmallIntegerField(default=0)
    overdue_emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["partnership", "agency", "status", "due_at"], name="check_inbox"),
        ]

    def __str__(self) -> str:
        return f"Check with {self.agency} on {self.contact.reference}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED
