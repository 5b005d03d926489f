"""Every page of the service, in a real browser, checked with axe.

The journeys walk the main flows; this tour makes sure no page is left out. For each
URL name in the service's namespaces it finds, with Django's test client, the first demo
record (in a state that shows the page) and the first demo person, in the order below,
for which the page answers 200; then it loads that page in Chromium and checks it
(axe's WCAG 2.2 A and AA rules, console errors, CSP). A page the demo cannot reach
fails the tour, so a new page cannot slip past unchecked: give the demo a record that
shows it. Files (workbooks, documents, PDFs, CSVs, SVGs, evidence), buttons that post
straight to a step and the sign-in pages are not toured: NOT_PAGES lists them.

Then each of the forms a journey does not submit is sent empty: it must answer 400
with the GOV.UK error summary, each message linking to its field, and that page too
must pass axe.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from masa.actions.models import Action
from masa.audits import models as au
from masa.core import notify
from masa.core.models import Membership, Notification, PartnershipAgency
from masa.core.navigation import SECTIONS
from masa.core.timescales import DEFAULTS
from masa.engagement.models import Entry
from masa.finance.models import Contribution
from masa.frontdoor import models as fd
from masa.governance import models as gv
from masa.insight.models import CinCensus, DataReturn, Function, Indicator, Priority
from masa.learning import models as ln
from masa.learning.models import EvaluationStage, NeedsSurvey
from masa.plan import models as pl
from masa.reviews import models as r
from tests import helpers as h
from tests.browser.conftest import finish, new_page, sign_in, submit, visit

NORTHBRIDGE = "northbridge"
NAMESPACES = (
    "core",
    "frontdoor",
    "learning",
    "insight",
    "reviews",
    "actions",
    "people",
    "governance",
    "plan",
    "finance",
    "engagement",
    "audits",
)
# Who tries each page, in order, until one may see it: the business manager runs most
# of it; the MASH manager and practitioner work the front door; a practitioner refers,
# books training and reads the library; a data lead writes her agency's returns; the
# police officer writes agency summaries and updates her actions; the trainer keeps
# registers; the system administrator keeps the people and the timescales.
PEOPLE = [
    h.BUSINESS_MANAGER,
    h.MASH_MANAGER,
    h.MASH_PRACTITIONER,
    h.PRACTITIONER,
    h.DATA_LEAD,
    h.POLICE_BOTH,
    h.TRAINER,
    h.SYSADMIN,
]
NOT_PAGES = {
    # Files: workbooks, documents, PDFs, CSVs, SVGs, evidence.
    "governance:risks-xlsx",
    # The independent scrutineer's own forms: the tour signs in as no scrutineer, and
    # tests/governance/test_access_risks.py checks who may open them (not yet axe-checked).
    "governance:scrutiny-plan-new",
    "governance:scrutiny-activity-new",
    "governance:scrutiny-findings",
    "governance:scrutiny-recommendation-new",
    "core:audit-export",
    "frontdoor:figures-csv",
    "learning:certificate",
    "learning:reports-xlsx",
    "actions:action-plan-xlsx",
    "actions:action-plan-docx",
    "plan:plan-docx",
    "plan:priorities-csv",
    "plan:priorities-xlsx",
    "actions:evidence-download",
    "reviews:review-document",
    "reviews:briefing-pdf",
    "insight:chart",
    "insight:return-template",
    "governance:meeting-ics",
    "governance:attendance-csv",
    "governance:attendance-xlsx",
    "governance:decisions-csv",
    "governance:decisions-xlsx",
    "governance:paper",
    "governance:terms",
    "governance:feed",  # the secret calendar feed (test_calendar.py)
    "finance:summary-xlsx",
    "finance:summary-csv",
    "engagement:file",
    "engagement:counts-csv",
    "audits:grades-csv",
    "audits:grades-xlsx",
    "audits:round-report-docx",
    "governance:highlight-docx",
    # Buttons that post straight to a step.
    "actions:evidence-accept",
    "reviews:briefing-publish",
    "reviews:newsletter-publish",
    "reviews:rapid-review-open",  # on the incident page
    "insight:return-start",  # on the returns list
    "insight:completeness-remind",  # beside a late agency on the completeness page
    "frontdoor:contact-start",  # on the contact page
    "governance:member-confirm",  # beside a deputy on the group's page
    "governance:member-leave",  # beside a member on the group's page
    "governance:papers-publish",  # on the meeting's page
    "governance:feed-renew",  # on My meetings
    "governance:feed-stop",  # on My meetings
    "governance:highlight-send",  # on the highlight report's page
    "learning:booking-accept",  # on the booking page, for a place offered
    # Signing in and out, and the machine's own: the foundation journeys walk the pages.
    "core:sign-in",
    "core:two-factor",
    "core:two-factor-setup",
    "core:sign-out",
    "core:timed-out",
    "core:keep-alive",
    "core:switch-partnership",
    "core:healthz",
    "core:kept",  # only after a time-out: test_kept_journey walks it
    # Links from an email, with a token: tests/people walks them through real forms.
    "people:password-reset-confirm",
    "people:invitation",
}
# The record whose pk each page takes, and which of them to try (a draft for the
# referral form's sections, a contact still being worked, a named person's booking).
IN_PEOPLE = {"learner__email__in": PEOPLE}
OPEN_CONTACT = {"status__in": ["new", "in_progress", "awaiting_checks"]}
REFERRAL_PAGES = (
    "referral-delete urgency children child-add child-edit child-remove household "
    "household-add household-edit household-remove referrer concern consent dash check"
)
Records = type[Model] | tuple[type[Model], dict[str, Any]]
RECORDS: dict[str, Records] = {
    # A person's page is their membership of the partnership.
    "core:person": Membership,
    "core:membership-edit": Membership,
    # An email is read by the person it was sent to.
    "core:notification": (Notification, {"recipient__email__in": PEOPLE}),
    **{
        f"frontdoor:{name}": (fd.Referral, {"status": fd.Referral.Status.DRAFT})
        for name in REFERRAL_PAGES.split()
    },
    "frontdoor:referral": fd.Referral,
    "frontdoor:sent": fd.Referral,
    "frontdoor:contact": fd.Contact,
    **{
        f"frontdoor:{name}": (fd.Contact, OPEN_CONTACT)
        for name in ["contact-rate", "contact-link", "check-request", "contact-decide"]
    },
    "frontdoor:contact-sign-off": (fd.Contact, {"status": "awaiting_manager"}),
    "frontdoor:child": fd.Child,
    "frontdoor:check-respond": fd.PartnerCheck,
    "frontdoor:check-withdraw": (fd.PartnerCheck, {"status": "requested"}),
    **{
        f"learning:{name}": ln.Course
        for name in ["course", "course-edit", "event-new", "recording"]
    },
    **{
        f"learning:{name}": ln.Event
        for name in ["event", "event-book", "event-cancel", "register", "attendance-import"]
    },
    **{f"learning:{name}": ln.Booking for name in ["booking", "booking-cancel"]},
    "learning:booking-substitute": (ln.Booking, {"status": "confirmed", **IN_PEOPLE}),
    "learning:evaluation": (ln.Booking, {"status": "confirmed", **IN_PEOPLE}),
    # The line manager's pages: a named person's place to approve, their six-month view.
    "learning:booking-approve": (
        ln.Booking,
        {"status": "awaiting_approval", "line_manager__email__in": PEOPLE},
    ),
    "learning:evaluation-manager": (
        ln.Booking,
        {"status": "confirmed", "line_manager__email__in": PEOPLE},
    ),
    **{f"insight:{name}": DataReturn for name in ["return", "return-check", "return-history"]},
    "insight:return-upload": DataReturn,
    "insight:census": CinCensus,
    **{
        f"reviews:{name}": r.Incident
        for name in [
            "incident",
            "incident-notifications",
            "incident-date-correct",
            "rapid-review-open",
        ]
    },
    **{
        f"reviews:{name}": r.RapidReview
        for name in [
            "rapid-review",
            "summary-request",
            "rapid-review-meeting",
            "rapid-review-decision",
            "rapid-review-sent",
            "rapid-review-response",
        ]
    },
    "reviews:summary": r.AgencySummary,
    **{
        f"reviews:{name}": r.Review
        for name in [
            "review",
            "review-edit",
            "review-date-correct",
            "review-commission",
            "review-start",
            "review-delay",
            "review-milestone",
            "review-draft",
            "review-sign-off",
            "review-publish",
            "review-not-publish",
            "review-copy",
            "review-document-new",
            "review-recommendations",
            "finding-new",
            "recommendation-new",
        ]
    },
    "reviews:sar-referral": r.SarReferral,
    "reviews:sar-referral-decide": r.SarReferral,
    "reviews:reviewer-edit": r.Reviewer,
    "reviews:theme-edit": r.Theme,
    "reviews:recommendation-impact": r.Recommendation,
    "actions:action-new": r.Recommendation,
    **{f"actions:{name}": Action for name in ["action", "action-update", "action-close"]},
    **{f"reviews:{name}": r.Briefing for name in ["briefing", "briefing-edit"]},
    **{f"reviews:{name}": r.Newsletter for name in ["newsletter", "newsletter-edit"]},
    "reviews:library-item-edit": r.LibraryItem,
    **{f"people:{name}": Membership for name in ["person-leave", "person-move"]},
    "people:agency-edit": PartnershipAgency,
    **{
        f"governance:{name}": gv.Group
        for name in [
            "group",
            "group-edit",
            "member-new",
            "meeting-new",
            "terms-new",
            "highlight-new",
        ]
    },
    **{
        f"governance:{name}": gv.Meeting
        for name in [
            "meeting",
            "item-new",
            "paper-new",
            "attendance",
            "decision-new",
            "minutes",
            "action-new",
        ]
    },
    "governance:minutes-approve": (gv.Meeting, {"minutes_status": "draft"}),
    **{f"governance:{name}": gv.Risk for name in ["risk", "risk-edit", "risk-review"]},
    "governance:risk-action-new": gv.Risk,
    "governance:escalation-stage-edit": gv.EscalationStage,
    **{
        f"governance:{name}": gv.Escalation
        for name in [
            "escalation",
            "escalation-respond",
            "escalation-escalate",
            "escalation-resolve",
        ]
    },
    **{
        f"governance:{name}": gv.ScrutinyPlan for name in ["scrutiny-plan", "scrutiny-activity-new"]
    },
    **{
        f"governance:{name}": gv.ScrutinyActivity
        for name in ["scrutiny-activity", "scrutiny-findings", "scrutiny-recommendation-new"]
    },
    **{
        f"governance:{name}": gv.ScrutinyRecommendation
        for name in ["scrutiny-recommendation", "scrutiny-decide", "scrutiny-action-new"]
    },
    **{f"plan:{name}": pl.StrategicPlan for name in ["plan-edit", "ambition-new"]},
    "plan:ambition-edit": pl.Ambition,
    "plan:improvement-edit": pl.ImprovementArea,
    "plan:priority-new": pl.PlanPeriod,
    **{
        f"plan:{name}": pl.Priority
        for name in ["priority", "priority-edit", "strategy-new", "progress-new", "action-new"]
    },
    "engagement:entry": Entry,
    "engagement:outcome": Entry,
    "finance:contribution": Contribution,
    **{
        f"audits:{name}": (au.Round, {"status": "open", "imported": False})
        for name in ["round", "round-report", "round-close", "round-question-new", "case-new"]
    },
    **{
        f"audits:{name}": (au.Case, {"round__status": "open", "round__imported": False})
        for name in ["case", "case-grade", "concern-new", "action-new"]
    },
    "audits:agency-audit": (au.AgencyAudit, {"case__partnership__slug": NORTHBRIDGE}),
    "audits:concern-answer": (au.UrgentConcern, {"responded_on__isnull": True}),
    **{f"governance:{name}": gv.HighlightReport for name in ["highlight", "highlight-edit"]},
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
    ("/agencies/new/", "Add the agency"),
    ("/people/invite/", "Send the invitation"),
    ("/governance/groups/new/", "Set up the group"),
    ("/plan/improvements/new/", "Add"),
    ("/plan/new/", "Start the plan"),
    ("/money/import/", "Import the file"),
    ("/money/in-kind/new/", "Record the contribution"),
    ("/money/lines/new/", "Add the line"),
    ("/engagement/new/", "Add the entry"),
    ("/audits/rounds/new/", "Add the round"),
    ("/audits/grades/import/", "Import the grades"),
]


@dataclass(frozen=True)
class Stop:
    name: str
    url: str
    email: str


def page_names() -> list[tuple[str, URLPattern]]:
    """Every URL name in the service's namespaces, with its pattern."""
    names: list[tuple[str, URLPattern]] = []
    resolver = get_resolver()
    for namespace in NAMESPACES:
        _, inner = resolver.namespace_dict[namespace]
        for pattern in inner.url_patterns:
            if isinstance(pattern, URLPattern) and pattern.name:
                names.append((f"{namespace}:{pattern.name}", pattern))
    return names


