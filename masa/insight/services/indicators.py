"""The indicator catalogue: installing the starter set, and what a partnership decides
about each indicator (its tolerance, owner, publication and priorities)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from masa.core import audit
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Partnership, PartnershipAgency, Person
from masa.insight import catalogue, selectors
from masa.insight.models import Indicator, Polarity, Priority, Source
from masa.plan import periods as plan_periods


def _spec_fields(spec: catalogue.Spec, order: int) -> dict[str, Any]:
    return {
        "name": spec.name,
        "definition": spec.definition,
        "source": spec.source,
        "function": spec.function,
        "agency_kind": spec.agency_kind,
        "unit": spec.unit,
        "polarity": spec.polarity,
        "frequency": spec.frequency,
        "numerator_label": spec.numerator_label,
        "denominator_label": spec.denominator_label,
        "minimum": spec.minimum,
        "maximum": spec.maximum,
        "green_from": spec.green_from,
        "red_from": spec.red_from,
        "publishable": spec.publishable,
        "order": order,
    }


@transaction.atomic
def catalogue_install(*, actor: Person | None, partnership: Partnership) -> int:
    """Add the starter catalogue's priorities and indicators the partnership lacks.

    Indicators already there are left as the partnership changed them. Each new agency
    return indicator is owned by the partnership's agency of its kind (a statutory
    partner first, then by name), or by nobody when there is none. Returns how many
    indicators were added.
    """
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    # The starter priorities go into a partnership's list only while it has none: a
    # list the business unit made is theirs. Indicators link to the priorities of the
    # current plan with a starter priority's slug.
    period = plan_periods.current_or_new_period(partnership)
    priorities = {p.slug: p for p in Priority.objects.filter(period=period)}
    new_priorities = (
        []
        if priorities
        else [
            Priority(
                partnership=partnership,
                period=period,
                slug=p.slug,
                name=p.name,
                summary=p.description,
                number=n,
            )
            for n, p in enumerate(catalogue.PRIORITIES, start=1)
        ]
    )
    for priority in Priority.objects.bulk_create(new_priorities):
        priorities[priority.slug] = priority
    existing = set(Indicator.objects.filter(partnership=partnership).values_list("code", flat=True))
    owners: dict[str, Agency | None] = {}
    created: list[tuple[Indicator, catalogue.Spec]] = []
    for order, spec in enumerate(catalogue.STARTER):
        if spec.code in existing:
            continue
        agency = None
        if spec.source == Source.RETURN:
            if spec.agency_kind not in owners:
                owners[spec.agency_kind] = selectors.statutory_first_agency(
                    partnership, spec.agency_kind
                )
            agency = owners[spec.agency_kind]
        created.append(
            (
                Indicator(
                    partnership=partnership,
                    code=spec.code,
                    agency=agency,
                    **_spec_fields(spec, order),
                ),
                spec,
            )
        )
    Indicator.objects.bulk_create([indicator for indicator, _ in created], batch_size=500)
    saved = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(
            partnership=partnership, code__in=[indicator.code for indicator, _ in created]
        )
    }
    links = [
        Indicator.priorities.through(
            indicator_id=saved[spec.code].pk, priority_id=priorities[slug].pk
        )
        for _, spec in created
        for slug in spec.priorities
        if slug in priorities
    ]
    Indicator.priorities.through.objects.bulk_create(links, batch_size=500)
    if created or new_priorities:
        audit.record(
            actor,
            "catalogue.install",
            partnership,
            {
                "indicators": {"old": len(existing), "new": len(existing) + len(created)},
                "priorities": {
                    "old": len(priorities) - len(new_priorities),
                    "new": len(priorities),
                },
            },
            target_label=f"Indicator catalogue of {partnership}",
        )
    return len(created)


INDICATOR_FIELDS = (
    "green_from",
    "red_from",
    "change_alert_percent",
    "agency",
    "publishable",
    "is_active",
)


@transaction.atomic
def indicator_update(
    *,
    acting: Acting,
    indicator: Indicator,
    green_from: Decimal | None,
    red_from: Decimal | None,
    change_alert_percent: Decimal,
    agency: Agency | None,
    publishable: bool,
    is_active: bool,
    priorities: Iterable[Priority],
) -> Indicator:
    """Change what the partnership decides about an indicator: its tolerance, when a
    change raises an exception, who returns it, whether it may be published, whether it
    is in use, and the priorities it serves."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    chosen = list(priorities)
    if any(priority.partnership_id != indicator.partnership_id for priority in chosen):
        raise ServiceError("Choose priorities of this partnership", field="priorities")
    if agency is not None:
        if indicator.source != Source.RETURN:
            raise ServiceError(
                "Only figures agencies return have an owner agency: the platform works this "
                "one out",
                field="agency",
            )
        if not PartnershipAgency.objects.filter(
            partnership_id=indicator.partnership_id, agency=agency
        ).exists():
            raise ServiceError(f"{agency} does not take part in this partnership", field="agency")
    _check_tolerance(indicator, green_from, red_from)
    if not Decimal(0) < change_alert_percent <= Decimal(1000):
        raise ServiceError(
            "Enter a change of more than 0% and at most 1000%", field="change_alert_percent"
        )
    before = audit.snapshot(indicator, INDICATOR_FIELDS)
    before["priorities"] = sorted(p.name for p in indicator.priorities.all())
    indicator.green_from, indicator.red_from = green_from, red_from
    indicator.change_alert_percent = change_alert_percent
    indicator.agency = agency
    indicator.publishable, indicator.is_active = publishable, is_active
    indicator.save(update_fields=[*INDICATOR_FIELDS])
    indicator.priorities.set(chosen)
    after = audit.snapshot(indicator, INDICATOR_FIELDS)
    after["priorities"] = sorted(p.name for p in chosen)
    changes = audit.changes_between(before, after)
    if changes:
        audit.record(acting, "indicator.update", indicator, changes)
    return indicator


def _check_tolerance(
    indicator: Indicator, green_from: Decimal | None, red_from: Decimal | None
) -> None:
    if green_from is None and red_from is None:
        return
    if indicator.polarity == Polarity.NEITHER:
        raise ServiceError(
            "This indicator has no better direction, so it cannot have a tolerance: leave "
            "both empty",
            field="green_from",
        )
    for name, value in (("green_from", green_from), ("red_from", red_from)):
        if value is None:
            continue
        if indicator.minimum is not None and value < indicator.minimum:
            raise ServiceError(f"Enter {indicator.minimum.normalize():f} or more", field=name)
        if indicator.maximum is not None and value > indicator.maximum:
            raise ServiceError(f"Enter {indicator.maximum.normalize():f} or less", field=name)
    if green_from is not None and red_from is not None:
        if indicator.polarity == Polarity.HIGHER and green_from <= red_from:
            raise ServiceError(
                "Higher is better here, so green must start above red", field="green_from"
            )
        if indicator.polarity == Polarity.LOWER and green_from >= red_from:
            raise ServiceError(
                "Lower is better here, so green must start below red", field="green_from"
            )
