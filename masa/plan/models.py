"""The strategic plan and the one list of partnership priorities.

A **plan period** ("2025-2028") holds the partnership's **priorities**: the one list that
dashboards group indicators by, that review and training themes map onto, that actions
serve and that the yearly report reports progress against. The **strategic plan** for
the period sets out its **ambitions**; each ambition and each priority has the seed's
four columns (the item, its description, reason and impact), a lead group and a lead
officer. A priority has outcome indicators chosen from the insight catalogue, delivery
actions (the one action model, the priority as their source), the strategies that serve
it with their review dates, and a **progress update** from its lead each quarter.
**Improvement areas** carried forward from last year's report say what became of each.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from masa.core.models import Partnership, Person


class PlanPeriod(models.Model):
    """The years a strategic plan and its list of priorities cover ("2025-2028")."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=40, help_text='For example "2025-2028".')
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="plan_period_once"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="plan_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class StrategicPlan(models.Model):
    """The partnership's strategic plan for a period: its vision and ambitions."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    period = models.OneToOneField(PlanPeriod, on_delete=models.CASCADE, related_name="plan")
    title = models.CharField(max_length=200)
    vision = models.TextField(blank=True)
    introduction = models.TextField(blank=True)
    updated_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-period__starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """What an ambition and a priority both have: the seed's columns and their leads."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField()
    description = models.TextField(blank=True, help_text="What the partnership will do.")
    reason = models.TextField(blank=True, help_text="Why it matters here.")
    impact = models.TextField(blank=True, help_text="The difference it will make.")
    lead_group = models.CharField(
        max_length=200, blank=True, help_text="The group that leads it, by name."
    )
    lead_officer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class Ambition(PlanItem):
    """One of the plan's shared ambitions ("Governance and leadership")."""

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="ambitions")
    title = models.CharField(max_length=200)
    statement = models.TextField(blank=True, help_text='"We want to ..."')

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_ambition_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Priority(PlanItem):
    """A partnership priority for a plan period (neglect, all-age exploitation...): the
    one list everything that serves a priority points at."""

    period = models.ForeignKey(PlanPeriod, on_delete=models.PROTECT, related_name="priorities")
    ambition = models.ForeignKey(
        Ambition, null=True, blank=True, on_delete=models.SET_NULL, related_name="priorities"
    )
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60)
    summary = models.TextField(
        blank=True, help_text='The priority in a sentence: "To improve multi-agency ..."'
    )
    indicators = models.ManyToManyField(
        "insight.Indicator",
        blank=True,
        related_name="plan_priorities",
        help_text="Outcome indicators from the catalogue; dashboards group by them.",
    )
    review_themes = models.ManyToManyField("reviews.Theme", blank=True, related_name="priorities")
    training_themes = models.ManyToManyField(
        "learning.Theme", blank=True, related_name="priorities"
    )

    class Meta:
        ordering = ["period", "number", "name"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["period", "slug"], name="plan_priority_slug_once"),
            models.UniqueConstraint(fields=["period", "name"], name="plan_priority_name_once"),
        ]
        indexes = [models.Index(fields=["partnership", "period"], name="plan_priority_period")]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"Priority {self.number}: {self.name}"


class Strategy(models.Model):
    """A strategy that serves a priority, with the date it is next reviewed."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="strategies")
    name = models.CharField(max_length=200)
    review_on = models.DateField()
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["priority", "review_on", "name"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.name


class Quarter(models.IntegerChoices):
    """Financial-year quarters: Q1 is April to June."""

    Q1 = 1, "Quarter 1 (April to June)"
    Q2 = 2, "Quarter 2 (July to September)"
    Q3 = 3, "Quarter 3 (October to December)"
    Q4 = 4, "Quarter 4 (January to March)"


class ProgressUpdate(models.Model):
    """A priority's progress in one quarter, written by its lead under the headings of
    the yearly report: what we did, the impact, remaining challenges, next steps."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="updates")
    year = models.PositiveSmallIntegerField(help_text="The financial year it starts: 2025.")
    quarter = models.PositiveSmallIntegerField(choices=Quarter.choices)
    what_we_did = models.TextField()
    impact = models.TextField()
    challenges = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["priority", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "year", "quarter"], name="plan_update_once_a_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.priority}: {self.year}-{(self.year + 1) % 100:02d} Q{self.quarter}"

    @property
    def label(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d} quarter {self.quarter}"


class ImprovementArea(models.Model):
    """An area for improvement named in last year's report, carried into the next,
    with what became of it."""

    class Outcome(models.TextChoices):
        OPEN = "open", "Still being worked on"
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        CARRIED = "carried", "Carried forward again"
        DROPPED = "dropped", "No longer a focus"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    from_year = models.CharField(max_length=7, help_text='The report that named it: "2024-25".')
    area = models.TextField()
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="improvements"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    what_became = models.TextField(blank=True, help_text="What was done and where it stands.")
    updated_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-from_year", "pk"]

    def __str__(self) -> str:
        return self.area[:80]