def _pks(records_of: Records) -> list[int]:
    model, only = records_of if isinstance(records_of, tuple) else (records_of, {})
    records: Any = model._default_manager.filter(**only)
    field_names = {field.name for field in model._meta.get_fields()}
    if "partnership" in field_names:
        records = records.filter(partnership__slug=NORTHBRIDGE)
    elif "review" in field_names:
        records = records.filter(review__partnership__slug=NORTHBRIDGE)
    return list(records.order_by("pk").values_list("pk", flat=True)[:TRIES])


def _values(name: str, argument: str) -> Iterable[Any]:
    """What each argument but `pk` may be."""
    if argument == "index":
        return range(3)
    if argument == "stage":
        return EvaluationStage.values
    if argument == "year":
        return NeedsSurvey.objects.filter(partnership__slug=NORTHBRIDGE).values_list(
            "year", flat=True
        )
    if argument == "code":
        if name == "core:timescale-edit":
            return sorted(DEFAULTS)
        return Indicator.objects.filter(partnership__slug=NORTHBRIDGE).values_list(
            "code", flat=True
        )[:TRIES]
    if argument == "section":
        return [section.slug for section in SECTIONS.values()]
    if argument == "function":
        return Function.values
    if argument == "slug":
        return Priority.objects.filter(partnership__slug=NORTHBRIDGE).values_list(
            "slug", flat=True
        )[:TRIES]
    raise AssertionError(f"The tour does not know how to fill {name}: {argument}")


