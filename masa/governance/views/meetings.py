"""Meetings: arranging one, its page (agenda, papers, attendance, decisions, actions
raised and the group's open actions to review, minutes), and the forms that fill it."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masa.actions.forms import ActionForm
from masa.core import pages
from masa.core.errors import ServiceError
from masa.core.files import attachment
from masa.core.types import ActingRequest
from masa.governance import policies, selectors
from masa.governance.forms.meetings import (
    ApproveForm,
    AttendanceForm,
    DecisionForm,
    ItemForm,
    MeetingForm,
    MinutesForm,
    PaperForm,
    chosen_item,
)
from masa.governance.models import Meeting, Paper
from masa.governance.services import actions as action_services
from masa.governance.services import meetings as services


def _when(meeting: Meeting) -> str:
    return f"{meeting.group.name}, {timezone.localtime(meeting.starts_at):%-d %B %Y}"


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def meeting_new(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    group = policies.groups.get_or_404(acting, "manage", pk)
    form = MeetingForm(pages.posted(request))
    made: list[int] = []

    def run() -> None:
        data = form.cleaned_data
        meeting = services.meeting_add(
            acting=acting,
            group=group,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place=data["place"],
            link=data["link"],
        )
        made.append(meeting.pk)

    return pages.form_step(
        request,
        form,
        run,
        done="Meeting arranged",
        to=lambda: reverse("governance:meeting", args=[made[0]]),
        back=reverse("governance:group", args=[group.pk]),
        title="Arrange a meeting",
        caption=group.name,
        button="Arrange the meeting",
    )


@pages.guard(policies.meetings, "view")
@require_GET
def meeting_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    meeting = policies.meetings.get_or_404(
        acting, "view", pk, related=["group", "minutes_approved_at"]
    )
    can_manage = policies.meetings.can(acting, "manage", meeting)
    return render(
        request,
        "governance/meeting.html",
        {
            "meeting": meeting,
            "view": selectors.meeting_page(
                meeting, can_manage=can_manage, today=timezone.localdate()
            ),
            "can_manage": can_manage,
            "raised": meeting.actions.select_related("owner_agency", "owner"),
            "to_review": action_services.open_actions(meeting.group).exclude(meeting=meeting),
            "today": timezone.localdate(),
            "page_title": _when(meeting),
        },
    )


def _managed(request: ActingRequest, pk: int) -> Meeting:
    return policies.meetings.get_or_404(request.acting, "manage", pk, related=["group"])


def _back(meeting: Meeting) -> str:
    return reverse("governance:meeting", args=[meeting.pk])


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def item_new(request: ActingRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = ItemForm(pages.posted(request), partnership=request.acting.partnership)

    def run() -> None:
        data = form.cleaned_data
        services.item_add(
            acting=request.acting,
            meeting=meeting,
            title=data["title"],
            purpose=data["purpose"],
            owner=form.chosen_person("owner"),
            minutes_allowed=data["minutes_allowed"],
        )

    return pages.form_step(
        request,
        form,
        run,
        done="Item added to the agenda",
        to=_back(meeting),
        back=_back(meeting),
        title="Add an agenda item",
        caption=_when(meeting),
        button="Add the item",
    )


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def paper_new(request: ActingRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = PaperForm(pages.posted(request), request.FILES or None, meeting=meeting)

    def run() -> None:
        upload = form.cleaned_data["file"]
        services.paper_add(
            acting=request.acting,
            meeting=meeting,
            title=form.cleaned_data["title"],
            item=chosen_item(meeting, form.cleaned_data.get("item")),
            name=upload.name,
            chunks=upload.chunks(),
        )

    return pages.form_step(
        request,
        form,
        run,
        done="Paper added",
        to=_back(meeting),
        back=_back(meeting),
        title="Add a paper",
        caption=_when(meeting),
        button="Add the paper",
        intro=["Members see the papers once you publish them from the meeting's page."],
        extra={"upload": True},
    )


@pages.guard(policies.meetings, "view")
@require_GET
def paper_download(request: ActingRequest, pk: int) -> FileResponse:
    acting = request.acting
    try:
        paper = Paper.objects.select_related("meeting").get(
            pk=pk, meeting__in=policies.meetings.visible(acting, "view")
        )
    except Paper.DoesNotExist as error:
        raise Http404("No such paper.") from error
    if paper.meeting.papers_sent_on is None and not policies.meetings.can(
        acting, "manage", paper.meeting
    ):
        raise Http404("The papers are not published yet.")
    return attachment(paper)


@pages.guard(policies.groups, "manage_some")
@require_POST
def papers_publish(request: ActingRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        meeting = _managed(request, pk)
        try:
            services.papers_publish(acting=request.acting, meeting=meeting)
            messages.success(request, "Papers published: the members have been emailed")
        except ServiceError as error:
            messages.error(request, str(error))
    return redirect("governance:meeting", pk=meeting.pk)


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def attendance(request: ActingRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    seats, deputies = selectors.seats_at(meeting)
    recorded = {row.member_id: (row.status, row.deputy_id) for row in meeting.attendance.all()}
    form = AttendanceForm(pages.posted(request), seats=seats, deputies=deputies, recorded=recorded)
    return pages.form_step(
        request,
        form,
        lambda: services.attendance_record(
            acting=request.acting, meeting=meeting, marks=form.marks()
        ),
        done="Attendance recorded",
        to=_back(meeting),
        back=_back(meeting),
        title="Record attendance",
        caption=_when(meeting),
        button="Save the attendance",
        intro=[
            f"The quorum is {meeting.group.quorum}: voting members present, or their deputies "
            "with confirmed delegated authority."
        ],
    )


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def decision_new(request: ActingRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = DecisionForm(
        pages.posted(request), partnership=request.acting.partnership, meeting=meeting
    )

    def run() -> None:
        services.decision_add(
            acting=request.acting,
            meeting=meeting,
            text_=form.cleaned_data["text"],
            item=chosen_item(meeting, form.cleaned_data.get("item")),
            owner=form.chosen_person("owner"),
        )

    return pages.form_step(
        request,
        form,
        run,
        done="Decision recorded",
        to=_back(meeting),
        back=_back(meeting),
        title="Record a decision",
        caption=_when(meeting),
        button="Record the decision",
    )


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def minutes(request: ActingRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = MinutesForm(pages.posted(request), initial={"minutes": meeting.minutes})
    return pages.form_step(
        request,
        form,
        lambda: services.minutes_save(
            acting=request.acting, meeting=meeting, minutes=form.cleaned_data["minutes"]
        ),
        done="Draft minutes saved",
        to=_back(meeting),
        back=_back(meeting),
        title="Write the minutes",
        caption=_when(meeting),
        button="Save the draft minutes",
        intro=["The minutes stay a draft until the group approves them at a later meeting."],
    )


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def minutes_approve(request: ActingRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    later = list(
        Meeting.objects.filter(group=meeting.group, starts_at__gt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")[:6]
    )
    form = ApproveForm(pages.posted(request), later=later)

    def run() -> None:
        at = form.chosen()
        if at is None:
            raise ServiceError("Select the meeting that approved the minutes", field="at")
        services.minutes_approve(acting=request.acting, meeting=meeting, at=at)

    return pages.form_step(
        request,
        form,
        run,
        done="Minutes approved",
        to=_back(meeting),
        back=_back(meeting),
        title="Approve the minutes",
        caption=_when(meeting),
        button="Approve the minutes",
        intro=["Minutes are approved at a later meeting of the group."]
        if later
        else ["Arrange the group's next meeting first: minutes are approved there."],
    )


@pages.guard(policies.groups, "manage_some")
@require_http_methods(["GET", "POST"])
def action_new(request: ActingRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    form = ActionForm(pages.posted(request), partnership=request.acting.partnership)

    def run() -> None:
        data = form.cleaned_data
        action_services.action_raise(
            acting=request.acting,
            meeting=meeting,
            owner_agency=data["owner_agency"],
            owner=form.chosen_owner(),
            what=data["what"],
            measure_of_success=data["measure_of_success"],
            due_on=data["due_on"],
            priority=data.get("priority", ""),
        )

    return pages.form_step(
        request,
        form,
        run,
        done="Action raised",
        to=_back(meeting),
        back=_back(meeting),
        title="Raise an action",
        caption=_when(meeting),
        button="Raise the action",
        intro=[
            "The action joins the partnership's action plan with this meeting as its source. "
            "Its owner updates it there; it is reviewed at each meeting of the group."
        ],
    )
