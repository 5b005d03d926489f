"""The risk register: the register with its filters, the heat map of current scores, the
register by owning group and by owner, risks overdue for review, the register as
Excel; a risk's page with its score history (chart and table), its actions and its
reviews; adding, changing and reviewing risks and adding their actions; the scale.

Who (masa.governance.policies_risks): risk.view reads; risk.review (an owner, a group's
chair, the business unit) reviews and adds actions; risk.manage across the partnership
(the business unit) adds, changes, escalates and closes risks and sets the scale.
"""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.actions.display import shown
from masa.actions.forms import ActionForm
from masa.actions.models import Action
from masa.core import pages
from masa.core.types import ActingRequest
from masa.core.workbooks import XLSX_CONTENT_TYPE
from masa.governance import exports_risks
from masa.governance import policies_risks as policies
from masa.governance import rules_risks as rules
from masa.governance import selectors_risks as selectors
from masa.governance.forms.risks import (
    RegisterFilterForm,
    RiskDetailsForm,
    RiskForm,
    RiskReviewForm,
    RiskScaleForm,
)
from masa.governance.models_risks import Risk, RiskReview, RiskScale
from masa.governance.services import risks as services

RELATED = ("owner", "owner_group")


def _band(risk: Risk, scale: RiskScale) -> rules.Band:
    return rules.band_of(risk.current_score, scale.likelihood_levels, scale.impact_levels)


def _rows(risks: list[Risk], scale: RiskScale, today: datetime.date) -> list[dict[str, object]]:
    return [
        {"risk": risk, "band": _band(risk, scale), "overdue": risk.is_overdue(today)}
        for risk in risks
    ]


