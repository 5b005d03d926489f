"""Quarterly returns through the services: starting, drafts kept as typed, checking,
submitting versions (late, corrections, a double submit), the measurements they write,
and reminders. Quarters far in the future keep clear of the demo's returns."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from masa.core import clocks
from masa.core.errors import ServiceError
from masa.core.models import Agency, AuditEvent, Membership, Partnership
from masa.core.services import timescale_set
from masa.insight import selectors, services
from masa.insight.models import (
    DataReturn,
    Indicator,
    Measurement,
    ReturnReminder,
    ReturnSubmission,
)
from masa.insight.periods import Period
from masa.insight.validation import Entry
from tests import helpers as h
from tests.insight.factories import far_quarter

pytestmark = pytest.mark.usefixtures("demo")

ICB = "Mercia Vale Integrated Care Board"
POLICE = "Mercia Vale Police"


def northbridge() -> Partnership:
    return Partnership.objects.get(slug="northbridge")


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def installed(slug: str = "northbridge") -> Partnership:
    partnership = Partnership.objects.get(slug=slug)
    services.catalogue_install(actor=None, partnership=partnership)
    return partnership


def after(period: Period, days: int = 1) -> datetime.date:
    return period.end + datetime.timedelta(days=days)


def moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


def opened(
    agency_name: str = ICB, period: Period | None = None, slug: str = "northbridge"
) -> DataReturn:
    """A return started by the data lead (in Northbridge) for a far quarter."""
    partnership = installed(slug)
    period = period or far_quarter(1)
    return services.return_open(
        actor=h.person(h.DATA_LEAD),
        partnership=partnership,
        agency=agency(agency_name),
        period=period,
        today=after(period),
    )


def valid_entries(data_return: DataReturn, seed: int = 0) -> dict[int, Entry]:
    """A valid entry for every figure the agency returns."""
    entries = {}
    for n, indicator in enumerate(
        selectors.return_indicators(data_return.partnership, data_return.agency)
    ):
        if indicator.entered_as_fraction:
            entries[indicator.pk] = Entry(numerator=str(5 + n + seed), denominator="40")
        else:
            entries[indicator.pk] = Entry(value=str(10 + n + seed))
    return entries


def fill(data_return: DataReturn, seed: int = 0, narrative: str = "Zq story") -> dict[int, Entry]:
    entries = valid_entries(data_return, seed)
    services.return_save(
        actor=h.person(h.DATA_LEAD), data_return=data_return, narrative=narrative, entries=entries
    )
    return entries


def submit(
    data_return: DataReturn, day: datetime.date | None = None, **kwargs: Any
) -> ReturnSubmission:
    period = selectors.return_period(data_return)
    return services.return_submit(
        actor=h.person(h.DATA_LEAD),
        data_return=data_return,
        now=moment(day or after(period)),
        **kwargs,
    )


def test_opening_a_return_twice_makes_one() -> None:
    first = opened()
    second = opened()
    assert first.pk == second.pk
    assert (
        DataReturn.objects.filter(agency__name=ICB, period_start=far_quarter(1).start).count() == 1
    )
    assert AuditEvent.objects.filter(verb="data_return.open", target_id=str(first.pk)).count() == 1


def test_a_return_is_refused_for_an_agency_without_figures_or_outside_the_window() -> None:
    partnership = installed()
    period = far_quarter(1)
    with pytest.raises(ServiceError, match="no figures to return"):
        services.return_open(
            actor=h.person(h.DATA_LEAD),
            partnership=partnership,
            agency=agency("Northbridge Academy"),
            period=period,
            today=after(period),
        )
    with pytest.raises(ServiceError, match="current quarter or one of the 12"):
        services.return_open(
            actor=h.person(h.DATA_LEAD),
            partnership=partnership,
            agency=agency(ICB),
            period=period,
            today=after(period, 5 * 365),
        )
    with pytest.raises(ServiceError, match="does not take part"):
        services.return_open(
            actor=h.person(h.DATA_LEAD),
            partnership=partnership,
            agency=agency("Southmoor High School"),
            period=period,
            today=after(period),
        )


def test_a_draft_keeps_what_was_typed_even_when_it_is_not_valid() -> None:
    data_return = opened()
    first = selectors.return_indicators(data_return.partnership, data_return.agency).first()
    assert first is not None
    typed = Entry(numerator="twelve", denominator="-3", narrative="Zq not sure yet")
    changed = services.return_save(
        actor=h.person(h.DATA_LEAD),
        data_return=data_return,
        narrative="Zq draft",
        entries={first.pk: typed},
    )
    assert changed == 1
    assert selectors.draft_entries(data_return)[first.pk] == typed
    checked = selectors.return_check(data_return)
    messages = [problem.message for _, problem in checked.problems]
    assert any(first.name in message and "whole number" in message for message in messages)
    with pytest.raises(services.ReturnInvalid) as refused:
        submit(data_return)
    assert refused.value.problems
    assert not ReturnSubmission.objects.filter(data_return=data_return).exists()


def test_submitting_writes_a_version_and_the_dashboard_figures() -> None:
    data_return = opened()
    entries = fill(data_return)
    submission = submit(data_return)
    data_return.refresh_from_db()
    assert (submission.version, submission.late, data_return.version) == (1, False, 1)
    assert data_return.status == DataReturn.Status.SUBMITTED
    indicators = list(selectors.return_indicators(data_return.partnership, data_return.agency))
    assert submission.values.count() == len(indicators)
    measured = {
        m.indicator_id: m
        for m in Measurement.objects.filter(
            indicator__in=indicators, period_start=far_quarter(1).start
        )
    }
    assert set(measured) == {i.pk for i in indicators}
    fraction = next(i for i in indicators if i.entered_as_fraction)
    numerator = int(entries[fraction.pk].numerator)
    assert measured[fraction.pk].numerator == numerator
    assert measured[fraction.pk].denominator == 40
    assert measured[fraction.pk].value == (Decimal(numerator) * 100 / 40).quantize(
        Decimal("0.0001")
    )
    assert measured[fraction.pk].source == "return"
    assert measured[fraction.pk].submission_id == submission.pk


def test_a_return_after_the_deadline_is_late_and_cannot_be_sent_before_the_quarter_ends() -> None:
    data_return = opened()
    fill(data_return)
    period = far_quarter(1)
    with pytest.raises(ServiceError, match="once the quarter ends"):
        submit(data_return, day=period.end)
    deadline = selectors.return_deadline(data_return.partnership, period)
    submission = submit(data_return, day=deadline + datetime.timedelta(days=1))
    assert submission.late
    data_return.refresh_from_db()
    row = selectors.return_row(data_return, deadline + datetime.timedelta(days=30))
    assert row.status == selectors.ReturnStatus.LATE


def test_a_submission_on_the_deadline_is_on_time() -> None:
    data_return = opened()
    fill(data_return)
    deadline = selectors.return_deadline(data_return.partnership, far_quarter(1))
    assert not submit(data_return, day=deadline).late


def test_a_correction_needs_a_reason_keeps_the_old_version_and_replaces_the_figures() -> None:
    data_return = opened()
    fill(data_return)
    submit(data_return)
    with pytest.raises(ServiceError, match="Nothing has changed"):
        submit(data_return, correction_reason="Zq pressed again")
    fill(data_return, seed=1)
    with pytest.raises(ServiceError, match="Say why"):
        submit(data_return)
    second = submit(data_return, correction_reason="Zq a late record was added")
    assert second.version == 2
    assert ReturnSubmission.objects.filter(data_return=data_return).count() == 2
    indicator = selectors.return_indicators(data_return.partnership, data_return.agency)[0]
    measurement = Measurement.objects.get(indicator=indicator, period_start=far_quarter(1).start)
    assert measurement.submission_id == second.pk
    history = selectors.return_history(data_return)
    assert [v.version for v in history.versions] == [1, 2]
    assert all(row.cells[1].changed for row in history.rows)
    assert not any(row.cells[0].changed for row in history.rows)


def test_two_submits_of_the_same_check_make_one_version() -> None:
    data_return = opened()
    fill(data_return)
    submit(data_return, expected_version=0)
    with pytest.raises(ServiceError, match="while you were checking"):
        submit(data_return, expected_version=0)
    assert ReturnSubmission.objects.filter(data_return=data_return).count() == 1


def test_a_figure_not_available_needs_a_reason_and_is_a_gap() -> None:
    data_return = opened()
    entries = valid_entries(data_return)
    first = next(iter(entries))
    entries[first] = Entry(not_available=True)
    services.return_save(
        actor=h.person(h.DATA_LEAD), data_return=data_return, narrative="", entries=entries
    )
    with pytest.raises(services.ReturnInvalid) as refused:
        submit(data_return)
    assert "say in the narrative why" in refused.value.problems[0][1].message
    entries[first] = Entry(not_available=True, narrative="Zq system migration")
    services.return_save(
        actor=h.person(h.DATA_LEAD), data_return=data_return, narrative="", entries=entries
    )
    submit(data_return)
    measurement = Measurement.objects.get(indicator_id=first, period_start=far_quarter(1).start)
    assert measurement.value is None
    assert measurement.narrative == "Zq system migration"
    period = far_quarter(1)
    gaps = selectors.completeness(data_return.partnership, after(period, 60)).gaps
    assert [(g.code, g.reason) for g in gaps] == [
        (Indicator.objects.get(pk=first).code, "Zq system migration")
    ]


def test_the_deadline_follows_the_partnership_timescale() -> None:
    partnership = northbridge()
    period = far_quarter(2)
    before = selectors.return_deadline(partnership, period)
    timescale_set(
        acting=h.acting(h.BUSINESS_MANAGER, partnership),
        code="data_return_deadline",
        amount=30,
        unit="calendar_days",
        reason="Zq local agreement",
    )
    assert selectors.return_deadline(partnership, period) == period.end + datetime.timedelta(30)
    assert before != period.end + datetime.timedelta(30)


def test_statuses_of_the_return_list() -> None:
    partnership = installed()
    period = far_quarter(1)
    deadline = selectors.return_deadline(partnership, period)
    owing = {a.name for a in selectors.owing_agencies(partnership)}
    assert {ICB, POLICE, "Northbridge Borough Council"} <= owing

    def status(today: datetime.date, name: str = ICB) -> selectors.ReturnStatus:
        rows = selectors.return_rows(partnership, [period], today)
        return next(r.status for r in rows if r.agency.name == name)

    assert status(period.end) == selectors.ReturnStatus.NOT_DUE
    assert status(after(period)) == selectors.ReturnStatus.NOT_STARTED
    assert status(deadline + datetime.timedelta(days=1)) == selectors.ReturnStatus.OVERDUE
    data_return = opened()
    assert status(after(period)) == selectors.ReturnStatus.DRAFT
    assert status(deadline + datetime.timedelta(days=1)) == selectors.ReturnStatus.OVERDUE
    fill(data_return)
    submit(data_return)
    assert status(deadline + datetime.timedelta(days=1)) == selectors.ReturnStatus.SUBMITTED


def test_completeness_counts_each_agency_and_quarter() -> None:
    partnership = installed()
    first, second = far_quarter(1), far_quarter(2)
    on_time = opened(period=first)
    fill(on_time)
    submit(on_time)
    today = selectors.return_deadline(partnership, second) + datetime.timedelta(days=1)
    result = selectors.completeness(partnership, today)
    headings = result.count_headings
    by_agency = dict(result.by_agency)
    icb = dict(zip(headings, by_agency[ICB], strict=True))
    assert icb["Submitted on time"] == 1
    assert icb["Missing (overdue)"] == len(result.periods) - 2  # all but first, and the current
    assert icb["Not yet due"] == 1
    police = dict(zip(headings, by_agency[POLICE], strict=True))
    assert police["Submitted on time"] == 0
    assert sum(result.totals) == len(result.agencies) * len(result.periods)


# --- reminders ---------------------------------------------------------------------------


def test_data_leads_are_reminded_once_before_the_deadline_and_once_when_overdue(
    django_capture_on_commit_callbacks: Any,
) -> None:
    partnership = installed()
    period = far_quarter(3)
    deadline = selectors.return_deadline(partnership, period)
    reminder_day = selectors.reminder_date(deadline, clocks.Rule(working_days=5))
    # The police's data lead has left: nobody at the police to email.
    Membership.objects.filter(
        partnership=partnership, agency__name=POLICE, roles__slug="agency-data-lead"
    ).update(is_active=False)

    def remind(day: datetime.date) -> list[str]:
        """The subjects of the emails to the ICB's data lead about this quarter."""
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.returns_remind(partnership=partnership, today=day)
        subjects = [str(m.subject) for m in mail.outbox if h.DATA_LEAD in m.to]
        return [subject for subject in subjects if period.short_label in subject]

    assert remind(reminder_day - datetime.timedelta(days=1)) == []
    assert remind(reminder_day) == [f"Due {deadline:%-d %B}: data return for {period.short_label}"]
    assert remind(reminder_day) == []
    assert remind(deadline) == []
    assert remind(deadline + datetime.timedelta(days=1)) == [
        f"Overdue: {ICB}'s data return for {period.short_label}"
    ]
    assert remind(deadline + datetime.timedelta(days=2)) == []
    kinds = ReturnReminder.objects.filter(
        partnership=partnership, agency__name=ICB, period_start=period.start
    ).values_list("kind", "recipients")
    assert sorted(kinds) == [("before", 1), ("overdue", 1)]
    # The police have no active data lead: nobody to email, nothing recorded.
    assert not ReturnReminder.objects.filter(
        partnership=partnership, agency__name=POLICE, period_start=period.start
    ).exists()


