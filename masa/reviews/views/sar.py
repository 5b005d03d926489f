"""Safeguarding adult review referrals: recording them with the Care Act s44 checklist
and deciding them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.types import ActingRequest
from masa.reviews import policies, rules, selectors
from masa.reviews.forms_casework import sar as forms
from masa.reviews.models import SarReferral
from masa.reviews.services import sar as sar_services
from masa.reviews.views.common import _agencies, _page, _shown


@pages.guard(policies.sar_referrals, "view")
@require_GET
def sar_referrals(request: ActingRequest) -> HttpResponse:
    page = _page(request, selectors.sar_referral_list(request.acting))
    return render(
        request,
        "reviews/casework/sar_referrals.html",
        {
            "page": page,
            "can_manage": policies.runs_reviews(request.acting),
            "page_title": "Safeguarding adult review referrals",
        },
    )


@pages.guard(policies.sar_referrals, "manage")
@require_http_methods(["GET", "POST"])
def sar_referral_new(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    form = forms.SarReferralForm(pages.posted(request), agencies=_agencies(partnership))
    made: list[SarReferral] = []

    def run() -> None:
        data = form.cleaned_data
        details = form.subject_details()
        assert details is not None
        made.append(
            sar_services.sar_referral_record_new_subject(
                acting=request.acting,
                subject=details,
                received_on=data["received_on"],
                referrer_agency=form.picked("referrer_agency"),
                summary=data["summary"],
                criteria=form.answers(),
            )
        )

    return pages.form_step(
        request,
        form,
        run,
        done=lambda: f"SAR referral {made[0].reference} recorded.",
        to=lambda: reverse("reviews:sar-referral", args=[made[0].pk]),
        back=reverse("reviews:sar-referrals"),
        title="Record a SAR referral",
        caption="Safeguarding adult reviews",
        button="Record the referral",
        intro=(
            "Record a referral for a Safeguarding Adult Review under section 44 of the "
            "Care Act 2014, with the conditions as the referrer sees them.",
        ),
    )


@dataclass(frozen=True)
class Criterion:
    wording: str
    met: bool


def _criteria(answers: Mapping[str, object] | None) -> list[Criterion]:
    given = answers or {}
    return [Criterion(wording, bool(given.get(key))) for key, wording in rules.SAR_CRITERIA.items()]


@pages.guard(policies.sar_referrals, "view")
@require_GET
def sar_referral(request: ActingRequest, pk: int) -> HttpResponse:
    referral = policies.sar_referrals.get_or_404(request.acting, "view", pk)
    _shown(request, referral.subject)
    return render(
        request,
        "reviews/casework/sar_referral.html",
        {
            "referral": referral,
            "subject": referral.subject,
            "criteria": _criteria(referral.criteria),
            "mandatory": rules.sar_is_mandatory(referral.criteria or {}),
            "reviews": list(referral.reviews.all()),
            "can_decide": policies.runs_reviews(request.acting) and not referral.decision,
            "page_title": f"SAR referral {referral.reference}",
        },
    )


@pages.guard(policies.sar_referrals, "manage")
@require_http_methods(["GET", "POST"])
def sar_referral_decide(request: ActingRequest, pk: int) -> HttpResponse:
    referral = policies.sar_referrals.get_or_404(request.acting, "manage", pk)
    form = forms.SarDecisionForm(pages.posted(request), referral=referral)
    back = reverse("reviews:sar-referral", args=[referral.pk])

    def done() -> str:
        made = referral.reviews.first()
        if made is not None:
            return f"The decision is recorded and {made.reference} is commissioned."
        return "The decision is recorded."

    return pages.form_step(
        request,
        form,
        lambda: sar_services.sar_referral_decide(
            acting=request.acting,
            referral=referral,
            decision=form.cleaned_data["decision"],
            rationale=form.cleaned_data["rationale"],
            decided_on=form.cleaned_data["decided_on"],
            criteria=form.answers(),
        ),
        done=done,
        to=back,
        back=back,
        title=f"Decide the SAR referral {referral.reference}",
        caption=f"SAR referral {referral.reference}",
        button="Record the decision",
        intro=(
            "A mandatory review needs all four conditions in section 44(1) to (3); when "
            "they are all met the board must arrange a review.",
        ),
    )
