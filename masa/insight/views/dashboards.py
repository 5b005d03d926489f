"""Dashboards: the index, the scorecard, a dashboard per function and per priority, one
indicator, its trend chart, and the quarter's exceptions.

Figures only, never a record about a person, so the aggregate scope of
`dashboard.view` is enough; anyone without it is told the page is not there. Every
page shows the partnership the person is working in, exports exactly what it shows
(`?format=csv` or `?format=xlsx`) and can prepare its figures for publication
(`?publish=1`). The business manager (`data_return.manage`) may refresh the
platform's own figures from the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from masa.core import pages
from masa.core.models import Partnership
from masa.core.types import ActingRequest
from masa.insight import dashboards as dash
from masa.insight import exports, periods, selectors
from masa.insight.charts import trend_svg
from masa.insight.compute import platform_measurements_compute
from masa.insight.disclosure import PARTIAL_NOTE, PUBLICATION_NOTES, UNRELIABLE_NOTE
from masa.insight.forms_dashboards import PublishForm, QuarterForm, ScorecardForm
from masa.insight.models import Function, Indicator, Priority
from masa.insight.policies import dashboards, priorities, returns

# The chart is an SVG document of its own: matplotlib styles its text with style
# attributes, which that response alone may use. It runs no script and loads nothing.
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
RAG_NOTE = (
    "Ratings compare the latest figure with the indicator's tolerance: red and green at or "
    "beyond their lines, amber between. Direction of travel says whether the figure went up "
    "or down since the period before, and, separately, whether that is better or worse "
    "(judged by whether a higher or a lower figure is better)."
)


def _format(request: ActingRequest) -> str | None:
    chosen = request.GET.get("format")
    return chosen if chosen in exports.FORMATS else None


def _notes(publish: bool) -> tuple[str, ...]:
    if publish:
        return (*PUBLICATION_NOTES, PARTIAL_NOTE, RAG_NOTE)
    return (UNRELIABLE_NOTE, PARTIAL_NOTE, RAG_NOTE)


def _export(
    chosen: str,
    sheets: Sequence[exports.Sheet],
    *,
    page: str,
    title: str,
    partnership: Partnership,
    publish: bool,
    about: Sequence[tuple[str, str]] = (),
) -> HttpResponse:
    name = exports.filename(page, partnership, publish=publish, extension=chosen)
    if chosen == exports.CSV:
        return exports.csv_response(sheets, name, _notes(publish))
    about = [*about, ("Prepared for publication", "Yes" if publish else "No")]
    return exports.xlsx_response(
        sheets, name, title=title, partnership=partnership, about=about, notes=_notes(publish)
    )


def _links() -> dict[str, str]:
    """Links to indicators' pages and charts as the text before and after the code: one
    `reverse` each per page, not one per row (a scorecard links every indicator)."""
    mark = "zqcodezq"
    page_before, page_after = reverse("insight:indicator", args=[mark]).split(mark)
    chart_before, chart_after = reverse("insight:chart", args=[mark]).split(mark)
    return {
        "page_before": page_before,
        "page_after": page_after,
        "chart_before": chart_before,
        "chart_after": chart_after,
    }


def _context(form: PublishForm, **values: Any) -> dict[str, Any]:
    return {
        **_links(),
        "form": form,
        "error_title": bool(form.errors),
        "publishing": form.publishing,
        "publication_notes": PUBLICATION_NOTES,
        "unreliable_note": UNRELIABLE_NOTE,
        "partial_note": PARTIAL_NOTE,
        "rag_note": RAG_NOTE,
        "csv_query": form.query(format=exports.CSV),
        "xlsx_query": form.query(format=exports.XLSX),
        "publish_query": form.query(),
        **values,
    }


# --- the index ----------------------------------------------------------------------------


@pages.guard(dashboards, "view")
@require_http_methods(["GET", "POST"])
def index(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    manages = returns.can(request.acting, "manage")
    if request.method == "POST":
        if not manages:
            raise Http404("You do not have access to this page.")
        computed = platform_measurements_compute(
            partnership=partnership, today=timezone.localdate(), acting=request.acting
        )
        messages.success(
            request,
            f"Platform figures refreshed: {computed.front_door:,} front-door and "
            f"{computed.training:,} training figures.",
        )
        return redirect("insight:dashboards")
    found = dash.dashboard_index(partnership)
    chosen = _format(request)
    if chosen:
        rows = tuple(
            [(link.name, "Function", str(link.indicators)) for link in found.functions]
            + [(link.name, "Priority", str(link.indicators)) for link in found.priorities]
        )
        sheet = exports.Sheet(
            "Dashboards", "Dashboards", ("Dashboard", "By", "Indicators in use"), rows
        )
        return _export(
            chosen,
            [sheet],
            page="dashboards",
            title="Dashboards",
            partnership=partnership,
            publish=False,
        )
    return render(
        request,
        "insight/dashboards/index.html",
        {
            "page_title": "Dashboards",
            "partnership": partnership,
            "index": found,
            "manages": manages,
            "csv_query": f"format={exports.CSV}",
            "xlsx_query": f"format={exports.XLSX}",
        },
    )


# --- the scorecard, and dashboards by function and by priority ------------------------------


@pages.guard(dashboards, "view")
@require_GET
def scorecard(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    chosen_from = list(priorities.visible(request.acting, "view"))
    form = ScorecardForm(request.GET, priorities=[(p.slug, p.name) for p in chosen_from])
    context = _context(form, page_title="Scorecard", partnership=partnership, card=None)
    if not form.is_valid():
        return render(request, "insight/dashboards/scorecard.html", context, status=400)
    function = form.cleaned_data["function"] or None
    priority = next((p for p in chosen_from if p.slug == form.cleaned_data["priority"]), None)
    card = dash.scorecard(
        partnership, function=function, priority=priority, publish=form.publishing
    )
    chosen = _format(request)
    if chosen:
        about = [
            ("Function", dict(Function.choices).get(function or "", "All functions")),
            ("Priority", priority.name if priority else "All priorities"),
        ]
        return _export(
            chosen,
            [exports.scorecard_sheet(card)],
            page="scorecard",
            title="Scorecard",
            partnership=partnership,
            publish=form.publishing,
            about=about,
        )
    context["card"] = card
    return render(request, "insight/dashboards/scorecard.html", context)


def _dashboard(
    request: ActingRequest,
    *,
    heading: str,
    page: str,
    function: str | None = None,
    priority: Priority | None = None,
    description: str = "",
) -> HttpResponse:
    """The scorecard of a function or priority, then each indicator's trend chart."""
    partnership = request.acting.partnership
    form = PublishForm(request.GET)
    card = dash.scorecard(
        partnership, function=function, priority=priority, publish=form.publishing, trends=True
    )
    trends = [line.trend for line in card.lines if line.trend.has_figures]
    chosen = _format(request)
    if chosen:
        sheets = [exports.scorecard_sheet(card)]
        sheets += [exports.trend_sheet(trend, partnership) for trend in trends]
        return _export(
            chosen,
            sheets,
            page=page,
            title=heading,
            partnership=partnership,
            publish=form.publishing,
        )
    return render(
        request,
        "insight/dashboards/dashboard.html",
        _context(
            form,
            page_title=heading,
            heading=heading,
            description=description,
            partnership=partnership,
            card=card,
            trends=trends,
        ),
    )


