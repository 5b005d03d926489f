"""The decision log: every decision of every group the person may see, searchable by
words and group, with its item, date and owner; exportable as CSV and Excel."""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from masa.core import pages
from masa.core.csvsafe import csv_safe
from masa.core.forms import GovUKForm
from masa.core.types import ActingRequest
from masa.core.workbooks import XLSX_CONTENT_TYPE, text_cell
from masa.governance import policies
from masa.governance.forms.common import SELECT_ONE
from masa.governance.models import Decision

PAGE_SIZE = 50


class DecisionFilterForm(GovUKForm):
    q = forms.CharField(label="Words", required=False, max_length=100)
    group = forms.TypedChoiceField(label="Group", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, groups: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Every group"), *((str(pk), name) for pk, name in groups)]
        field.error_messages["invalid_choice"] = SELECT_ONE
        self.fields["q"].error_messages["max_length"] = "Enter 100 characters or fewer"


def _decisions(request: ActingRequest) -> tuple[DecisionFilterForm, QuerySet[Decision]]:
    groups = policies.groups.visible(request.acting, "view").order_by("name")
    form = DecisionFilterForm(request.GET or None, groups=list(groups.values_list("pk", "name")))
    decisions = Decision.objects.filter(group__in=groups).select_related(
        "group", "item", "owner", "meeting"
    )
    if form.is_bound and form.is_valid():
        words = form.cleaned_data["q"].strip()
        if words:
            decisions = decisions.filter(Q(text__icontains=words) | Q(item__title__icontains=words))
        if form.cleaned_data["group"] is not None:
            decisions = decisions.filter(group_id=form.cleaned_data["group"])
    elif form.is_bound:
        decisions = decisions.none()
    return form, decisions.order_by("-decided_on", "group__name", "-number")


@pages.guard(policies.groups, "view")
@require_GET
def decision_log(request: ActingRequest) -> HttpResponse:
    form, decisions = _decisions(request)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/decisions.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "page_title": "Decision log",
            "error_title": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


HEADINGS = ["Group", "Number", "Date", "Decision", "Agenda item", "Owner"]


def _cells(decision: Decision) -> list[str]:
    owner = decision.owner
    return [
        decision.group.name,
        str(decision.number),
        decision.decided_on.isoformat(),
        decision.text,
        str(decision.item) if decision.item else "",
        (owner.full_name or owner.email) if owner else "",
    ]


@pages.guard(policies.groups, "view")
@require_GET
def decision_log_csv(request: ActingRequest) -> HttpResponse:
    _, decisions = _decisions(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    for decision in decisions.iterator():
        writer.writerow([csv_safe(cell) for cell in _cells(decision)])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decision-log.csv"'
    return response


@pages.guard(policies.groups, "view")
@require_GET
def decision_log_xlsx(request: ActingRequest) -> HttpResponse:
    import openpyxl  # type: ignore[import-untyped]

    _, decisions = _decisions(request)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Decision log"
    sheet.append(HEADINGS)
    for decision in decisions.iterator():
        sheet.append([None] * len(HEADINGS))
        for column, value in enumerate(_cells(decision), start=1):
            text_cell(sheet.cell(row=sheet.max_row, column=column), value)
    data = io.BytesIO()
    book.save(data)
    response = HttpResponse(data.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="decision-log.xlsx"'
    return response
