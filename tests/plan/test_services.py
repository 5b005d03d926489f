"""The plan's services and pages: the one list edited in the service with its links,
quarterly progress once a quarter, delivery actions with the priority as source, the
"little or no evidence of progress" flag from actions and indicators, and the plan's
table on its page and in Word."""

from __future__ import annotations

import datetime
import io
from typing import Any

import docx
import openpyxl  # type: ignore[import-untyped]
import pytest
from django.urls import reverse
from django.utils import timezone

from masa.actions import services as action_services
from masa.actions.models import Action, SourceKind
from masa.core.acting import Acting
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import Agency, AuditEvent
from masa.insight import periods as insight_periods
from masa.insight.models import Polarity
from masa.plan import selectors, services
from masa.plan.models import Priority, ProgressUpdate
from masa.reviews.models import Theme as ReviewTheme
from tests import helpers as h
from tests.insight import factories as insight_f
from tests.plan import factories as plan_f

pytestmark = pytest.mark.usefixtures("demo")
D = datetime.date


def manager() -> Acting:
    return h.acting(h.BUSINESS_MANAGER)


def test_the_business_unit_adds_a_priority_with_its_indicators_and_themes() -> None:
    period = plan_f.period()
    indicator = insight_f.indicator(name="Zq neglect plans")
    theme = ReviewTheme.objects.create(partnership=period.partnership, name="Zq neglect theme")
    priority = services.priority_add(
        acting=manager(),
        period=period,
        links={"indicators": [indicator], "review_themes": [theme]},
        name="Zq Neglect",
        summary="Zq: to improve oversight of neglect",
        reason="Zq: the most common category",
        lead_group="Zq neglect subgroup",
    )
    assert list(indicator.priorities.all()) == [priority]
    assert list(theme.priorities.all()) == [priority]
    assert priority.slug == "zq-neglect"
    event = AuditEvent.objects.get(verb="priority.add", target_id=str(priority.pk))
    assert event.changes["indicators"]["old"] is None
    assert event.changes["indicators"]["new"][0].startswith("Zq neglect plans")
    with pytest.raises(ServiceError, match="already has the priority"):
        services.priority_add(acting=manager(), period=period, name="zq neglect")
    with pytest.raises(NotAllowed):
        services.priority_add(acting=h.acting(h.SUBGROUP_CHAIR), period=period, name="Zq other")


def test_a_priority_may_not_link_another_partnerships_indicator() -> None:
    period = plan_f.period()
    theirs = insight_f.indicator("southmoor", name="Zq Southmoor figure")
    with pytest.raises(ServiceError, match="of this partnership"):
        services.priority_add(
            acting=manager(), period=period, links={"indicators": [theirs]}, name="Zq mixed"
        )


def test_progress_is_written_once_a_quarter_by_the_lead() -> None:
    chair = h.person(h.SUBGROUP_CHAIR)
    led = plan_f.priority(name="Zq led", lead_officer=chair)
    other = plan_f.priority(name="Zq not led")
    year = led.period.starts_on.year
    values: dict[str, Any] = {
        "year": year,
        "quarter": 2,
        "what_we_did": "Zq did",
        "impact": "Zq impact",
    }
    update = services.progress_add(acting=h.acting(h.SUBGROUP_CHAIR), priority=led, **values)
    assert update.author == chair
    with pytest.raises(ServiceError, match="already has its progress"):
        services.progress_add(acting=h.acting(h.SUBGROUP_CHAIR), priority=led, **values)
    assert ProgressUpdate.objects.filter(priority=led).count() == 1
    with pytest.raises(NotAllowed):
        services.progress_add(acting=h.acting(h.SUBGROUP_CHAIR), priority=other, **values)
    with pytest.raises(ServiceError, match="Choose a year of the plan"):
        services.progress_add(acting=manager(), priority=other, **{**values, "year": 1999})


