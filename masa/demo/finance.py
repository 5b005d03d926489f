"""The demo's money: Northbridge's three financial years before the demo's anchor, each
with the statutory partners' contributions, budget against actual in the partnership's
lines and the reserve; the earliest year is seed 001 appendix 2's own figures (net
position 223,050 budgeted, 223,216 actual), the later two move on from it. Imported
through `masa.finance.imports` (as the council's finance system would send them) by
the business manager, with in-kind contributions through the services. Idempotent:
the imports change nothing the second time, and in-kind gifts are made once."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from masa.core.acting import acting_in
from masa.core.figures import financial_year_of, year_label
from masa.core.models import Agency, Partnership, Person
from masa.demo import anchor as demo_anchor
from masa.finance import imports, selectors, services
from masa.finance.models import Contribution, InKindContribution

Progress = Callable[[str], None]
MANAGER = "eleanor.hughes@northbridge.example"

# Seed 001 appendix 2: (section, line, budget, actual).
SEED_LINES = [
    ("staffing", "Employees (permanent)", 213123, 121626),
    ("staffing", "Agency and consultants", 0, 147340),
    ("non_staffing", "Professional services (chair costs, consultancy)", 68200, 50065),
    ("non_staffing", "CSPR/SAR and other scrutiny work", 25036, 21719),
    ("non_staffing", "Development activities", 10000, 5794),
    ("non_staffing", "Other service costs (website, memberships)", 28785, 29723),
    ("income", "Contributions from partners", 122094, 142651),
    ("income", "Other income", 0, 10400),
]
SEED_SHARES = [
    ("Mercia Vale Police", 33651),
    ("Mercia Vale Integrated Care Board", 97500),
    ("Mercia Vale Probation Service", 1500),
    ("Northbridge Borough Council", 239446),
]
SEED_RESERVE = Decimal("299427")
# Each later year: budgets up by the pay award; actual spending as the story had it
# (the permanent Business Manager appointed, so fewer agency staff).
UPLIFT = [Decimal("1.00"), Decimal("1.04"), Decimal("1.07")]
ACTUAL_SHAPE = {
    "Employees (permanent)": [Decimal("1"), Decimal("1.65"), Decimal("1.78")],
    "Agency and consultants": [Decimal("1"), Decimal("0.22"), Decimal("0.05")],
}
IN_KIND = [
    (
        "Mercia Vale Police",
        "Training capacity: two officers co-deliver exploitation training",
        4200,
    ),
    ("Northbridge Borough Council", "Meeting rooms and the partnership's offices", None),
    ("Northbridge Hospitals NHS Trust", "Named nurse time for rapid reviews", 6500),
]


def _pounds(amount: Decimal) -> str:
    return str(amount.quantize(Decimal("1")))


def _files(first: int) -> tuple[bytes, bytes]:
    budget = ["year,section,line,budget,actual"]
    shares = ["year,agency,amount"]
    for n in range(3):
        year = year_label(first + n)
        for section, line, planned, spent in SEED_LINES:
            shape = ACTUAL_SHAPE.get(line, [Decimal("1"), Decimal("1.03"), Decimal("1.05")])[n]
            budget.append(
                f'{year},{section},"{line}",{_pounds(planned * UPLIFT[n])},{_pounds(spent * shape)}'
            )
        for agency, amount in SEED_SHARES:
            shares.append(f'{year},"{agency}",{_pounds(amount * UPLIFT[n])}')
    return ("\n".join(budget) + "\n").encode(), ("\n".join(shares) + "\n").encode()


@transaction.atomic
def build(progress: Progress = lambda _: None, *, anchor: datetime.datetime | None = None) -> None:
    anchor = demo_anchor.resolve(anchor)
    partnership = Partnership.objects.get(slug="northbridge")
    services.categories_ensure_defaults(partnership)
    acting = acting_in(Person.objects.get(email=MANAGER), partnership)
    first = financial_year_of(anchor.date()) - 3
    progress("Money: three years of Northbridge's budget and contributions")
    budget, shares = _files(first)
    imports.budget_import(
        acting=acting, partnership=partnership, data=budget, file_name="budget-3-years.csv"
    )
    imports.contributions_import(
        acting=acting, partnership=partnership, data=shares, file_name="contributions-3-years.csv"
    )
    for contribution in Contribution.objects.filter(partnership=partnership, year__gte=first):
        services.contribution_dates_set(
            acting=acting,
            contribution=contribution,
            agreed_on=datetime.date(contribution.year, 3, 10),
            reviewed_on=datetime.date(contribution.year + 1, 1, 15),
        )
    brought = SEED_RESERVE
    for n in range(3):
        year = first + n
        summary = selectors.build_summary(partnership, year)
        carried = brought + summary.contributions_total - summary.net_position.actual
        services.reserve_set(
            acting=acting, year=year, brought_forward=brought, carried_forward=carried
        )
        brought = carried
    if InKindContribution.objects.filter(partnership=partnership).exists():
        return
    for n in range(3):
        for agency, description, value in IN_KIND:
            services.in_kind_add(
                acting=acting,
                year=first + n,
                agency=Agency.objects.get(name=agency),
                description=description,
                value=Decimal(value) if value is not None else None,
                agreed_on=datetime.date(first + n, 4, 20),
                reviewed_on=datetime.date(first + n + 1, 3, 15),
            )
