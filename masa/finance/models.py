"""The partnership's money (seed 001 appendix 2; seed 004 section 9): what each agency
pays in (cash) and gives in kind, agreed on a date and reviewed yearly; the budget
against what was spent, by year, in lines the partnership keeps (`BudgetCategory`,
starting from the appendix's own); and the reserve brought and carried forward.

Years are financial years, stored as the year they start (2022 is "2022-23"). Amounts
are pounds, as `Decimal` with pence. Income is stored as a positive number; the net
position is staffing plus non-staffing less income.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from masa.core.figures import year_label
from masa.core.models import Agency, Partnership

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Section(models.TextChoices):
    """The three parts of the budget, in the order the summary shows them."""

    STAFFING = "staffing", "Staffing"
    NON_STAFFING = "non_staffing", "Non-staffing"
    INCOME = "income", "Income"


# The lines of seed 001 appendix 2, the default every partnership starts with. A
# migration copies them; `categories_ensure_defaults` gives them to new partnerships.
DEFAULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    (Section.STAFFING, "Employees (permanent)"),
    (Section.STAFFING, "Agency and consultants"),
    (Section.NON_STAFFING, "Professional services (chair costs, consultancy)"),
    (Section.NON_STAFFING, "CSPR/SAR and other scrutiny work"),
    (Section.NON_STAFFING, "Development activities"),
    (Section.NON_STAFFING, "Other service costs (website, memberships)"),
    (Section.INCOME, "Contributions from partners"),
    (Section.INCOME, "Other income"),
)


class BudgetCategory(models.Model):
    """A line of the budget ("Development activities"), partnership data."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="budget_categories"
    )
    section = models.CharField(max_length=20, choices=Section.choices)
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "section", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "section", "name"], name="budget_category_once"
            )
        ]
        verbose_name_plural = "budget categories"

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {self.name}"


class BudgetLine(models.Model):
    """The budget and the actual figure of one line in one year."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts.")
    category = models.ForeignKey(BudgetCategory, on_delete=models.PROTECT, related_name="lines")
    budget = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0"), validators=NOT_NEGATIVE
    )
    actual = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0"), validators=NOT_NEGATIVE
    )

    class Meta:
        ordering = ["partnership", "year", "category__section", "category__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "category"], name="budget_line_once"
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0, actual__gte=0), name="budget_line_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{year_label(self.year)} {self.category.name}"


class Contribution(models.Model):
    """What one agency pays into the partnership's funds for one year (cash)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=NOT_NEGATIVE)
    agreed_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "year", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "agency"], name="contribution_once"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="contribution_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{year_label(self.year)} {self.agency.name}"


class InKindContribution(models.Model):
    """What an agency gives that is not money ("training capacity"), with its value in
    pounds if one was put on it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=300)
    value = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    agreed_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "year", "agency__name", "pk"]

    def __str__(self) -> str:
        return f"{year_label(self.year)} {self.agency.name}: {self.description}"


class Reserve(models.Model):
    """The reserve brought forward into a year and carried forward out of it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    brought_forward = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    carried_forward = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["partnership", "year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="reserve_once")]

    def __str__(self) -> str:
        return f"{year_label(self.year)} reserve"
