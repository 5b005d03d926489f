"""The case review group's casework starts here: the case reviews home, the overdue
dashboard and the subjects' profile. The rest is by sub-area, in this package:
`incidents` (serious incidents, pre-discussions), `rapid_reviews` (with the agency
summaries they ask for), `reviews` (every kind and every step, documents, sign-off),
`sar` (SAR referrals), `pool` (the reviewer pool, the themes); `common` holds what
they share.

Who sees what (masa/reviews/policies.py):
* records and subject details: the case review group (review.view at partnership scope);
  changes need review.manage; every page that shows a subject writes a view event;
* the executive (review.view aggregate): the home page's counts, the overdue dashboard
  (references, no subjects), the profile with small numbers suppressed, and the sign-off
  of reviews (recommendation.sign_off);
* an agency asked for a summary: that request only, never the rest of the review.

Views are thin: they ask a policy, call a selector or a service, and render.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from masa.core import pages
from masa.core.figures import SUPPRESSION_NOTE, bar_chart, count_cell
from masa.core.types import ActingRequest
from masa.reviews import policies, selectors
from masa.reviews.models import Review, ReviewDelay, Subject
from masa.reviews.views.common import Row, _clock, _late_by, _review_clock, _today


@pages.guard(policies.reviews, "see_figures")
@require_GET
def home(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    today = _today()
    group = policies.sees_subject_details(request.acting)
    work = selectors.open_casework(partnership)
    context: dict[str, Any] = {
        "group": group,
        "can_manage": policies.runs_reviews(request.acting),
        "counts": work.counts,
        "overdue": selectors.overdue_items(partnership, today=today).counts,
        "sign_off": list(
            selectors.sign_off_reviews(request.acting).filter(status=Review.Status.DRAFT_RECEIVED)
        ),
        "sees_summaries": policies.sees_agency_summaries(request.acting),
        "page_title": "Case reviews",
    }
    if group:
        context.update(
            incidents=[Row(i, _clock(i.notification_due_on, None, today)) for i in work.incidents],
            rapid_reviews=[
                Row(r, _clock(r.due_on, r.decided_on, today)) for r in work.rapid_reviews
            ],
            summaries=[
                Row(s, _clock(s.due_on, s.submitted_on, today)) for s in work.agency_summaries
            ],
            reviews=[Row(r, _review_clock(r, today)) for r in work.reviews],
            sar_referrals=list(work.sar_referrals),
        )
    return render(request, "reviews/casework/home.html", context)


@dataclass(frozen=True)
class Late:
    """Something past its due date, and by how many working days."""

    record: Any
    due: datetime.date
    late_by: int


@dataclass(frozen=True)
class Paused:
    review: Review
    delay: ReviewDelay | None
    days: int  # calendar days paused so far


@pages.guard(policies.reviews, "see_figures")
@require_GET
def overdue(request: ActingRequest) -> HttpResponse:
    partnership = request.acting.partnership
    today = _today()
    items = selectors.overdue_items(partnership, today=today)
    paused: list[Paused] = []
    for review in selectors.paused_reviews(partnership):
        open_delays: list[ReviewDelay] = getattr(review, "open_delays", [])
        delay = open_delays[0] if open_delays else None
        days = max(0, (today - delay.started_on).days) if delay else 0
        paused.append(Paused(review, delay, days))
    counts = items.counts
    return render(
        request,
        "reviews/casework/overdue.html",
        {
            "group": policies.sees_subject_details(request.acting),
            "counts": counts,
            "total": sum(counts.values()),
            "incidents": [
                Late(i, i.notification_due_on, _late_by(i.notification_due_on, today))
                for i in items.incidents
            ],
            "rapid_reviews": [
                Late(r, r.due_on, _late_by(r.due_on, today)) for r in items.rapid_reviews
            ],
            "summaries": [
                Late(s, s.due_on, _late_by(s.due_on, today)) for s in items.agency_summaries
            ],
            "reviews": [
                Late(r, r.target_on, _late_by(r.target_on, today))
                for r in items.reviews
                if r.target_on is not None
            ],
            "paused": paused,
            "today": today,
            "page_title": "Overdue casework",
        },
    )


@pages.guard(policies.reviews, "see_figures")
@require_GET
def profile(request: ActingRequest) -> HttpResponse:
    # The case review group sees its own records, so exact figures; anyone else
    # (the executive) sees counts of 1 to 4 as [c].
    publish = not policies.sees_subject_details(request.acting)
    tables = [
        dataclasses.replace(table, chart=bar_chart(table.caption, table, [0]))
        for table in selectors.subject_profile(request.acting.partnership, publish=publish)
    ]
    total = Subject.objects.filter(partnership=request.acting.partnership).count()
    return render(
        request,
        "reviews/casework/profile.html",
        {
            "tables": tables,
            "total": count_cell(total, publish).text,
            "publish": publish,
            "suppression_note": SUPPRESSION_NOTE,
            "page_title": "Who the reviews are about",
        },
    )
