"""Highlight reports from a group to the group it reports to: drafted from the period's
meetings (decisions, quorum, a statutory partner absent) and the group's actions
(completed, overdue), then edited by the chair and sent."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from masa.actions import rules as action_rules
from masa.actions.models import Action
from masa.core import audit, notify
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.governance import policies
from masa.governance.models import Decision, Group, HighlightReport, Meeting
from masa.governance.services.common import change, today

LIMIT = 20000


def _lines(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def drafted(group: Group, start: datetime.date, end: datetime.date) -> dict[str, str]:
    """The report's first draft from what the period's records show."""
    meetings = Meeting.objects.filter(
        group=group,
        status=Meeting.Status.HELD,
        starts_at__date__gte=start,
        starts_at__date__lte=end,
    ).order_by("starts_at")
    decisions = Decision.objects.filter(group=group, decided_on__gte=start, decided_on__lte=end)
    actions = Action.objects.filter(meeting__group=group)
    done = actions.filter(
        status__in=["completed", "evidenced", "closed"],
        last_update_on__gte=start,
        last_update_on__lte=end,
    )
    overdue = actions.filter(
        status__in=list(action_rules.ACTION_OPEN), due_on__lt=min(end, today())
    )
    progress = [f"The group met {meetings.count()} times."]
    progress += [f"Decision {d.number}: {d.text}" for d in decisions.order_by("number")]
    progress += [f"Action completed: {a.what}" for a in done]
    exceptions = [
        f"The meeting on {timezone.localtime(m.starts_at):%-d %B %Y} was not quorate."
        for m in meetings
        if m.quorate is False
    ]
    exceptions += [
        f"A statutory partner was absent on {timezone.localtime(m.starts_at):%-d %B %Y}."
        for m in meetings
        if m.statutory_partner_absent
    ]
    exceptions += [
        f"Overdue action ({a.owner_agency.name}, due {a.due_on:%-d %B %Y}): {a.what}"
        for a in overdue.select_related("owner_agency")
    ]
    return {"progress": _lines(progress), "exceptions": _lines(exceptions)}


@transaction.atomic
def highlight_start(
    *, acting: Acting, group: Group, period_start: datetime.date, period_end: datetime.date
) -> HighlightReport:
    """Start a group's highlight report for a period, drafted from its records."""
    policies.groups.require(acting, "manage", group)
    if group.parent is None:
        raise ServiceError("This group reports to no group", field="period_start")
    if period_end < period_start:
        raise ServiceError("The period must end after it starts", field="period_end")
    if (period_end - period_start).days > 366:
        raise ServiceError("A highlight report covers a year at most", field="period_end")
    if HighlightReport.objects.filter(
        group=group, period_start=period_start, period_end=period_end
    ).exists():
        raise ServiceError("There is already a report for this period", field="period_start")
    report = HighlightReport.objects.create(
        partnership_id=group.partnership_id,
        group=group,
        to_group=group.parent,
        period_start=period_start,
        period_end=period_end,
        written_by=acting.person,
        **drafted(group, period_start, period_end),
    )
    audit.record(
        acting,
        "highlight.start",
        report,
        {"period": change(None, f"{period_start} to {period_end}")},
        target_label=f"Highlight report {report.pk} of group {group.pk}",
    )
    return report


@transaction.atomic
def highlight_save(
    *,
    acting: Acting,
    report: HighlightReport,
    progress: str,
    exceptions: str,
    risks: str,
    asks: str,
) -> HighlightReport:
    policies.groups.require(acting, "manage", report.group)
    report = HighlightReport.objects.select_for_update().get(pk=report.pk)
    for field, value in (
        ("progress", progress),
        ("exceptions", exceptions),
        ("risks", risks),
        ("asks", asks),
    ):
        if len(value) > LIMIT:
            raise ServiceError(f"This must be {LIMIT:,} characters or fewer", field=field)
        setattr(report, field, value.strip())
    report.save(update_fields=["progress", "exceptions", "risks", "asks"])
    audit.record(
        acting,
        "highlight.save",
        report,
        {"status": change(report.status, report.status)},
        target_label=f"Highlight report {report.pk} of group {report.group_id}",
    )
    return report


@transaction.atomic
def highlight_send(*, acting: Acting, report: HighlightReport) -> HighlightReport:
    """Send the report to the group it reports to: those who run that group are told."""
    policies.groups.require(acting, "manage", report.group)
    report = (
        HighlightReport.objects.select_for_update()
        .select_related("group", "to_group")
        .get(pk=report.pk)
    )
    if report.status == HighlightReport.Status.SENT:
        return report
    report.status = HighlightReport.Status.SENT
    report.sent_on = today()
    report.save(update_fields=["status", "sent_on"])
    audit.record(
        acting,
        "highlight.send",
        report,
        {"status": change("draft", "sent")},
        target_label=f"Highlight report {report.pk} of group {report.group_id}",
    )
    notify.send(
        "governance/highlight_sent",
        policies.groups.people_with("manage", report.to_group),
        {
            "group": report.group.name,
            "to_group": report.to_group.name,
            "period_end": report.period_end,
            "link": notify.link("governance:highlight", report.pk),
        },
        about=report,
    )
    return report