def test_the_quarterly_update_page_saves_one_update_and_shows_it_on_the_priority() -> None:
    priority = plan_f.priority(name="Zq page")
    client = h.signed_in(h.BUSINESS_MANAGER)
    url = reverse("plan:progress-new", args=[priority.pk])
    empty = client.post(url, {"year": str(priority.period.starts_on.year), "quarter": "1"})
    assert empty.status_code == 400
    assert "Say what was done this quarter" in empty.content.decode()
    data = {
        "year": str(priority.period.starts_on.year),
        "quarter": "1",
        "what_we_did": "Zq: launched the toolkit",
        "impact": "Zq: practitioners use it",
        "challenges": "Zq: capacity",
        "next_steps": "Zq: train more",
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400
    assert ProgressUpdate.objects.filter(priority=priority).count() == 1
    page = client.get(reverse("plan:priority", args=[priority.pk])).content.decode()
    assert "Zq: launched the toolkit" in page
    assert "Zq: capacity" in page


def test_a_delivery_action_has_the_priority_as_source_and_serves_it() -> None:
    priority = plan_f.priority(name="Zq delivery")
    police = Agency.objects.get(name="Mercia Vale Police")
    action = services.delivery_action_add(
        acting=manager(),
        priority=priority,
        owner_agency=police,
        what="Zq: commission the needs assessment",
        measure_of_success="Zq: agreed",
        due_on=D(2031, 1, 1),
    )
    assert (action.source_kind, action.plan_item, action.serves) == (
        SourceKind.PLAN_ITEM,
        priority,
        priority,
    )
    with pytest.raises(NotAllowed):
        services.delivery_action_add(
            acting=h.acting(h.SUBGROUP_MEMBER),
            priority=priority,
            owner_agency=police,
            what="Zq: not theirs",
            measure_of_success="x",
            due_on=D(2031, 1, 1),
        )
    page = h.signed_in(h.EXECUTIVE).get(reverse("plan:priority", args=[priority.pk]))
    assert "Zq: commission the needs assessment" in page.content.decode()


def test_little_or_no_evidence_of_progress_until_an_action_is_completed() -> None:
    today = timezone.localdate()
    period = plan_f.period()
    period.starts_on = today - datetime.timedelta(days=400)
    period.save()
    priority = plan_f.priority(name="Zq stalled")
    assert selectors.progress_of([priority], today)[priority.pk].flagged
    action = services.delivery_action_add(
        acting=manager(),
        priority=priority,
        owner_agency=Agency.objects.get(name="Mercia Vale Police"),
        what="Zq: relaunch the panel",
        measure_of_success="Zq: meets monthly",
        due_on=today + datetime.timedelta(days=30),
    )
    for status in (Action.Status.ON_TRACK, Action.Status.COMPLETED):
        action_services.action_update(
            acting=manager(), action=action, status=status, progress="Zq: under way"
        )
    shown = selectors.progress_of([Priority.objects.get(pk=priority.pk)], today)[priority.pk]
    assert (shown.actions_completed, shown.flagged) == (1, False)


def test_an_improving_outcome_indicator_is_evidence_of_progress() -> None:
    today = timezone.localdate()
    period = plan_f.period()
    period.starts_on = today - datetime.timedelta(days=400)
    period.save()
    priority = plan_f.priority(name="Zq improving")
    falling = insight_f.indicator(name="Zq repeat plans", polarity=Polarity.LOWER)
    priority.indicators.add(falling)
    last = insight_periods.last_ended_quarter(today)
    insight_f.measurement(falling, last, 10)
    insight_f.measurement(
        falling, insight_periods.quarter(last.financial_year - 1, last.quarter), 20
    )
    shown = selectors.progress_of([priority], today)[priority.pk]
    assert (shown.indicators_improved, shown.flagged) == (1, False)
    page = h.signed_in(h.DATA_LEAD).get(reverse("plan:priority", args=[priority.pk]))
    assert "Improved this year" in page.content.decode()


def test_the_plan_page_and_word_show_the_seed_table() -> None:
    plan = plan_f.plan()
    ambition = plan_f.ambition(title="Zq governance", description="Zq: review the vision")
    plan_f.priority(name="Zq CSA", ambition=ambition, reason="Zq: under-reporting")
    client = h.signed_in(h.EXECUTIVE)
    page = client.get(reverse("plan:plan")).content.decode()
    for text in (
        "Description",
        "Reason",
        "Impact",
        "Zq governance",
        "Zq CSA",
        "Zq: under-reporting",
    ):
        assert text in page
    word = client.get(reverse("plan:plan-docx"))
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.content))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert any("Zq CSA" in text for text in cells)
    assert any("Zq: review the vision" in text for text in cells)
    assert plan.title == document.paragraphs[0].text


def test_editing_a_priority_through_its_page_keeps_its_address() -> None:
    priority = plan_f.priority(name="Zq rename me", slug="zq-rename-me")
    client = h.signed_in(h.BUSINESS_UNIT_OFFICER)
    url = reverse("plan:priority-edit", args=[priority.pk])
    assert client.post(url, {"name": ""}).status_code == 400
    saved = client.post(url, {"name": "Zq renamed", "number": "3", "impact": "Zq: fewer plans"})
    assert saved.status_code == 302
    priority.refresh_from_db()
    assert (priority.name, priority.slug, priority.number) == ("Zq renamed", "zq-rename-me", 3)


def test_the_list_of_priorities_downloads_as_csv_and_excel_with_progress() -> None:
    plan_f.priority(name="=Zq formula-looking", lead_group="Zq subgroup")
    client = h.signed_in(h.SCRUTINEER)
    text = client.get(reverse("plan:priorities-csv")).content.decode()
    assert text.splitlines()[0].startswith("Number,Priority,Ambition")
    assert "'=Zq formula-looking" in text
    workbook = client.get(reverse("plan:priorities-xlsx"))
    assert workbook.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert "=Zq formula-looking" in names