@pages.guard(policies.risks, "view")
@require_GET
def register(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    form = RegisterFilterForm(request.GET or None, partnership=acting.partnership)
    today = timezone.localdate()
    scale = services.scale_of(acting.partnership)
    risks = selectors.register(acting, **form.filters())
    page = Paginator(risks, selectors.REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/risks/register.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(list(page), scale, today),
            "query": query.urlencode(),
            "caption": f"Risks: {page.paginator.count}",
            "scale": scale,
            "overdue": selectors.register(acting, overdue_on=today).count(),
            "can_manage": policies.risks.can(acting, "manage_here"),
            "page_title": "Risk register",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@pages.guard(policies.risks, "view")
@require_GET
def heat_map(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    scale = services.scale_of(acting.partnership)
    return render(
        request,
        "governance/risks/heat_map.html",
        {
            "heat": selectors.heat_map(policies.risks.visible(acting, "view"), scale),
            "scale": scale,
            "page_title": "Heat map of current risk scores",
        },
    )


@pages.guard(policies.risks, "view")
@require_GET
def by_owner(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    today = timezone.localdate()
    return render(
        request,
        "governance/risks/by_owner.html",
        {
            "by_group": selectors.by_owner(acting, today, by="group"),
            "by_person": selectors.by_owner(acting, today, by="owner"),
            "page_title": "Risks by owning group and owner",
        },
    )


@pages.guard(policies.risks, "view")
@require_GET
def overdue(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    today = timezone.localdate()
    scale = services.scale_of(acting.partnership)
    risks = list(selectors.register(acting, overdue_on=today).order_by("review_due_on", "number"))
    return render(
        request,
        "governance/risks/overdue.html",
        {
            "rows": _rows(risks, scale, today),
            "page_title": "Risks overdue for review",
        },
    )


@pages.guard(policies.risks, "view")
@require_GET
def register_xlsx(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    today = timezone.localdate()
    risks = selectors.register(acting, status="all")
    reviews = (
        RiskReview.objects.filter(risk__in=risks.values("pk"))
        .select_related("risk", "reviewed_by")
        .order_by("risk__number", "version")
    )
    content = exports_risks.register_xlsx(
        risks.iterator(chunk_size=500),
        reviews.iterator(chunk_size=2000),
        services.scale_of(acting.partnership),
        today,
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = f"risk-register-{acting.partnership.slug}-{today:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@pages.guard(policies.risks, "view")
@require_GET
def risk_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    risk = policies.risks.get_or_404(acting, "view", pk, related=RELATED)
    scale = services.scale_of(risk.partnership_id)
    reviews = selectors.history(risk)
    today = timezone.localdate()
    return render(
        request,
        "governance/risks/risk.html",
        {
            "risk": risk,
            "band": _band(risk, scale),
            "overdue": risk.is_overdue(today),
            "reviews": list(reversed(reviews)),
            "table": selectors.history_table(risk, reviews),
            "actions": [
                (action, shown(action, today))
                for action in Action.objects.filter(risk=risk).select_related(
                    "owner_agency", "owner"
                )
            ],
            "can_review": policies.risks.can(acting, "review", risk),
            "can_manage": policies.risks.can(acting, "manage_here"),
            "page_title": f"Risk {risk.reference}: {risk.title}",
        },
    )


@pages.guard(policies.risks, "manage_here")
@require_http_methods(["GET", "POST"])
def risk_new(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    scale = services.scale_of(acting.partnership)
    form = RiskForm(pages.posted(request), partnership=acting.partnership, scale=scale)
    made: list[Risk] = []

    def save() -> None:
        data = form.cleaned_data
        made.append(
            services.risk_add(
                acting=acting,
                title=data["title"],
                description=data["description"],
                cause=data["cause"],
                effect=data["effect"],
                category=data["category"],
                owner=form.chosen_owner(),
                owner_group=data["owner_group"],
                controls=data["controls"],
                scores=form.scores(),
            )
        )

    return pages.form_step(
        request,
        form,
        save,
        done=lambda: f"Risk {made[0].reference} added to the register",
        to=lambda: reverse("governance:risk", args=[made[0].pk]),
        back=reverse("governance:risks"),
        title="Add a risk",
        caption="Risk register",
        button="Add the risk",
        intro=[
            f"Score likelihood and impact from 1 to {scale.likelihood_levels} and "
            f"{scale.impact_levels}: inherent (with no controls), current (with the controls "
            "in place) and the target."
        ],
    )


@pages.guard(policies.risks, "manage_here")
@require_http_methods(["GET", "POST"])
def risk_edit(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    risk = policies.risks.get_or_404(acting, "manage", pk, related=RELATED)
    initial = {
        "title": risk.title,
        "description": risk.description,
        "cause": risk.cause,
        "effect": risk.effect,
        "category": risk.category,
        "owner": risk.owner_id,
        "owner_group": risk.owner_group_id,
    }
    form = RiskDetailsForm(pages.posted(request), initial=initial, partnership=acting.partnership)

    def save() -> None:
        data = form.cleaned_data
        services.risk_edit(
            acting=acting,
            risk=risk,
            title=data["title"],
            description=data["description"],
            cause=data["cause"],
            effect=data["effect"],
            category=data["category"],
            owner=form.chosen_owner(),
            owner_group=data["owner_group"],
        )

    url = reverse("governance:risk", args=[risk.pk])
    return pages.form_step(
        request,
        form,
        save,
        done=f"Risk {risk.reference} changed",
        to=url,
        back=url,
        title="Change the risk's details",
        caption=f"Risk {risk.reference}",
        button="Save the changes",
        intro=["Scores change only by a review, so each change is a version."],
    )


@pages.guard(policies.risks, "review")
@require_http_methods(["GET", "POST"])
def risk_review(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    risk = policies.risks.get_or_404(acting, "review", pk, related=RELATED)
    scale = services.scale_of(risk.partnership_id)
    may_move = policies.risks.can(acting, "manage_here")
    initial = {
        name: getattr(risk, name)
        for name in (
            "inherent_likelihood",
            "inherent_impact",
            "current_likelihood",
            "current_impact",
            "target_likelihood",
            "target_impact",
            "controls",
            "status",
        )
    }
    initial["on"] = timezone.localdate()
    form = RiskReviewForm(
        pages.posted(request), initial=initial, risk=risk, scale=scale, may_move=may_move
    )

    def save() -> None:
        data = form.cleaned_data
        services.risk_review(
            acting=acting,
            risk=risk,
            scores=form.scores(),
            controls=data["controls"],
            note=data["note"],
            status=data.get("status"),
            on=data["on"],
        )

    url = reverse("governance:risk", args=[risk.pk])
    return pages.form_step(
        request,
        form,
        save,
        done=f"Review of risk {risk.reference} recorded",
        to=url,
        back=url,
        title="Review the risk",
        caption=f"Risk {risk.reference}: {risk.title}",
        button="Record the review",
        intro=[
            "Each review is kept as a version with the scores, the controls and your note. "
            "The next review is then due on the partnership's timescale."
        ],
    )


@pages.guard(policies.risks, "review")
@require_http_methods(["GET", "POST"])
def risk_action_new(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    risk = policies.risks.get_or_404(acting, "review", pk, related=RELATED)
    form = ActionForm(pages.posted(request), partnership=acting.partnership)

    def save() -> None:
        data = form.cleaned_data
        services.risk_action_add(
            acting=acting,
            risk=risk,
            owner_agency=data["owner_agency"],
            owner=form.chosen_owner(),
            what=data["what"],
            measure_of_success=data["measure_of_success"],
            due_on=data["due_on"],
        )

    url = reverse("governance:risk", args=[risk.pk])
    return pages.form_step(
        request,
        form,
        save,
        done=f"Action added to risk {risk.reference}",
        to=url,
        back=url,
        title="Add an action to the risk",
        caption=f"Risk {risk.reference}: {risk.title}",
        button="Add the action",
        intro=["The action joins the partnership's action plan, with this risk as its source."],
    )


@pages.guard(policies.risks, "manage_here")
@require_http_methods(["GET", "POST"])
def risk_scale(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    scale = services.scale_of(acting.partnership)
    form = RiskScaleForm(
        pages.posted(request),
        initial={
            "likelihood_levels": scale.likelihood_levels,
            "impact_levels": scale.impact_levels,
        },
    )

    def save() -> None:
        services.risk_scale_set(
            acting=acting,
            likelihood_levels=form.cleaned_data["likelihood_levels"],
            impact_levels=form.cleaned_data["impact_levels"],
        )

    return pages.form_step(
        request,
        form,
        save,
        done="Risk scale saved",
        to=reverse("governance:risks"),
        back=reverse("governance:risks"),
        title="Set the risk scale",
        caption="Risk register",
        button="Save the scale",
        intro=[
            "How many levels of likelihood and of impact your partnership scores risks on "
            "(5 x 5 unless you set another). A smaller scale is refused while a risk is "
            "scored beyond it."
        ],
    )
