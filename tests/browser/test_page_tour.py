"""Every page of case reviews and insight, in a real browser, checked with axe.

The journeys walk the main flows; this tour makes sure no page is left out. For each
URL name in the `reviews` and `insight` namespaces it finds, with Django's test client,
the first demo record (and the first demo person, in the order below) for which the
page answers 200, then loads that page in Chromium and checks it (axe's WCAG 2.2 A and
AA rules, console errors, CSP). A page the demo cannot reach fails the tour, so a new
page cannot slip past it unchecked. Files (workbooks, PDFs, SVGs, evidence) and the
buttons that post straight to a step are not pages: NOT_PAGES lists them.

Then each of the forms a journey does not submit is sent empty: it must answer 400
with the GOV.UK error summary, and that page too must pass axe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.insight.models import CinCensus, DataReturn, Function, Indicator, Priority
from masa.reviews import models as r
from tests import helpers as h
from tests.browser.conftest import finish, new_page, sign_in, submit, visit

NORTHBRIDGE = "northbridge"
# Who tries each page, in order: the business manager runs most of it; a data lead
# writes her own agency's returns; the police officer writes agency summaries and
# updates her actions; a practitioner reads the library.
PEOPLE = [h.BUSINESS_MANAGER, h.DATA_LEAD, h.POLICE_BOTH, h.PRACTITIONER]
NOT_PAGES = {
    "reviews:action-plan-xlsx",
    "reviews:action-plan-docx",
    "reviews:evidence-download",
    "reviews:evidence-accept",
    "reviews:briefing-pdf",
    "reviews:briefing-publish",
    "reviews:newsletter-publish",
    "reviews:rapid-review-open",  # a button on the incident page
    "insight:chart",
    "insight:return-template",
    "insight:return-start",  # a button on the returns list
}
# Records tried for a page with one `pk`, by the URL name's first word.
RECORDS: dict[str, type[Model]] = {
    "incident": r.Incident,
    "rapid": r.RapidReview,
    "summary": r.AgencySummary,
    "review": r.Review,
    "finding": r.Review,
    "recommendation": r.Recommendation,
    "action": r.Action,
    "sar": r.SarReferral,
    "reviewer": r.Reviewer,
    "theme": r.Theme,
    "briefing": r.Briefing,
    "newsletter": r.Newsletter,
    "library": r.LibraryItem,
    "return": DataReturn,
    "census": CinCensus,
}
# The pages named for one thing but keyed by another's pk.
KEYED_BY = {
    "reviews:rapid-review-open": r.Incident,
    "reviews:summary-request": r.RapidReview,
    "reviews:recommendation-new": r.Review,
    "reviews:action-new": r.Recommendation,
}
TRIES = 40  # records tried for each page, at most
# The forms a journey does not send, and the button that sends each.
EMPTY_FORMS = [
    ("/reviews/reviewers/new/", "Save the reviewer"),
    ("/reviews/themes/new/", "Save the theme"),
    ("/reviews/sar-referrals/new/", "Record the referral"),
    ("/reviews/pre-discussions/new/", "Record the pre-discussion"),
    ("/reviews/new/", None),
    ("/learning/newsletters/new/", "Save the newsletter"),
    ("/learning/library/new/", "Save the item"),
    ("/learning/briefings/new/", None),
    ("/insight/comparators/import/", "Import comparators"),
    ("/insight/census/upload/", "Import the census"),
]


@dataclass(frozen=True)
class Stop:
    name: str
    url: str
    email: str


def page_names() -> list[tuple[str, URLPattern]]:
    """Every URL name in the reviews and insight namespaces, with its pattern."""
    names: list[tuple[str, URLPattern]] = []
    resolver = get_resolver()
    for namespace in ("reviews", "insight"):
        _, inner = resolver.namespace_dict[namespace]
        for pattern in inner.url_patterns:
            if isinstance(pattern, URLPattern) and pattern.name:
                names.append((f"{namespace}:{pattern.name}", pattern))
    return names


def _pks(model: type[Model]) -> list[int]:
    records: Any = model._default_manager.all()
    field_names = {field.name for field in model._meta.get_fields()}
    if "partnership" in field_names:
        records = records.filter(partnership__slug=NORTHBRIDGE)
    elif "review" in field_names:
        records = records.filter(review__partnership__slug=NORTHBRIDGE)
    return list(records.order_by("pk").values_list("pk", flat=True)[:TRIES])


def candidates(name: str, pattern: URLPattern) -> Iterator[str]:
    """The URLs that might show the page `name`, one per demo record."""
    arguments = set(pattern.pattern.regex.groupindex)
    if not arguments:
        yield reverse(name)
    elif arguments == {"pk"}:
        model = KEYED_BY.get(name) or RECORDS[name.split(":")[1].split("-")[0]]
        for pk in _pks(model):
            yield reverse(name, kwargs={"pk": pk})
    elif arguments == {"pk", "delay_pk"}:
        yield from _children(name, r.ReviewDelay, "delay_pk")
    elif arguments == {"pk", "milestone_pk"}:
        yield from _children(name, r.Milestone, "milestone_pk")
    elif arguments == {"function"}:
        for function in Function.values:
            yield reverse(name, kwargs={"function": function})
    elif arguments == {"slug"}:
        for slug in Priority.objects.filter(partnership__slug=NORTHBRIDGE).values_list(
            "slug", flat=True
        )[:TRIES]:
            yield reverse(name, kwargs={"slug": slug})
    elif arguments == {"code"}:
        for code in Indicator.objects.filter(partnership__slug=NORTHBRIDGE).values_list(
            "code", flat=True
        )[:TRIES]:
            yield reverse(name, kwargs={"code": code})
    else:
        raise AssertionError(f"The tour does not know how to fill {name}: {arguments}")


def _children(name: str, model: type[Model], key: str) -> Iterator[str]:
    for child_pk, review_pk in (
        model._default_manager.filter(review__partnership__slug=NORTHBRIDGE)
        .order_by("pk")
        .values_list("pk", "review_id")[:TRIES]
    ):
        yield reverse(name, kwargs={"pk": review_pk, key: child_pk})


def plan(clients: Callable[[str], Client] = h.signed_in) -> tuple[list[Stop], list[str]]:
    """One stop per page (the first URL and person it answers 200 for), and the names
    of the pages no demo record reached."""
    signed_in = {email: clients(email) for email in PEOPLE}
    stops: list[Stop] = []
    unreached: list[str] = []
    for name, pattern in page_names():
        if name in NOT_PAGES:
            continue
        stop = _first_page(name, candidates(name, pattern), signed_in)
        if stop is None:
            unreached.append(name)
        else:
            stops.append(stop)
    return stops, unreached


def _first_page(name: str, urls: Iterable[str], signed_in: dict[str, Client]) -> Stop | None:
    for url in urls:
        for email, client in signed_in.items():
            response = client.get(url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                return Stop(name, url, email)
    return None


def test_every_case_review_and_insight_page_passes_axe(
    browser: Browser, live_server: LiveServer, demo: None
) -> None:
    stops, unreached = plan()
    assert not unreached, f"No demo record shows these pages; give the demo one: {unreached}"
    pages: dict[str, Page] = {}
    for stop in stops:
        if stop.email not in pages:
            _, pages[stop.email] = new_page(browser)
            sign_in(pages[stop.email], live_server, stop.email)
        visit(pages[stop.email], live_server, stop.url)
    for page in pages.values():
        finish(page)
    # Every named page was visited: the reviews home, forms and figures alike.
    assert len(stops) + len(NOT_PAGES) == len(page_names())


def test_empty_forms_show_the_error_summary(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    sign_in(page, live_server, h.BUSINESS_MANAGER)
    for url, button in EMPTY_FORMS:
        visit(page, live_server, url)
        form = page.locator("main form[method='post']").last
        if button is None:
            button = form.locator("button[type='submit']").last.inner_text().strip()
        submit(page, button, within=form, status=400)
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_be_visible()
        expect(summary.get_by_role("heading")).to_have_text("There is a problem")
        # Each message in the summary links to the field it is about.
        links = summary.locator("a")
        assert links.count() >= 1, url
        for index in range(links.count()):
            target = (links.nth(index).get_attribute("href") or "").lstrip("#")
            assert page.locator(f"[id='{target}']").count() == 1, f"{url}: #{target}"
