"""Reads of the risk register, escalations and scrutiny, each starting from what the
person may see (`policies_risks`): the register with its filters, the heat map of
current scores, a risk's score history as a chart and a table, overdue reviews, and
the escalation figures (by agency raised and received, stage reached, time to resolve,
themes)."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from masa.core import figures
from masa.core.acting import Acting
from masa.core.models import Agency
from masa.governance import policies_risks as policies
from masa.governance import rules_risks as rules
from masa.governance.models_risks import (
    Escalation,
    EscalationStage,
    Risk,
    RiskReview,
    RiskScale,
)

REGISTER_PAGE_SIZE = 50
LIVE = (Risk.Status.OPEN, Risk.Status.ESCALATED)


def register(
    acting: Acting,
    *,
    status: str | None = None,
    group_id: int | None = None,
    owner_id: int | None = None,
    category: str | None = None,
    overdue_on: datetime.date | None = None,
) -> QuerySet[Risk]:
    """The risks the person may see, highest current score first, filtered. With no
    status, the live risks (open or escalated); "all" shows closed ones too."""
    risks = policies.risks.visible(acting, "view").select_related("owner", "owner_group")
    if status == "all":
        pass
    elif status:
        risks = risks.filter(status=status)
    else:
        risks = risks.filter(status__in=LIVE)
    if group_id:
        risks = risks.filter(owner_group_id=group_id)
    if owner_id:
        risks = risks.filter(owner_id=owner_id)
    if category:
        risks = risks.filter(category=category)
    if overdue_on is not None:
        risks = risks.filter(review_due_on__lt=overdue_on, status__in=LIVE)
    return risks.order_by("-current_score", "number")


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    score: int
    count: int
    band: rules.Band


@dataclass(frozen=True)
class HeatMap:
    """Current scores of the live risks: one row per impact level (highest first), one
    cell per likelihood level, with the count of risks and the cell's rating band."""

    likelihoods: tuple[int, ...]
    rows: tuple[tuple[int, tuple[HeatCell, ...]], ...]
    by_band: tuple[tuple[rules.Band, int], ...]
    total: int


def heat_map(risks: QuerySet[Risk], scale: RiskScale) -> HeatMap:
    """The heat map of `risks` (live ones) on `scale`."""
    counts = Counter(
        {
            (row["current_likelihood"], row["current_impact"]): row["n"]
            for row in risks.filter(status__in=LIVE)
            .order_by()
            .values("current_likelihood", "current_impact")
            .annotate(n=Count("pk"))
        }
    )
    likelihoods = tuple(range(1, scale.likelihood_levels + 1))
    rows = []
    for impact in range(scale.impact_levels, 0, -1):
        cells = tuple(
            HeatCell(
                likelihood,
                impact,
                rules.score(likelihood, impact),
                counts[(likelihood, impact)],
                rules.band_of(
                    rules.score(likelihood, impact), scale.likelihood_levels, scale.impact_levels
                ),
            )
            for likelihood in likelihoods
        )
        rows.append((impact, cells))
    banded: Counter[str] = Counter()
    for (likelihood, impact), n in counts.items():
        band = rules.band_of(
            rules.score(likelihood, impact), scale.likelihood_levels, scale.impact_levels
        )
        banded[band.code] += n
    return HeatMap(
        likelihoods=likelihoods,
        rows=tuple(rows),
        by_band=tuple((band, banded[band.code]) for band in reversed(rules.BANDS)),
        total=sum(counts.values()),
    )


def history(risk: Risk) -> list[RiskReview]:
    return list(risk.reviews.select_related("reviewed_by").order_by("version"))


def history_table(risk: Risk, reviews: list[RiskReview]) -> figures.Table:
    """The risk's scores at each review, as a table (and its bar chart of the current and
    target scores)."""
    rows = tuple(
        figures.Row(
            f"Review {review.version}, {review.reviewed_on:%-d %b %Y}",
            (
                figures.count_cell(review.inherent_score, False),
                figures.count_cell(review.current_score, False),
                figures.count_cell(review.target_score, False),
            ),
        )
        for review in reviews
    )
    table = figures.Table(
        key="score-history",
        caption=f"Scores of risk {risk.reference} at each review",
        group_heading="Review",
        columns=("Inherent score", "Current score", "Target score"),
        rows=rows,
    )
    chart = figures.bar_chart(f"Current and target score of risk {risk.reference}", table, [1, 2])
    return figures.Table(**{**table.__dict__, "chart": chart})


@dataclass(frozen=True)
class OwnerRow:
    label: str
    live: int
    escalated: int
    overdue: int
    highest: int


