"""A quarterly return submitted several times at once (a double click, two tabs), on
PostgreSQL: one new version, and every other copy is told the return was submitted
while it was being checked, as the page says it. The draft is not lost."""

from __future__ import annotations

import pytest

from masa.core.errors import ServiceError
from masa.insight import selectors, services
from masa.insight.models import DataReturn, ReturnSubmission
from tests import helpers as h
from tests.concurrency import at_once
from tests.insight.test_returns_services import after, fill, moment, opened

COPIES = 6


@pytest.mark.postgres
def test_a_return_submitted_at_once_makes_one_version(flushable_db: None) -> None:
    draft = opened()
    fill(draft)
    period = selectors.return_period(draft)
    data_lead = h.acting(h.DATA_LEAD)

    def submit() -> ReturnSubmission:
        # As the check page posts it: the version the data lead was looking at.
        return services.return_submit(
            acting=data_lead, data_return=draft, expected_version=0, now=moment(after(period))
        )

    outcomes = at_once(submit, COPIES)

    assert len(outcomes.returned) == 1
    assert len(outcomes.raised) == COPIES - 1
    for error in outcomes.raised:
        assert isinstance(error, ServiceError), repr(error)
        assert "while you were checking it (version 1)" in str(error)
    assert ReturnSubmission.objects.filter(data_return=draft).count() == 1
    assert DataReturn.objects.get(pk=draft.pk).version == 1
