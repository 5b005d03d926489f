"""Front-door figures: aggregate counts for the partnership a person is working in.

Figures only, never identifiable records, so the aggregate scope of
`dashboard.view` is enough; anyone without it is told the page is not there.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from masa.core import figures as figs
from masa.core import pages
from masa.core.forms import GovUKForm
from masa.core.models import Partnership
from masa.core.types import ActingRequest
from masa.frontdoor import figures as fig
from masa.frontdoor.policies import figures as figures_policy


class PeriodForm(GovUKForm):
    """Which year, grouped how, and whether to prepare the figures for publication."""

    year = forms.ChoiceField(
        label="Financial year",
        help_text="1 April to 31 March, as English statutory returns are.",
        error_messages={
            "required": "Select a financial year",
            "invalid_choice": "Select a financial year from the list",
        },
    )
    group = forms.ChoiceField(
        label="Show figures by",
        choices=[
            (figs.Grouping.MONTH.value, "Month"),
            (figs.Grouping.QUARTER.value, "Financial quarter (Q1 is April to June)"),
        ],
        widget=forms.RadioSelect(attrs={"data-small": "1"}),
        error_messages={
            "required": "Select month or financial quarter",
            "invalid_choice": "Select month or financial quarter",
        },
    )
    publish = forms.BooleanField(
        label="Prepare for publication",
        help_text="Hide counts of 1 to 4, and percentages and rates worked out from them.",
        required=False,
    )

    def __init__(self, data: dict[str, Any], *, years: list[int]) -> None:
        super().__init__(data)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.ChoiceField)
        year_field.choices = [(figs.year_label(y), figs.year_label(y)) for y in years]

    @property
    def start(self) -> int:
        return figs.parse_year_label(self.cleaned_data["year"])

    @property
    def grouping(self) -> figs.Grouping:
        return figs.Grouping(self.cleaned_data["group"])

    @property
    def publishing(self) -> bool:
        return bool(self.cleaned_data["publish"])

    def query(self) -> str:
        """The chosen period as a query string, for links to the same figures."""
        values = {"year": self.cleaned_data["year"], "group": self.cleaned_data["group"]}
        if self.publishing:
            values["publish"] = "1"
        return urlencode(values)


def _period_form(request: ActingRequest, partnership: Partnership) -> PeriodForm:
    """The period chooser, bound to the query string with defaults for what is missing:
    the latest year with contacts (or this year, if none), by month."""
    this_year = figs.financial_year_of(timezone.localdate())
    span = fig.years_with_contacts(partnership)
    first, last = span if span else (this_year, this_year)
    years = list(range(max(last, this_year), min(first, this_year) - 1, -1))
    data = {
        "year": request.GET.get("year") or figs.year_label(last),
        "group": request.GET.get("group") or figs.Grouping.MONTH.value,
        "publish": request.GET.get("publish", ""),
    }
    return PeriodForm(data, years=years)


@pages.guard(figures_policy, "view")
@require_GET
def figures(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    form = _period_form(request, partnership)
    context: dict[str, Any] = {
        "form": form,
        "partnership": partnership,
        "page_title": "Front-door figures",
        "error_title": bool(form.errors),
    }
    if form.is_valid():
        counts = fig.count_figures(partnership, form.start)
        context.update(
            {
                "tables": fig.build_tables(counts, form.grouping, form.publishing),
                "year": figs.year_label(form.start),
                "publishing": form.publishing,
                "suppression_note": figs.SUPPRESSION_NOTE,
                "query": form.query(),
            }
        )
    return render(
        request,
        "frontdoor/figures/figures.html",
        context,
        status=400 if form.errors else 200,
    )


@pages.guard(figures_policy, "view")
@require_GET
def figures_csv(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    form = _period_form(request, partnership)
    if not form.is_valid():
        return redirect(reverse("frontdoor:figures") + "?" + request.GET.urlencode())
    counts = fig.count_figures(partnership, form.start)
    tables = fig.build_tables(counts, form.grouping, form.publishing)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fig.CSV_HEADER)
    writer.writerows(fig.csv_rows(tables))
    name = f"front-door-figures-{partnership.slug}-{figs.year_label(form.start)}"
    name += f"-by-{form.grouping.value}"
    if form.publishing:
        name += "-for-publication"
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
