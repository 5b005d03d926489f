"""An action's source (a review's recommendation today): the record, its label and link,
the database refusing an action without the source of its kind, and the combined action
plan filtered by source on its page (a GET form that works without JavaScript), in its
selector and in its exports' filters line."""

from __future__ import annotations

import datetime
import io
from typing import Any

import docx
import openpyxl  # type: ignore[import-untyped]
import pytest
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey
from django.urls import reverse

from masa.actions import selectors
from masa.actions.forms import ActionPlanFilterForm
from masa.actions.models import SOURCE_FIELDS, Action, SourceKind
from masa.reviews.models import Review
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")
D = datetime.date


@pytest.fixture
def plan() -> dict[str, Any]:
    review = f.review(status=Review.Status.IN_PROGRESS)
    recommendation = f.recommendation(review, text="Zq: share what is known")
    action = f.action(recommendation, what="Zq: a sourced action")
    return {"review": review, "recommendation": recommendation, "action": action}


def test_an_action_names_its_source_and_links_to_it(plan: dict[str, Any]) -> None:
    action, review = plan["action"], plan["review"]
    recommendation = plan["recommendation"]
    assert action.source_kind == SourceKind.RECOMMENDATION
    assert action.source == recommendation
    number = recommendation.number
    assert action.source_label == f"Review {review.reference}, recommendation {number}"
    assert action.source_url == reverse("reviews:review-recommendations", args=[review.pk])
    info = action.source_info
    assert (info.reference, info.part, info.text) == (
        review.reference,
        f"Recommendation {number}",
        "Zq: share what is known",
    )
    assert info.kind_label == "Case review recommendation"
    # Every kind of source has its own foreign key on the action.
    assert set(SOURCE_FIELDS) == set(SourceKind.values)
    for name in SOURCE_FIELDS.values():
        field = Action._meta.get_field(name)
        assert isinstance(field, ForeignKey)
        assert field.null


def test_the_database_refuses_an_action_without_the_source_of_its_kind(
    plan: dict[str, Any],
) -> None:
    action = plan["action"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(recommendation=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(source_kind="audit")
    action.refresh_from_db()
    assert action.recommendation_id == plan["recommendation"].pk


def test_the_action_page_shows_the_source(plan: dict[str, Any]) -> None:
    action, review = plan["action"], plan["review"]
    text = h.signed_in(h.BUSINESS_MANAGER).get(reverse("actions:action", args=[action.pk]))
    page = text.content.decode()
    assert "Case review recommendation" in page
    assert reverse("reviews:review-recommendations", args=[review.pk]) in page
    assert "Zq: share what is known" in page


def test_the_plan_selector_filters_by_source(plan: dict[str, Any]) -> None:
    reader = h.acting(h.BUSINESS_MANAGER)
    action = plan["action"]
    by_source = selectors.action_plan(reader, source=SourceKind.RECOMMENDATION)
    assert by_source.filter(pk=action.pk).exists()
    # A kind with no actions (one that has no choice yet) finds none.
    assert not selectors.action_plan(reader, source="inspection").exists()
    # Every action is found under exactly one kind of source.
    counts = [selectors.action_plan(reader, source=kind).count() for kind in SourceKind.values]
    assert selectors.action_plan(reader).count() == sum(counts)
    by_meeting = selectors.action_plan(reader, source=SourceKind.MEETING)
    assert not by_meeting.filter(pk=action.pk).exists()
    assert all(found.meeting_id is not None for found in by_meeting)


def test_an_audit_cases_action_shows_its_round_as_its_source() -> None:
    from masa.actions.models import Action

    action = (
        Action.objects.filter(source_kind=SourceKind.AUDIT_CASE)
        .select_related("audit_case__round")
        .first()
    )
    assert action is not None
    round_ = action.audit_case.round if action.audit_case else None
    assert round_ is not None
    assert action.source_label.startswith(f"Audit round {round_.year} {round_.quarter}, case MAA-")
    page = h.signed_in(h.BUSINESS_MANAGER).get(reverse("actions:action", args=[action.pk]))
    assert reverse("audits:round", args=[round_.pk]) in page.content.decode()


def test_the_plan_page_filters_by_source_with_a_govuk_select(plan: dict[str, Any]) -> None:
    client = h.signed_in(h.EXECUTIVE)
    query = {"source": "recommendation", "review": plan["review"].pk}
    page = client.get(reverse("actions:action-plan"), query)
    assert page.status_code == 200
    text = page.content.decode()
    assert plan["action"].what in text
    assert '<form method="get" novalidate>' in text
    assert '<label class="govuk-label" for="id_source">' in text
    assert '<select class="govuk-select" id="id_source" name="source">' in text
    assert '<option value="recommendation" selected>Case review recommendation</option>' in text
    # Exports keep the filter.
    assert f"{reverse('actions:action-plan-xlsx')}?source=recommendation&amp;review=" in text
    refused = client.get(
        reverse("actions:action-plan"), {"source": "nonsense", "review": plan["review"].pk}
    )
    assert refused.status_code == 400
    refused_text = refused.content.decode()
    assert "There is a problem" in refused_text
    assert "Select one of the options" in refused_text
    assert plan["action"].what not in refused_text


def test_the_filter_form_describes_the_source_for_the_exports() -> None:
    partnership = f.partnership()
    form = ActionPlanFilterForm({"source": "recommendation"}, partnership=partnership)
    assert form.filters()["source"] == "recommendation"
    assert form.described() == [("Source", "Case review recommendation")]
    assert ActionPlanFilterForm({}, partnership=partnership).filters()["source"] is None


def test_the_exports_say_the_source_filter_and_each_action_s_source(
    plan: dict[str, Any],
) -> None:
    client = h.signed_in(h.EXECUTIVE)
    query = {"source": "recommendation", "review": plan["review"].pk}
    workbook = client.get(reverse("actions:action-plan-xlsx"), query)
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    readme = {row[0]: row[1] for row in book["README"].iter_rows(values_only=True)}
    assert readme["Filters"] == (
        f"Source: Case review recommendation; Review: {plan['review'].reference}"
    )
    rows = list(book["Actions"].iter_rows(values_only=True))
    assert rows[0][-1] == "Source"
    assert [row[-1] for row in rows[1:]] == ["Case review recommendation"]
    report = client.get(reverse("actions:action-plan-docx"), query)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report.content)).paragraphs)
    assert "Source: Case review recommendation" in text


def test_an_action_from_a_plan_priority_names_the_plan_and_links_to_the_priority() -> None:
    from tests.plan import factories as plan_f

    priority = plan_f.priority(name="Zq neglect", summary="Zq: improve oversight of neglect")
    review_action = Action.objects.filter(source_kind=SourceKind.RECOMMENDATION).first()
    assert review_action is not None
    action = Action.objects.create(
        partnership=priority.partnership,
        source_kind=SourceKind.PLAN_ITEM,
        plan_item=priority,
        owner_agency=review_action.owner_agency,
        what="Zq: launch the neglect toolkit",
        measure_of_success="Used in 80% of assessments",
        due_on=D(2031, 1, 1),
    )
    info = action.source_info
    assert info.kind_label == "Strategic plan priority"
    assert action.source == priority
    assert action.source_label == f"Plan {priority.period.name}, priority {priority.number}"
    assert info.url == reverse("plan:priority", args=[priority.pk])
    assert info.text == "Zq: improve oversight of neglect"
    # A plan-sourced action with a recommendation set as well is refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(recommendation=review_action.recommendation)
