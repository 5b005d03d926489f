"""A census's figures, and reading a stored census back: the current census of a
year, its referrals (for the next year's re-referrals), its rows as the indicators
read them (for `manage.py indicators`), and its figures."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from masa.core.models import Partnership
from masa.insight.cin import indicators
from masa.insight.cin.indicators import (
    Assessment,
    Child,
    CinPlanDates,
    Episode,
    ProtectionPlan,
    Section47,
)
from masa.insight.measurements import Figure
from masa.insight.models import (
    CinAssessment,
    CinCensus,
    CinChild,
    CinEpisode,
    CinPlan,
    CinProtectionPlan,
    CinSection47,
)
from masa.insight.periods import Period, financial_year, quarters_of

BATCH = 5_000  # rows read back at a time

REREFERRALS = indicators.REREFERRAL_CODE


Referrals = dict[tuple[str, datetime.date | None], list[datetime.date]]


def referrals_of(children: Iterable[Child]) -> Referrals:
    """Each child's referral dates, by LA child ID and date of birth."""
    found: Referrals = {}
    for child in children:
        key = (child.la_child_id, child.birth_date)
        found.setdefault(key, []).extend(e.referral_date for e in child.episodes)
    return found


def referrals_in(partnership: Partnership, year: int) -> Referrals | None:
    """The referral dates of each child in the current census of `year` (those of its
    own year: only they can be within 12 months of the next year's), or None when that
    census has not been imported."""
    earlier = current_census(partnership, year)
    if earlier is None:
        return None
    found: Referrals = {}
    for child_id, born, day in CinEpisode.objects.filter(
        census=earlier, referral_date__gte=datetime.date(year - 1, 4, 1)
    ).values_list("child__la_child_id", "child__birth_date", "referral_date"):
        found.setdefault((child_id, born), []).append(day)
    return found


def figures_of(
    census: CinCensus,
    children: Iterable[Child],
    earlier: indicators.Earlier | None,
    *,
    only: str | None = None,
) -> Iterator[Figure]:
    """A census's figures for its year and quarters (or only the indicator `only`). A
    re-referral looks back 12 months, across census years: without the year before's
    census the re-referral rate misses the referrals before April, so it is marked not
    comparable (partial, with why in its narrative) rather than shown as a fall."""
    population = census.partnership.child_population(census.year - 1)
    figures = indicators.census_figures(
        children, census.year, population=population, earlier=earlier
    )
    note = indicators.NOT_COMPARABLE.format(year=census.year - 1)
    for period, values in figures.items():
        for code, value in values.items():
            if only is not None and code != only:
                continue
            short = code == REREFERRALS and earlier is None
            yield Figure(
                code,
                period,
                value.value,
                value.numerator,
                value.denominator,
                narrative=note if short else "",
                partial=short,
            )


# --- reading a stored census back --------------------------------------------------------------


def current_census(partnership: Partnership, year: int) -> CinCensus | None:
    """The census the figures use for `year`, if one has been imported."""
    return CinCensus.objects.filter(
        partnership=partnership, year=year, is_current=True, status=CinCensus.Status.COMPLETE
    ).first()


def census_rows(census: CinCensus) -> list[Child]:
    """The stored census as the rows `indicators` works on (what the file gave)."""
    children: dict[int, Child] = {}
    for pk, la_child_id, born, expected, sex, ethnicity, disabilities in (
        CinChild.objects.filter(census=census)
        .order_by("pk")
        .values_list(
            "pk",
            "la_child_id",
            "birth_date",
            "expected_birth_date",
            "sex",
            "ethnicity",
            "disabilities",
        )
        .iterator(chunk_size=BATCH)
    ):
        children[pk] = Child(
            la_child_id,
            born,
            expected,
            sex,
            ethnicity,
            tuple(code for code in disabilities.split(",") if code),
        )
    episodes: dict[int, Episode] = {}
    for pk, child_pk, referral, source, need, closed, reason, nfa, icpc in (
        CinEpisode.objects.filter(census=census)
        .order_by("pk")
        .values_list(
            "pk",
            "child_id",
            "referral_date",
            "referral_source",
            "primary_need",
            "closure_date",
            "closure_reason",
            "referral_nfa",
            "initial_cpc_date",
        )
        .iterator(chunk_size=BATCH)
    ):
        episode = Episode(referral, source, need, closed, reason, nfa, icpc)
        episodes[pk] = episode
        children[child_pk].episodes.append(episode)
    for episode_pk, begun, authorised, factors in (
        CinAssessment.objects.filter(census=census)
        .order_by("pk")
        .values_list("episode_id", "start_date", "authorised_date", "factors")
        .iterator(chunk_size=BATCH)
    ):
        episodes[episode_pk].assessments.append(
            Assessment(begun, authorised, tuple(code for code in factors.split(",") if code))
        )
    for episode_pk, begun, ended in (
        CinPlan.objects.filter(census=census)
        .order_by("pk")
        .values_list("episode_id", "start_date", "end_date")
        .iterator(chunk_size=BATCH)
    ):
        episodes[episode_pk].cin_plans.append(CinPlanDates(begun, ended))
    for episode_pk, begun, target, icpc, not_required in (
        CinSection47.objects.filter(census=census)
        .order_by("pk")
        .values_list("episode_id", "start_date", "icpc_target", "icpc_date", "icpc_not_required")
        .iterator(chunk_size=BATCH)
    ):
        episodes[episode_pk].section47s.append(Section47(begun, target, icpc, not_required))
    for episode_pk, begun, ended, initial, latest, previous in (
        CinProtectionPlan.objects.filter(census=census)
        .order_by("pk")
        .values_list(
            "episode_id",
            "start_date",
            "end_date",
            "initial_category",
            "latest_category",
            "previous_plans",
        )
        .iterator(chunk_size=BATCH)
    ):
        episodes[episode_pk].protection_plans.append(
            ProtectionPlan(begun, ended, initial, latest, previous)
        )
    return list(children.values())


def census_values(census: CinCensus, period: Period | None = None) -> dict[str, indicators.Value]:
    """Every figure of a stored census for its year (or one of its quarters)."""
    period = period or financial_year(census.year - 1)
    if period not in (financial_year(census.year - 1), *quarters_of(census.year - 1)):
        raise ValueError(f"{period} is not a quarter or the year of {census}")
    return indicators.census_figures(
        census_rows(census),
        census.year,
        population=census.partnership.child_population(census.year - 1),
        earlier=referrals_in(census.partnership, census.year - 1),
    )[period]