def candidates(name: str, pattern: URLPattern) -> Iterator[str]:
    """The URLs that might show the page `name`, one per demo record."""
    arguments = list(pattern.pattern.regex.groupindex)
    if arguments == ["pk", "delay_pk"]:
        yield from _children(name, r.ReviewDelay, "delay_pk")
        return
    if arguments == ["pk", "milestone_pk"]:
        yield from _children(name, r.Milestone, "milestone_pk")
        return
    choices: list[Iterable[Any]] = [
        _pks(RECORDS[name]) if argument == "pk" else _values(name, argument)
        for argument in arguments
    ]
    for values in itertools.product(*choices):
        yield reverse(name, kwargs=dict(zip(arguments, values, strict=True)))


def _children(name: str, model: type[Model], key: str) -> Iterator[str]:
    for child_pk, review_pk in (
        model._default_manager.filter(review__partnership__slug=NORTHBRIDGE)
        .order_by("pk")
        .values_list("pk", "review_id")[:TRIES]
    ):
        yield reverse(name, kwargs={"pk": review_pk, key: child_pk})


def plan() -> tuple[list[Stop], list[str]]:
    """One stop per page (the first URL and person it answers 200 for), and the names
    of the pages no demo record reached."""
    signed_in = {email: h.signed_in(email) for email in PEOPLE}
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


def _an_email_to_read() -> None:
    """An email to a person on the tour, if the demo has sent none (its apps send
    them as people work: a referral acknowledged, a place booked)."""
    manager = h.membership(h.BUSINESS_MANAGER)
    if not Notification.objects.filter(recipient=manager.person).exists():
        notify.send(
            "core/test",
            [manager.person],
            {"thing": "the tour", "link": notify.link("core:home")},
            partnership=manager.partnership,
        )


def test_every_page_passes_axe(browser: Browser, live_server: LiveServer, demo: None) -> None:
    _an_email_to_read()
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
    # Every named page was visited: lists, records, forms and figures alike.
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
