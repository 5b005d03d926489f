"""Professional escalation and resolution: the escalations a person may see, raising
one, an escalation's page with each stage's date, due date and response (each view is
in the audit log: a case-level escalation carries a case reference), recording a
response, taking it to the next stage, resolving it; the figures; the ladder.

Who (masa.governance.policies_risks): escalation.raise raises; escalation.view sees
(own, agency or partnership); escalation.respond (or the person who raised it) moves it
on and resolves it; escalation.manage sets the ladder; the figures are for those with
escalation.view across the partnership or as figures.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import audit, figures, pages
from masa.core.types import ActingRequest
from masa.governance import policies_risks as policies
from masa.governance import selectors_risks as selectors
from masa.governance.forms.escalations import (
    EscalateForm,
    EscalationForm,
    ResolveForm,
    RespondForm,
    StageForm,
)
from masa.governance.models_risks import Escalation, EscalationStage
from masa.governance.services import escalations as services

RELATED = ("raised_by", "raised_by_agency", "about_agency", "stage")


@pages.guard(policies.escalations, "view")
@require_GET
def escalation_list(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    today = timezone.localdate()
    escalations = list(
        policies.escalations.visible(acting, "view")
        .select_related(*RELATED)
        .prefetch_related("steps")
        .order_by("status", "-raised_on", "-number")[:500]
    )
    rows = []
    for escalation in escalations:
        step = next((s for s in escalation.steps.all() if s.stage_id == escalation.stage_id), None)
        late = (
            escalation.status == Escalation.Status.OPEN
            and step is not None
            and step.responded_on is None
            and step.due_on < today
        )
        rows.append({"escalation": escalation, "step": step, "late": late})
    return render(
        request,
        "governance/escalations/list.html",
        {
            "rows": rows,
            "can_raise": policies.escalations.can(acting, "raise"),
            "can_figures": policies.escalations.can(acting, "figures"),
            "can_ladder": policies.escalations.can(acting, "ladder"),
            "page_title": "Escalations",
        },
    )


@pages.guard(policies.escalations, "raise")
@require_http_methods(["GET", "POST"])
def escalation_new(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    form = EscalationForm(
        pages.posted(request),
        initial={"raised_on": timezone.localdate()},
        partnership=acting.partnership,
        agency_id=acting.agency_id,
    )
    made: list[Escalation] = []

    def save() -> None:
        data = form.cleaned_data
        made.append(
            services.escalation_raise(
                acting=acting,
                kind=data["kind"],
                about_agency=data["about_agency"],
                concern=data["concern"],
                raised_with=data["raised_with"],
                case_reference=data["case_reference"],
                themes=data["themes"],
                raised_on=data["raised_on"],
            )
        )

    ladder = EscalationStage.objects.filter(partnership=acting.partnership).order_by("number")
    return pages.form_step(
        request,
        form,
        save,
        done=lambda: f"Escalation {made[0].reference} raised",
        to=lambda: reverse("governance:escalation", args=[made[0].pk]),
        back=reverse("governance:escalations"),
        title="Raise an escalation",
        caption="Professional escalation and resolution",
        button="Raise the escalation",
        intro=[
            "Use this when you disagree with another agency about a child's case, or as a "
            "leader challenging another agency. It starts at the first stage of the ladder: "
            + "; ".join(f"{s.name} ({s.working_days} working days)" for s in ladder)
            + ".",
            "Never write a child's name: use their pseudonym or the case reference.",
        ],
    )


def _may_move(request: ActingRequest, escalation: Escalation) -> bool:
    acting = request.acting
    return escalation.status == Escalation.Status.OPEN and (
        policies.escalations.can(acting, "respond", escalation)
        or escalation.raised_by_id == acting.person.pk
    )


@pages.guard(policies.escalations, "view")
@require_GET
def escalation_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    escalation = policies.escalations.get_or_404(acting, "view", pk, related=RELATED)
    audit.record_view(acting, escalation)
    today = timezone.localdate()
    steps = list(escalation.steps.select_related("stage", "responded_by"))
    current = next((s for s in steps if s.stage_id == escalation.stage_id), None)
    return render(
        request,
        "governance/escalations/escalation.html",
        {
            "escalation": escalation,
            "steps": [
                {"step": s, "late": s.responded_on is None and s.due_on < today} for s in steps
            ],
            "themes": list(escalation.themes.order_by("name")),
            "can_respond": escalation.status == Escalation.Status.OPEN
            and current is not None
            and current.responded_on is None
            and policies.escalations.can(acting, "respond", escalation),
            "can_move": _may_move(request, escalation),
            "page_title": f"Escalation {escalation.reference}",
        },
    )


def _movable(request: ActingRequest, pk: int) -> Escalation:
    """An open escalation the person may move on or resolve; 404 otherwise."""
    escalation = policies.escalations.get_or_404(request.acting, "view", pk, related=RELATED)
    if not _may_move(request, escalation):
        raise Http404("You cannot change this escalation.")
    return escalation


@pages.guard(policies.escalations, "respond")
@require_http_methods(["GET", "POST"])
def escalation_respond(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    escalation = policies.escalations.get_or_404(acting, "respond", pk, related=RELATED)
    if escalation.status != Escalation.Status.OPEN:
        raise Http404("The escalation has been resolved.")
    form = RespondForm(pages.posted(request), initial={"responded_on": timezone.localdate()})
    url = reverse("governance:escalation", args=[escalation.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.escalation_respond(
            acting=acting,
            escalation=escalation,
            response=form.cleaned_data["response"],
            responded_on=form.cleaned_data["responded_on"],
        ),
        done="Response recorded",
        to=url,
        back=url,
        title="Record the response",
        caption=f"Escalation {escalation.reference}, {escalation.stage}",
        button="Record the response",
    )


@pages.guard(policies.escalations, "view")
@require_http_methods(["GET", "POST"])
def escalation_escalate(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    escalation = _movable(request, pk)
    form = EscalateForm(pages.posted(request), initial={"on": timezone.localdate()})
    url = reverse("governance:escalation", args=[escalation.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.escalation_escalate(
            acting=acting,
            escalation=escalation,
            raised_with=form.cleaned_data["raised_with"],
            on=form.cleaned_data["on"],
        ),
        done="Escalation taken to the next stage",
        to=url,
        back=url,
        title="Take it to the next stage",
        caption=f"Escalation {escalation.reference}, now at {escalation.stage}",
        button="Escalate",
        intro=["The next stage's timescale starts on the date you give."],
    )


@pages.guard(policies.escalations, "view")
@require_http_methods(["GET", "POST"])
def escalation_resolve(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    escalation = _movable(request, pk)
    form = ResolveForm(
        pages.posted(request),
        initial={"resolved_on": timezone.localdate(), "themes": list(escalation.themes.all())},
        partnership=acting.partnership,
    )
    url = reverse("governance:escalation", args=[escalation.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.escalation_resolve(
            acting=acting,
            escalation=escalation,
            resolution=form.cleaned_data["resolution"],
            learning=form.cleaned_data["learning"],
            themes=form.cleaned_data["themes"],
            resolved_on=form.cleaned_data["resolved_on"],
        ),
        done="Escalation resolved",
        to=url,
        back=url,
        title="Resolve the escalation",
        caption=f"Escalation {escalation.reference}",
        button="Resolve",
    )


@pages.guard(policies.escalations, "figures")
@require_GET
def escalation_figures(request: ActingRequest) -> HttpResponse:
    today = timezone.localdate()
    this_year = figures.financial_year_of(today)
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not this_year - 10 <= year <= this_year:
        year = this_year
    result = selectors.escalation_figures(request.acting, year)
    return render(
        request,
        "governance/escalations/figures.html",
        {
            "figures": result,
            "year_label": figures.year_label(year),
            "years": [(y, figures.year_label(y)) for y in range(this_year, this_year - 4, -1)],
            "page_title": "Escalation figures",
        },
    )


@pages.guard(policies.escalations, "ladder")
@require_GET
def ladder(request: ActingRequest) -> HttpResponse:
    return render(
        request,
        "governance/escalations/ladder.html",
        {
            "stages": EscalationStage.objects.filter(
                partnership_id=request.acting.partnership_id
            ).order_by("number"),
            "page_title": "Escalation stages and timescales",
        },
    )


@pages.guard(policies.escalations, "ladder")
@require_http_methods(["GET", "POST"])
def stage_new(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    form = StageForm(pages.posted(request))
    return pages.form_step(
        request,
        form,
        lambda: services.stage_add(
            acting=acting,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            working_days=form.cleaned_data["working_days"],
        ),
        done="Stage added to the top of the ladder",
        to=reverse("governance:escalation-ladder"),
        back=reverse("governance:escalation-ladder"),
        title="Add a stage",
        caption="Escalation ladder",
        button="Add the stage",
    )


@pages.guard(policies.escalations, "ladder")
@require_http_methods(["GET", "POST"])
def stage_edit(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    try:
        stage = EscalationStage.objects.get(pk=pk, partnership_id=acting.partnership_id)
    except EscalationStage.DoesNotExist as error:
        raise Http404("No such stage.") from error
    form = StageForm(
        pages.posted(request),
        initial={
            "name": stage.name,
            "description": stage.description,
            "working_days": stage.working_days,
        },
    )
    return pages.form_step(
        request,
        form,
        lambda: services.stage_edit(
            acting=acting,
            stage=stage,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            working_days=form.cleaned_data["working_days"],
        ),
        done=f"Stage {stage.number} saved",
        to=reverse("governance:escalation-ladder"),
        back=reverse("governance:escalation-ladder"),
        title=f"Change stage {stage.number}",
        caption="Escalation ladder",
        button="Save the stage",
        intro=["Due dates already set keep the timescale they were set with."],
    )
