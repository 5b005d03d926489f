"""The voice of children, families and practitioners: an engagement log of who was
heard (a group, never a named child), how, about which priority or piece of work, what
they said and what changed as a result ("you said, we did"), with evidence files, such
as a practitioner consultation's results, checked as every upload is
(`masa.core.files`)."""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.db import models

from masa.core.files import CheckedFile
from masa.core.models import Partnership, Person


class Group(models.TextChoices):
    """Who was heard."""

    CHILDREN_IN_CARE = "children_in_care", "Children in care council"
    YOUNG_INSPECTORS = "young_inspectors", "Young inspectors"
    CHILDREN_AND_YOUNG_PEOPLE = "children_young_people", "Other children and young people"
    PARENTS_AND_CARERS = "parents_carers", "Parents and carers"
    FATHERS = "fathers", "Fathers' group"
    PRACTITIONERS = "practitioners", "Practitioners"
    UNDER_REPRESENTED = "under_represented", "Under-represented groups"


class Method(models.TextChoices):
    """How they were heard."""

    SURVEY = "survey", "Survey or poll"
    FOCUS_GROUP = "focus_group", "Focus group"
    CONSULTATION = "consultation", "Consultation"
    CO_PRODUCTION = "co_production", "Co-production"


class Entry(models.Model):
    """One time the partnership listened, and what came of it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    happened_on = models.DateField()
    group = models.CharField(max_length=30, choices=Group.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    priority = models.ForeignKey(
        "plan.Priority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagement",
    )
    work = models.CharField(
        max_length=200, blank=True, help_text="The piece of work, if not a priority."
    )
    title = models.CharField(max_length=150)
    heard_from = models.PositiveIntegerField(null=True, blank=True)
    said = models.TextField()
    changed = models.TextField(blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name_plural = "engagement entries"
        indexes = [models.Index(fields=["partnership", "happened_on"], name="engagement_when")]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"Engagement {self.pk}: {self.get_group_display()}, {self.happened_on:%-d %b %Y}"


def engagement_path(instance: EngagementFile, filename: str) -> str:
    """engagement/<partnership>/<random>.<ext>: never the uploaded name."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"engagement/{instance.entry.partnership_id}/{secrets.token_hex(16)}{suffix}"


class EngagementFile(CheckedFile):
    """Evidence of an entry: a survey's results, a poll's export, notes of a session."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to=engagement_path, max_length=200)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.stored_name
