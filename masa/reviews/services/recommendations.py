"""A review's findings and recommendations, and how a recommendation's impact is known
(its actions are `masa.actions`')."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.reviews.models import Finding, Recommendation, Review, Theme
from masa.reviews.services.common import _happened, _manage, _require_text, _theme_names, _themes


def _next_number(queryset: Any) -> int:
    return int(queryset.aggregate(top=Max("number"))["top"] or 0) + 1


@transaction.atomic
def finding_add(
    *, acting: Acting, review: Review, text: str, themes: Iterable[Theme] = ()
) -> Finding:
    """Add the review's next numbered finding."""
    _manage(acting, review.partnership)
    chosen = _themes(review.partnership, themes)
    Review.objects.select_for_update().filter(pk=review.pk).first()
    finding = Finding.objects.create(
        review=review,
        number=_next_number(review.findings.all()),
        text=_require_text(text, "text", "Enter the finding"),
    )
    finding.themes.set(chosen)
    audit.record(
        acting,
        "finding.add",
        finding,
        {
            "number": {"old": None, "new": finding.number},
            "themes": {"old": None, "new": _theme_names(chosen)},
        },
        partnership=review.partnership,
        target_label=f"{review.reference} finding {finding.number}",
    )
    return finding


def _check_measure(kind: str, measure: str) -> None:
    if kind and kind not in Recommendation.MeasureKind.values:
        raise ServiceError("Choose how the impact will be measured", field="impact_measure_kind")
    if kind and not measure.strip():
        raise ServiceError(
            "Say which indicator, audit question or survey will show the impact",
            field="impact_measure",
        )


@transaction.atomic
def recommendation_add(
    *,
    acting: Acting,
    review: Review,
    text: str,
    finding: Finding | None = None,
    themes: Iterable[Theme] = (),
    impact_measure_kind: str = "",
    impact_measure: str = "",
) -> Recommendation:
    """Add the review's next numbered recommendation, with how its impact will be known
    (an insight indicator code, an audit question, a survey)."""
    _manage(acting, review.partnership)
    if finding is not None and finding.review_id != review.pk:
        raise ServiceError("Choose a finding of this review", field="finding")
    _check_measure(impact_measure_kind, impact_measure)
    chosen = _themes(review.partnership, themes)
    Review.objects.select_for_update().filter(pk=review.pk).first()
    recommendation = Recommendation.objects.create(
        review=review,
        finding=finding,
        number=_next_number(review.recommendations.all()),
        text=_require_text(text, "text", "Enter the recommendation"),
        impact_measure_kind=impact_measure_kind,
        impact_measure=impact_measure.strip(),
    )
    recommendation.themes.set(chosen)
    audit.record(
        acting,
        "recommendation.add",
        recommendation,
        {
            "number": {"old": None, "new": recommendation.number},
            "themes": {"old": None, "new": _theme_names(chosen)},
        },
        partnership=review.partnership,
        target_label=f"{review.reference} recommendation {recommendation.number}",
    )
    return recommendation


IMPACT_FIELDS = ("impact_measure_kind", "impact_measure", "impact_result", "impact_result_on")


@transaction.atomic
def recommendation_impact_save(
    *,
    acting: Acting,
    recommendation: Recommendation,
    impact_measure_kind: str,
    impact_measure: str,
    impact_result: str = "",
    impact_result_on: datetime.date | None = None,
) -> Recommendation:
    """Say how the partnership will know the recommendation worked, and the result once
    known (a result needs its date)."""
    partnership = recommendation.review.partnership
    _manage(acting, partnership)
    _check_measure(impact_measure_kind, impact_measure)
    if impact_result.strip() and impact_result_on is None:
        raise ServiceError("Enter when the result was known", field="impact_result_on")
    _happened(impact_result_on, "impact_result_on", "The date the result was known")
    before = audit.snapshot(recommendation, IMPACT_FIELDS)
    recommendation.impact_measure_kind = impact_measure_kind
    recommendation.impact_measure = impact_measure.strip()
    recommendation.impact_result = impact_result.strip()
    recommendation.impact_result_on = impact_result_on if impact_result.strip() else None
    recommendation.save(update_fields=list(IMPACT_FIELDS))
    audit.record(
        acting,
        "recommendation.impact",
        recommendation,
        audit.changes_between(before, audit.snapshot(recommendation, IMPACT_FIELDS)),
        partnership=partnership,
    )
    return recommendation