@pages.guard(dashboards, "view")
@require_GET
def function(request: ActingRequest, function: str) -> HttpResponse:
    labels = dict(Function.choices)
    if function not in labels:
        raise Http404("No such function.")
    return _dashboard(
        request,
        heading=f"{labels[function]} dashboard",
        page=f"dashboard {function}",
        function=function,
    )


@pages.guard(dashboards, "view")
@require_GET
def priority(request: ActingRequest, slug: str) -> HttpResponse:
    chosen = priorities.find_or_404(request.acting, "view", slug=slug)
    return _dashboard(
        request,
        heading=f"{chosen.name} dashboard",
        page=f"dashboard {chosen.slug}",
        priority=chosen,
        description=chosen.summary,
    )


# --- one indicator ------------------------------------------------------------------------


def _indicator(request: ActingRequest, code: str) -> Indicator:
    """The partnership's indicator with this code; 404 when it has none."""
    return dashboards.find_or_404(
        request.acting, "view", code=code, related=("agency", "partnership")
    )


def _may_publish(indicator: Indicator) -> bool:
    return indicator.publishable and indicator.is_active


@pages.guard(dashboards, "view")
@require_GET
def indicator(request: ActingRequest, code: str) -> HttpResponse:
    partnership = request.acting.partnership
    found = _indicator(request, code)
    form = PublishForm(request.GET)
    withheld = form.publishing and not _may_publish(found)
    figures = None if withheld else dash.indicator_figures(found, publish=form.publishing)
    trends = figures.trends if figures else []
    chosen = _format(request)
    if chosen:
        about = [
            ("Indicator", f"{found.name} ({found.code})"),
            ("Definition", found.definition),
            ("Tolerance", selectors.tolerance_text(found)),
        ]
        if withheld:
            about.append(("Figures", "Not shown: this indicator is not for publication."))
        return _export(
            chosen,
            [exports.trend_sheet(trend, partnership, full=True) for trend in trends],
            page=f"indicator {found.code}",
            title=found.name,
            partnership=partnership,
            publish=form.publishing,
            about=about,
        )
    return render(
        request,
        "insight/dashboards/indicator.html",
        _context(
            form,
            page_title=found.name,
            partnership=partnership,
            indicator=found,
            tolerance=selectors.tolerance_text(found),
            priorities=dash.priorities_of(found),
            withheld=withheld,
            trends=trends,
        ),
    )


