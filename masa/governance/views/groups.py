"""Groups: the structure chart (every group under the group it reports to), a group's
page with its chair, members and deputies, and the business unit's and chairs' forms."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.files import attachment
from masa.core.timescales import rule_for
from masa.core.types import ActingRequest
from masa.governance import policies, selectors
from masa.governance.forms.groups import GroupForm, MemberForm, TermsForm
from masa.governance.models import GroupMember, TermsOfReference
from masa.governance.services import groups as services
from masa.governance.services import terms as terms_services


@pages.guard(policies.groups, "view")
@require_GET
def structure(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    return render(
        request,
        "governance/structure.html",
        {
            "roots": selectors.structure(acting=acting),
            "can_add": policies.groups.can(acting, "manage_all"),
            "page_title": "Groups and meetings",
        },
    )


@pages.guard(policies.groups, "manage_all")
@require_http_methods(["GET", "POST"])
def group_new(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    form = GroupForm(pages.posted(request), partnership=acting.partnership)
    made: list[int] = []

    def run() -> None:
        data = form.cleaned_data
        group = services.group_add(
            acting=acting,
            name=data["name"],
            kind=data["kind"],
            parent=form.chosen_parent(),
            purpose=data["purpose"],
            frequency=data["frequency"],
            quorum=data["quorum"],
            chair=form.chosen_person("chair"),
            vice_chair=form.chosen_person("vice_chair"),
        )
        made.append(group.pk)

    return pages.form_step(
        request,
        form,
        run,
        done="Group set up",
        to=lambda: reverse("governance:group", args=[made[0]]),
        back=reverse("governance:groups"),
        title="Set up a group",
        caption="Groups and meetings",
        button="Set up the group",
    )


@pages.guard(policies.groups, "view")
@require_GET
def group_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    group = policies.groups.get_or_404(acting, "view", pk, related=["parent"])
    today = timezone.localdate()
    warn = rule_for(acting.partnership, "governance_chair_warning").calendar_days or 28
    return render(
        request,
        "governance/group.html",
        {
            "group": group,
            "chairing": selectors.chairing(group, today, warn),
            "seats": selectors.seats(group),
            "children": group.children.filter(is_active=True),
            "upcoming": selectors.meetings_of(group, upcoming=True, now=timezone.now()),
            "past": selectors.meetings_of(group, upcoming=False, now=timezone.now())[:12],
            "can_manage": policies.groups.can(acting, "manage", group),
            "terms": list(group.terms.all()),
            "highlights": group.highlights.order_by("-period_end")[:8],
            "today": today,
            "page_title": group.name,
        },
    )


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def group_edit(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    group = policies.groups.get_or_404(acting, "manage", pk)
    form = GroupForm(pages.posted(request), partnership=acting.partnership, group=group)

    def run() -> None:
        data = form.cleaned_data
        services.group_change(
            acting=acting,
            group=group,
            name=data["name"],
            kind=data["kind"],
            parent=form.chosen_parent(),
            purpose=data["purpose"],
            frequency=data["frequency"],
            quorum=data["quorum"],
            chair=form.chosen_person("chair"),
            vice_chair=form.chosen_person("vice_chair"),
        )

    url = reverse("governance:group", args=[group.pk])
    return pages.form_step(
        request,
        form,
        run,
        done="Group changed",
        to=url,
        back=url,
        title="Change the group",
        caption=group.name,
        button="Save the changes",
        intro=[]
        if policies.manages_all(acting)
        else [
            "As its chair you may change the group's purpose, how often it meets, its quorum "
            "and its vice chair. The business unit changes the rest."
        ],
    )


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def member_new(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    group = policies.groups.get_or_404(acting, "manage", pk)
    form = MemberForm(pages.posted(request), partnership=acting.partnership, group=group)

    def run() -> None:
        person = form.chosen_person("person")
        if person is None:
            raise ServiceError("Select the person", field="person")
        services.member_add(
            acting=acting,
            group=group,
            person=person,
            role=form.cleaned_data["role"],
            voting=form.cleaned_data["voting"],
            deputy_of=form.chosen_seat(),
        )

    url = reverse("governance:group", args=[group.pk])
    return pages.form_step(
        request,
        form,
        run,
        done="Member added",
        to=url,
        back=url,
        title="Add a member or deputy",
        caption=group.name,
        button="Add them",
    )


def _seat_of(request: ActingRequest, pk: int) -> GroupMember:
    """A seat on a group the person manages; otherwise 404."""
    managed = policies.groups.visible(request.acting, "manage")
    try:
        return GroupMember.objects.select_related("group").get(pk=pk, group__in=managed)
    except GroupMember.DoesNotExist as error:
        raise Http404("No such member.") from error


@pages.guard(policies.groups, "manage_some")
@require_POST
def member_confirm(request: ActingRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        seat = _seat_of(request, pk)
        try:
            services.deputy_confirm(acting=request.acting, deputy=seat)
            messages.success(request, "Delegated authority confirmed")
        except ServiceError as error:
            messages.error(request, str(error))
    return redirect("governance:group", pk=seat.group_id)


@pages.guard(policies.groups, "manage_some")
@require_POST
def member_leave(request: ActingRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        seat = _seat_of(request, pk)
        try:
            services.member_leave(acting=request.acting, member=seat)
            messages.success(request, "Recorded that they left the group")
        except ServiceError as error:
            messages.error(request, str(error))
    return redirect("governance:group", pk=seat.group_id)


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def terms_new(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    group = policies.groups.get_or_404(acting, "manage", pk)
    form = TermsForm(pages.posted(request), request.FILES or None)

    def run() -> None:
        upload = form.cleaned_data.get("file")
        terms_services.terms_add(
            acting=acting,
            group=group,
            summary=form.cleaned_data["summary"],
            approved_on=form.cleaned_data["approved_on"],
            name=upload.name if upload else "",
            chunks=upload.chunks() if upload else (),
        )

    url = reverse("governance:group", args=[group.pk])
    return pages.form_step(
        request,
        form,
        run,
        done="Terms of reference recorded",
        to=url,
        back=url,
        title="Record new terms of reference",
        caption=group.name,
        button="Record them",
        intro=[
            "Their review falls due a year after the group approves them (the partnership may "
            "set another period in its timescales)."
        ],
        extra={"upload": True},
    )


@pages.guard(policies.groups, "view")
@require_GET
def terms_download(request: ActingRequest, pk: int) -> FileResponse:
    groups = policies.groups.visible(request.acting, "view")
    terms = TermsOfReference.objects.filter(pk=pk, group__in=groups).exclude(file="").first()
    if terms is None:
        raise Http404("No such file.")
    return attachment(terms)
