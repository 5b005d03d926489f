"""Reads of multi-agency case audits, each starting from what the person acting may
see (`policies`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from masa.actions.models import Action
from masa.audits import policies
from masa.audits.models import AgencyAudit, Case, Round, UrgentConcern
from masa.core.acting import Acting


def rounds(acting: Acting) -> QuerySet[Round]:
    """The programme's rounds, newest year first, with their case counts."""
    return (
        policies.rounds.visible(acting, "view")
        .annotate(
            cases_added=Count("cases", distinct=True),
            cases_graded=Count("cases", filter=~Q(cases__grade=""), distinct=True),
        )
        .order_by("-year", "quarter", "pk")
    )


def round_cases(acting: Acting, round: Round) -> QuerySet[Case]:
    """The round's cases the person may see (none unless in its audit group or the
    business unit)."""
    return (
        policies.cases.visible(acting, "view")
        .filter(round=round)
        .annotate(
            agencies_due=Count("agency_audits", distinct=True),
            agencies_done=Count(
                "agency_audits", filter=Q(agency_audits__submitted_on__isnull=False), distinct=True
            ),
        )
        .order_by("reference")
    )


@dataclass(frozen=True)
class AgencyCompleteness:
    agency: str
    due: int
    done: int
    late: int


def completeness(round: Round, today: datetime.date) -> list[AgencyCompleteness]:
    """Agencies' audits of their own files for the round, by agency: asked, sent, late
    (as the completeness of quarterly returns)."""
    rows = (
        AgencyAudit.objects.filter(case__round=round)
        .values("agency__name")
        .annotate(
            due=Count("pk"),
            done=Count("pk", filter=Q(submitted_on__isnull=False)),
            late=Count("pk", filter=Q(submitted_on__isnull=True, due_on__lt=today)),
        )
        .order_by("agency__name")
    )
    return [AgencyCompleteness(r["agency__name"], r["due"], r["done"], r["late"]) for r in rows]


def round_concerns(round: Round) -> QuerySet[UrgentConcern]:
    return UrgentConcern.objects.filter(case__round=round).select_related("agency", "case")


def round_actions(round: Round) -> QuerySet[Action]:
    return Action.objects.filter(audit_case__round=round).select_related(
        "owner_agency", "audit_case"
    )


def agency_audits_to_do(acting: Acting) -> QuerySet[AgencyAudit]:
    return (
        policies.agency_audits.visible(acting, "answer")
        .select_related("case__round", "agency")
        .order_by("submitted_on", "due_on", "pk")
    )


def concerns_to_answer(acting: Acting) -> QuerySet[UrgentConcern]:
    return (
        policies.concerns.visible(acting, "answer")
        .select_related("case", "agency")
        .order_by("responded_on", "due_on", "pk")
    )