def by_owner(acting: Acting, today: datetime.date, *, by: str) -> list[OwnerRow]:
    """Live risks per owner (`by="owner"`) or per owning group (`by="group"`): how many,
    how many escalated to the executive, how many overdue for review, the highest
    current score."""
    field = "owner" if by == "owner" else "owner_group"
    label = ("owner__full_name", "owner__email") if by == "owner" else ("owner_group__name",)
    rows = (
        policies.risks.visible(acting, "view")
        .filter(status__in=LIVE)
        .order_by()
        .values(field, *label)
        .annotate(
            live=Count("pk"),
            escalated=Count("pk", filter=Q(status=Risk.Status.ESCALATED)),
            overdue=Count("pk", filter=Q(review_due_on__lt=today)),
        )
    )
    highest = {
        row[field]: row["top"]
        for row in policies.risks.visible(acting, "view")
        .filter(status__in=LIVE)
        .order_by()
        .values(field)
        .annotate(top=Max("current_score"))
    }
    result = [
        OwnerRow(
            label=next((row[name] for name in label if row[name]), "No group named"),
            live=row["live"],
            escalated=row["escalated"],
            overdue=row["overdue"],
            highest=highest.get(row[field]) or 0,
        )
        for row in rows
    ]
    return sorted(result, key=lambda row: (-row.highest, row.label))


# --- escalation figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationFigures:
    year: int
    total: int
    by_agency: figures.Table
    by_stage: figures.Table
    by_theme: figures.Table
    resolved: int
    median_days: float | None
    longest_days: int | None


def escalation_figures(acting: Acting, year: int) -> EscalationFigures:
    """Escalations raised in the financial year starting April `year`, across the
    partnership (counts only: for those with escalation figures)."""
    start, end = datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
    escalations = Escalation.objects.filter(
        partnership_id=acting.partnership_id, raised_on__gte=start, raised_on__lte=end
    )
    raised = Counter(escalations.values_list("raised_by_agency", flat=True))
    received = Counter(escalations.values_list("about_agency", flat=True))
    agencies = {a.pk: a.name for a in Agency.objects.filter(pk__in=set(raised) | set(received))}
    agency_rows = tuple(
        figures.Row(
            agencies[pk],
            (figures.count_cell(raised[pk], False), figures.count_cell(received[pk], False)),
        )
        for pk in sorted(agencies, key=lambda pk: agencies[pk])
    )
    by_agency = figures.Table(
        key="by-agency",
        caption="Escalations raised and received by agency",
        group_heading="Agency",
        columns=("Raised", "Received"),
        rows=agency_rows,
    )
    by_agency = figures.Table(
        **{**by_agency.__dict__, "chart": figures.bar_chart(by_agency.caption, by_agency, [0, 1])}
    )
    stages = list(EscalationStage.objects.filter(partnership_id=acting.partnership_id))
    reached = Counter(escalations.values_list("stage", flat=True))
    still_open = Counter(
        escalations.filter(status=Escalation.Status.OPEN).values_list("stage", flat=True)
    )
    by_stage = figures.Table(
        key="by-stage",
        caption="Highest stage reached",
        group_heading="Stage",
        columns=("Escalations", "Still open"),
        rows=tuple(
            figures.Row(
                str(stage),
                (
                    figures.count_cell(reached[stage.pk], False),
                    figures.count_cell(still_open[stage.pk], False),
                ),
            )
            for stage in stages
        ),
    )
    by_stage = figures.Table(
        **{**by_stage.__dict__, "chart": figures.bar_chart(by_stage.caption, by_stage, [0])}
    )
    themes = Counter(
        escalations.filter(themes__isnull=False).values_list("themes__name", flat=True)
    )
    by_theme = figures.Table(
        key="by-theme",
        caption="Themes of the escalations",
        group_heading="Theme",
        columns=("Escalations",),
        rows=tuple(
            figures.Row(name, (figures.count_cell(n, False),))
            for name, n in sorted(themes.items(), key=lambda item: (-item[1], item[0]))
        ),
    )
    days = [
        (resolved_on - raised_on).days
        for raised_on, resolved_on in escalations.filter(
            status=Escalation.Status.RESOLVED
        ).values_list("raised_on", "resolved_on")
        if resolved_on is not None
    ]
    return EscalationFigures(
        year=year,
        total=escalations.count(),
        by_agency=by_agency,
        by_stage=by_stage,
        by_theme=by_theme,
        resolved=len(days),
        median_days=statistics.median(days) if days else None,
        longest_days=max(days) if days else None,
    )