@pages.guard(dashboards, "view")
@require_GET
def indicator_chart(request: ActingRequest, code: str) -> HttpResponse:
    """The trend chart of one indicator as an SVG image: `span` (quarters or years), up to
    the period `to`, prepared for publication when `publish=1`."""
    found = _indicator(request, code)
    span = request.GET.get("span", dash.QUARTERS)
    publish = request.GET.get("publish") == "1"
    if span not in (dash.QUARTERS, dash.YEARS) or (publish and not _may_publish(found)):
        raise Http404("No such chart.")
    to = None
    if request.GET.get("to"):
        try:
            to = periods.parse(request.GET["to"])
        except ValueError as error:
            raise Http404("No such period.") from error
        if to.is_quarter != (span == dash.QUARTERS):
            raise Http404("No such period.")
    figures = dash.indicator_figures(found, publish=publish, to=to)
    trend = figures.quarters if span == dash.QUARTERS else figures.years
    if trend is None:
        raise Http404("No figures to draw.")
    svg = trend_svg(
        title=found.name,
        labels=trend.labels,
        series=trend.series(request.acting.partnership.name),
        unit=found.unit,
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = CHART_CSP
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- exceptions ---------------------------------------------------------------------------


@pages.guard(dashboards, "view")
@require_GET
def exceptions(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    today = timezone.localdate()
    quarters = dash.exception_quarters(partnership, today)
    data = {
        "quarter": request.GET.get("quarter") or periods.last_ended_quarter(today).code,
        "publish": request.GET.get("publish", ""),
    }
    form = QuarterForm(data, quarters=quarters)
    context = _context(form, page_title="Exceptions", partnership=partnership, found=None)
    if not form.is_valid():
        return render(request, "insight/dashboards/exceptions.html", context, status=400)
    found = dash.exceptions(partnership, form.period, today=today, publish=form.publishing)
    chosen = _format(request)
    if chosen:
        return _export(
            chosen,
            [exports.exceptions_sheet(found)],
            page=f"exceptions {form.period.code}",
            title="Exceptions",
            partnership=partnership,
            publish=form.publishing,
            about=[("Quarter", form.period.label)],
        )
    context.update(
        {
            "found": found,
            "kinds": [
                (kind, dash.EXCEPTION_LABELS[kind], found.of(kind))
                for kind in (dash.RED, dash.CHANGE, dash.MISSING)
            ],
        }
    )
    return render(request, "insight/dashboards/exceptions.html", context)
