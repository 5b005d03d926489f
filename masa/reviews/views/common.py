"""What the case review pages share: the clock on a due date, a row with its clock, a
form page that runs a service, paging, and the page that corrects a recorded date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from masa.core import audit, clocks, pages
from masa.core.models import Agency, Partnership
from masa.core.types import ActingRequest
from masa.reviews import selectors
from masa.reviews.forms_casework.dates import DateCorrectionForm
from masa.reviews.models import Incident, Review, Subject
from masa.reviews.services import dates as dates_services

FORM_PAGE = pages.FORM_STEP


NEEDS_REVIEWER = (Review.Kind.LCSPR, Review.Kind.SAR)


PAGE_SIZE = 50


SUMMARY = ("agency", "rapid_review__incident", "author", "requested_by")


def _today() -> datetime.date:
    return timezone.localdate()


def _agencies(partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.filter(
        partnershipagency__partnership=partnership, is_active=True
    ).order_by("name")


def _shown(request: ActingRequest, subject: Subject | None) -> None:
    """Every page that shows a subject's details leaves a view event."""
    if subject is not None:
        audit.record_view(request.acting, subject)


@dataclass(frozen=True)
class Clock:
    """A due date and where it stands (due, due soon, overdue, met in time, met late)."""

    due: datetime.date | None
    status: clocks.TimescaleStatus | None
    done: datetime.date | None = None


def _clock(due: datetime.date | None, done: datetime.date | None, today: datetime.date) -> Clock:
    if due is None:
        return Clock(None, None, done)
    return Clock(due, clocks.timescale_status(due=due, today=today, completed=done), done)


def _late_by(due: datetime.date, today: datetime.date) -> int:
    """Working days past the due date."""
    return clocks.working_days_between(due, today)


@dataclass(frozen=True)
class Row:
    """A record in a list, with its clock."""

    record: Any
    clock: Clock


def _review_clock(review: Review, today: datetime.date) -> Clock:
    return Clock(
        review.target_on,
        selectors.review_target_status(review, today=today),
        review.signed_off_on,
    )


def _page(request: ActingRequest, records: Any) -> Any:
    return Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))


def _date_correct_page(
    request: ActingRequest,
    record: Incident | Review,
    correct: Callable[..., object],
    *,
    back: str,
    caption: str,
    where: str,
) -> HttpResponse:
    """The "Correct a recorded date" page of an incident or a review: `correct` is the
    service, called with the date chosen, the correct date and the reason."""
    form = DateCorrectionForm(pages.posted(request), recorded=dates_services.recorded_dates(record))
    return pages.form_step(
        request,
        form,
        lambda: correct(acting=request.acting, **form.cleaned_data),
        done="The date is corrected. The date it replaces is kept in the history.",
        to=back,
        back=back,
        title=f"Correct a date: {record.reference}",
        caption=caption,
        button="Correct the date",
        intro=(
            "A date recorded in error is corrected here, with the reason. The history of "
            f"corrections stays on the {where}, and the clocks that run from the date move "
            "with it.",
        ),
    )
