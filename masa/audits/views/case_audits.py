"""Pages of multi-agency case audits: the programme, a round, its cases, the panel's
grades, urgent concerns, follow-up actions, and each agency's audits of its own files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from masa.audits import policies, report, selectors
from masa.audits.forms import case_audits as forms
from masa.audits.models import Case, GoodPractice, PracticeArea, Question, Round
from masa.audits.services import action_plan, good_practice
from masa.audits.services import case_audits as services
from masa.audits.services.common import today
from masa.core import audit, pages
from masa.core.types import ActingRequest


@pages.guard(policies.rounds, "view")
@require_GET
def home(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    return render(
        request,
        "audits/home.html",
        {
            "page_title": "Multi-agency case audits",
            "rounds": list(selectors.rounds(acting))
            if acting.sees_records("case_audit.view")
            else [],
            "sees_rounds": acting.sees_records("case_audit.view"),
            "can_manage": policies.rounds.can(acting, "manage"),
        },
    )


@pages.guard(policies.rounds, "manage")
@require_http_methods(["GET", "POST"])
def round_new(request: ActingRequest) -> HttpResponse:
    form = forms.RoundForm(pages.posted(request), partnership=request.acting.partnership)
    made: dict[str, Round] = {}

    def run() -> None:
        data = form.cleaned_data
        made["round"] = services.round_add(
            acting=request.acting,
            year=data["year"],
            quarter=data["quarter"],
            theme=data["theme"],
            why_chosen=data["why_chosen"],
            review=form.picked("review"),
            indicator=form.picked("indicator"),
            case_count=data["case_count"],
            audit_group=form.picked_all("audit_group"),
            agency_due_on=data.get("agency_due_on"),
        )

    return pages.form_step(
        request,
        form,
        run,
        done=lambda: f"Round added: {made['round']}.",
        to=lambda: reverse("audits:round", args=[made["round"].pk]),
        back=reverse("audits:home"),
        title="Add an audit round",
        caption="Multi-agency case audits",
        button="Add the round",
    )


@pages.guard(policies.rounds, "view")
@require_GET
def round_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    record = policies.rounds.get_or_404(acting, "view", pk, related=("review", "indicator"))
    cases = list(selectors.round_cases(acting, record))
    sees_cases = (
        policies.runs_audits(acting.membership)
        or record.audit_group.filter(pk=acting.person.pk).exists()
    )
    return render(
        request,
        "audits/round.html",
        {
            "page_title": str(record),
            "round": record,
            "cases": cases,
            "sees_cases": sees_cases,
            "group": list(record.audit_group.all()),
            "questions": _by_area(list(record.questions.all())),
            "completeness": selectors.completeness(record, today()),
            "concerns": list(selectors.round_concerns(record)) if sees_cases else [],
            "actions": list(selectors.round_actions(record)) if sees_cases else [],
            "blockers": services.close_blockers(record),
            "can_manage": policies.rounds.can(acting, "manage", record),
            "today": today(),
        },
    )


def _by_area(questions: list[Question]) -> list[tuple[str, list[Question]]]:
    return [
        (area.label, [q for q in questions if q.practice_area == area.value])
        for area in PracticeArea
    ]


@pages.guard(policies.rounds, "manage")
@require_http_methods(["GET", "POST"])
def round_close(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.rounds.get_or_404(request.acting, "manage", pk)
    form = forms.CloseForm(pages.posted(request))
    back = reverse("audits:round", args=[record.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.round_close(acting=request.acting, round=record),
        done=f"{record} is closed.",
        to=back,
        back=back,
        title=f"Close {record}",
        caption="Multi-agency case audits",
        button="Close the round",
        intro=[
            "A round closes only when every case is graded, every inadequate grade has a "
            "follow-up action and no urgent concern is open."
        ],
    )


@pages.guard(policies.rounds, "manage")
@require_http_methods(["GET", "POST"])
def tool(request: ActingRequest) -> HttpResponse:
    """The standard audit tool: its questions by practice area, and a new one."""
    acting = request.acting
    form = forms.QuestionForm(pages.posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and pages.attempt(form, lambda: services.question_add(acting=acting, **form.cleaned_data))
    ):
        messages.success(request, "Question added to the standard audit tool.")
        return redirect("audits:tool")
    questions = list(Question.objects.filter(partnership=acting.partnership, round__isnull=True))
    return pages.form_page(
        request,
        "audits/tool.html",
        form,
        {"page_title": "The standard audit tool", "questions": _by_area(questions)},
    )


@pages.guard(policies.rounds, "manage")
@require_http_methods(["GET", "POST"])
def round_question_new(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.rounds.get_or_404(request.acting, "manage", pk)
    form = forms.QuestionForm(pages.posted(request))
    back = reverse("audits:round", args=[record.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.question_add(acting=request.acting, round=record, **form.cleaned_data),
        done="Question added to the round's tool.",
        to=back,
        back=back,
        title="Add a question to the round's tool",
        caption=str(record),
        button="Add the question",
    )


@pages.guard(policies.rounds, "manage")
@require_http_methods(["GET", "POST"])
def case_new(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.rounds.get_or_404(request.acting, "manage", pk)
    form = forms.CaseForm(pages.posted(request), partnership=request.acting.partnership)
    back = reverse("audits:round", args=[record.pk])

    def run() -> None:
        data = form.cleaned_data
        services.case_add(
            acting=request.acting,
            round=record,
            reference=data["reference"],
            age_band=data["age_band"],
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            disability=data["disability"],
            agencies=form.picked_all("agencies"),
        )

    return pages.form_step(
        request,
        form,
        run,
        done=lambda: (
            f"Case {form.cleaned_data['reference']} added; "
            "its agencies are asked to audit their own files."
        ),
        to=back,
        back=back,
        title="Add a case",
        caption=str(record),
        button="Add the case",
        intro=["Give a pseudonymous reference and the child's equality data: never a name."],
    )


@pages.guard(policies.cases, "view")
@require_GET
def case_detail(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    case = policies.cases.get_or_404(acting, "view", pk, related=("round",))
    audit.record_view(acting, case)
    agency_audits = list(
        case.agency_audits.select_related("agency").prefetch_related("answers__question")
    )
    area_grades = {g.practice_area: g for g in case.area_grades.all()}
    return render(
        request,
        "audits/case.html",
        {
            "page_title": f"Case {case.reference}",
            "case": case,
            "round": case.round,
            "agency_audits": agency_audits,
            "areas": [(area.label, area_grades.get(area.value)) for area in PracticeArea],
            "concerns": list(case.urgent_concerns.select_related("agency")),
            "actions": list(case.actions.select_related("owner_agency")),
            "can_grade": case.round.status == Round.Status.OPEN
            and policies.cases.can(acting, "grade", case),
            "today": today(),
        },
    )


def _grading_case(request: ActingRequest, pk: int) -> Case:
    return policies.cases.get_or_404(request.acting, "grade", pk, related=("round",))


@pages.guard(policies.cases, "grade")
@require_http_methods(["GET", "POST"])
def case_grade(request: ActingRequest, pk: int) -> HttpResponse:
    case = _grading_case(request, pk)
    initial: dict[str, Any] = {"grade": case.grade, "rationale": case.rationale}
    for grade in case.area_grades.all():
        initial.update(
            {
                f"{grade.practice_area}_grade": grade.grade,
                f"{grade.practice_area}_rationale": grade.rationale,
                f"{grade.practice_area}_good": grade.good_practice,
                f"{grade.practice_area}_improve": grade.improvement,
            }
        )
    form = forms.GradeForm(pages.posted(request), initial=initial)
    back = reverse("audits:case", args=[case.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.case_grade(
            acting=request.acting,
            case=case,
            areas=form.areas(),
            grade=form.cleaned_data["grade"],
            rationale=form.cleaned_data["rationale"],
        ),
        done=f"Case {case.reference} graded.",
        to=back,
        back=back,
        title=f"Grade case {case.reference}",
        caption=str(case.round),
        button="Save the grades",
    )


@pages.guard(policies.cases, "grade")
@require_http_methods(["GET", "POST"])
def concern_new(request: ActingRequest, pk: int) -> HttpResponse:
    case = _grading_case(request, pk)
    agencies = [a.agency for a in case.agency_audits.select_related("agency")]
    form = forms.ConcernForm(pages.posted(request), agencies=agencies)
    back = reverse("audits:case", args=[case.pk])
    return pages.form_step(
        request,
        form,
        lambda: services.concern_raise(
            acting=request.acting,
            case=case,
            agency=form.picked("agency"),
            concern=form.cleaned_data["concern"],
        ),
        done="Urgent concern sent to the agency's lead.",
        to=back,
        back=back,
        title=f"Raise an urgent concern on case {case.reference}",
        caption=str(case.round),
        button="Send the concern",
    )


@pages.guard(policies.cases, "grade")
@require_http_methods(["GET", "POST"])
def action_new(request: ActingRequest, pk: int) -> HttpResponse:
    case = _grading_case(request, pk)
    form = forms.ActionForm(pages.posted(request), partnership=request.acting.partnership)
    back = reverse("audits:case", args=[case.pk])
    return pages.form_step(
        request,
        form,
        lambda: action_plan.audit_action_add(
            acting=request.acting,
            case=case,
            owner_agency=form.picked("owner_agency"),
            what=form.cleaned_data["what"],
            measure_of_success=form.cleaned_data["measure_of_success"],
            due_on=form.cleaned_data["due_on"],
        ),
        done="Follow-up action added to the round's action plan.",
        to=back,
        back=back,
        title=f"Add a follow-up action for case {case.reference}",
        caption=str(case.round),
        button="Add the action",
    )


@pages.guard(policies.agency_audits, "answer")
@require_GET
def agency(request: ActingRequest) -> HttpResponse:
    acting = request.acting
    return render(
        request,
        "audits/agency.html",
        {
            "page_title": "Your agency's audits",
            "audits": list(selectors.agency_audits_to_do(acting)),
            "concerns": list(selectors.concerns_to_answer(acting)),
            "today": today(),
        },
    )


@pages.guard(policies.agency_audits, "answer")
@require_http_methods(["GET", "POST"])
def agency_audit(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    record = policies.agency_audits.get_or_404(
        acting, "answer", pk, related=("case__round", "agency")
    )
    case = record.case
    back = reverse("audits:agency")
    if record.submitted_on is not None:
        return render(
            request,
            "audits/agency_audit_sent.html",
            {
                "page_title": f"{record.agency}: case {case.reference}",
                "record": record,
                "answers": list(record.answers.select_related("question")),
                "back": back,
            },
        )
    questions = list(Question.objects.filter(round=case.round))
    form = forms.agency_audit_form(questions)(pages.posted(request))
    return pages.form_step(
        request,
        form,
        lambda: services.agency_audit_submit(
            acting=acting,
            agency_audit=record,
            answers=form.answers(),
            practitioner_view=form.cleaned_data["practitioner_view"],
            child_family_voice=form.cleaned_data["child_family_voice"],
        ),
        done=f"{record.agency}'s audit of case {case.reference} is sent.",
        to=back,
        back=back,
        title=f"Audit your file: case {case.reference}",
        caption=f"{record.agency}, {case.round}",
        button="Send the audit",
        intro=[
            *([f"Due by {record.due_on:%-d %B %Y}."] if record.due_on else []),
            "Answer from your agency's own records, then give the practitioner's view and "
            "what the child and family said.",
        ],
    )


@pages.guard(policies.concerns, "answer")
@require_http_methods(["GET", "POST"])
def concern_answer(request: ActingRequest, pk: int) -> HttpResponse:
    acting = request.acting
    concern = policies.concerns.get_or_404(acting, "answer", pk, related=("case", "agency"))
    form = forms.AnswerForm(pages.posted(request))
    back = reverse("audits:agency")
    return pages.form_step(
        request,
        form,
        lambda: services.concern_answer(
            acting=acting, concern=concern, response=form.cleaned_data["response"]
        ),
        done="Your answer to the urgent concern is recorded.",
        to=back,
        back=back,
        title=f"Answer the urgent concern on case {concern.case.reference}",
        caption=str(concern.agency),
        button="Record the answer",
        intro=[concern.concern, f"Answer due by {concern.due_on:%-d %B %Y}."],
    )


@pages.guard(policies.rounds, "view")
@require_GET
def round_report(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.rounds.get_or_404(request.acting, "view", pk)
    result = report.round_report(record)
    return render(request, "audits/report.html", {"page_title": result.title, "report": result})


@pages.guard(policies.rounds, "view")
@require_GET
def round_report_docx(request: ActingRequest, pk: int) -> HttpResponse:
    record = policies.rounds.get_or_404(request.acting, "view", pk)
    content = report.report_docx(report.round_report(record))
    response = HttpResponse(content, content_type=report.DOCX_CONTENT_TYPE)
    name = f"audit-report-{record.year}-{record.quarter}".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@pages.guard(policies.rounds, "view")
@require_http_methods(["GET", "POST"])
def good_practice_bank(request: ActingRequest) -> HttpResponse:
    """The bank of good practice examples, by practice area; the business unit adds
    to it. It names no case, so everyone with access to case audits reads it."""
    acting = request.acting
    can_add = policies.rounds.can(acting, "manage")
    rounds = (
        list(policies.rounds.visible(acting, "manage").filter(imported=False)) if can_add else []
    )
    form = forms.GoodPracticeForm(pages.posted(request) if can_add else None, rounds=rounds)
    if (
        can_add
        and request.method == "POST"
        and form.is_valid()
        and pages.attempt(
            form,
            lambda: good_practice.good_practice_add(
                acting=acting,
                round=form.picked("round"),
                practice_area=form.cleaned_data["practice_area"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["example"],
            ),
        )
    ):
        messages.success(request, "Example added to the good practice bank.")
        return redirect("audits:good-practice")
    entries = list(
        GoodPractice.objects.filter(partnership=acting.partnership).select_related("round")
    )
    return pages.form_page(
        request,
        "audits/good_practice.html",
        form,
        {
            "page_title": "Good practice bank",
            "areas": [
                (area.label, [e for e in entries if e.practice_area == area.value])
                for area in PracticeArea
            ],
            "can_add": can_add,
        },
    )