def test_a_reminder_sent_by_hand_to_a_late_agency_is_audited_and_not_sent_twice_soon(
    django_capture_on_commit_callbacks: Any,
) -> None:
    partnership = installed()
    period = far_quarter(3)
    today = selectors.return_deadline(partnership, period) + datetime.timedelta(days=3)
    manager = h.person(h.BUSINESS_MANAGER)

    def remind(name: str) -> list[str]:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.return_remind_agency(
                actor=manager, partnership=partnership, agency=agency(name), today=today
            )
        return [str(m.subject) for m in mail.outbox if h.DATA_LEAD in m.to]

    subjects = remind(ICB)
    assert f"Overdue: {ICB}'s data return for {period.short_label}" in subjects
    sent = ReturnReminder.objects.filter(
        partnership=partnership, agency__name=ICB, kind=ReturnReminder.Kind.BY_HAND
    )
    assert sent.filter(period_start=period.start).exists()
    events = AuditEvent.objects.filter(verb="data_return.remind", actor=manager)
    assert events.count() == sent.count() == len(subjects)
    # Pressed again straight away: refused, nothing sent.
    with pytest.raises(ServiceError, match="was sent a reminder at"):
        remind(ICB)
    assert not mail.outbox
    # A day later it may go again (the scheduled overdue reminder is not in the way).
    sent.update(sent_at=timezone.now() - services.REMIND_AGAIN_AFTER)
    assert f"Overdue: {ICB}'s data return for {period.short_label}" in remind(ICB)
    # An agency with no one to email is told so.
    Membership.objects.filter(
        partnership=partnership, agency__name=POLICE, roles__slug="agency-data-lead"
    ).update(is_active=False)
    with pytest.raises(ServiceError, match="has no data lead"):
        remind(POLICE)


def test_no_reminder_once_submitted_or_long_overdue(
    django_capture_on_commit_callbacks: Any,
) -> None:
    partnership = installed()
    period = far_quarter(4)
    deadline = selectors.return_deadline(partnership, period)
    data_return = opened(period=period)
    fill(data_return)
    submit(data_return)
    with django_capture_on_commit_callbacks(execute=True):
        services.returns_remind(partnership=partnership, today=deadline)
    assert not ReturnReminder.objects.filter(
        agency__name=ICB, period_start=period.start, partnership=partnership
    ).exists()
    older = far_quarter(2)
    long_after = selectors.return_deadline(partnership, older) + datetime.timedelta(days=200)
    with django_capture_on_commit_callbacks(execute=True):
        services.returns_remind(partnership=partnership, today=long_after)
    assert not ReturnReminder.objects.filter(
        agency__name=ICB, period_start=older.start, kind="overdue"
    ).exists()


def test_insight_tick_runs_the_reminders_for_every_partnership() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("insight_tick", stdout=out)
    assert "Data return reminders sent:" in out.getvalue()
