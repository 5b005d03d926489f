"""Insight's reminders go through `masa.core.notify` (each one recorded, to the agency's
data leads only), and every audit event insight writes is of a registered verb, in its
registered shape (`audit.record` refuses anything else)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from masa.core import audit
from masa.core.errors import ServiceError
from masa.core.models import AuditEvent, Membership, Notification, Person
from masa.core.timescales import rule_for
from masa.core.workbooks import XLSX_CONTENT_TYPE
from masa.insight import compute, policies, selectors, services, validation
from masa.insight.cin.importer import census_import
from masa.insight.models import ReturnReminder
from tests import helpers as h
from tests.insight.factories import far_quarter
from tests.insight.test_cin_census_pages import census
from tests.insight.test_returns_services import (
    ICB,
    POLICE,
    after,
    agency,
    fill,
    installed,
    opened,
    submit,
)

pytestmark = pytest.mark.usefixtures("demo")

CIN_FILES = Path(__file__).parent / "cin_files"


# --- whom reminders go to ---------------------------------------------------------------


def _old_data_leads(agency_name: str) -> list[str]:
    """Who was emailed before the data lead policy: active people of the agency itself
    holding `data_return.submit` in the partnership (the rule `people_with` keeps)."""
    return sorted(
        set(
            Membership.objects.filter(
                partnership__slug="northbridge",
                agency__name=agency_name,
                is_active=True,
                person__is_active=True,
                roles__permissions__permission="data_return.submit",
            ).values_list("person__email", flat=True)
        )
    )


def test_the_data_leads_are_the_agency_s_own_submitters() -> None:
    partnership = installed()
    for name in (ICB, POLICE, "Northbridge Borough Council"):
        leads = policies.data_leads.people_with("submit", agency(name), partnership=partnership)
        assert sorted(person.email for person in leads) == _old_data_leads(name), name
    icb_leads = policies.data_leads.people_with("submit", agency(ICB), partnership=partnership)
    assert [person.email for person in icb_leads] == [h.DATA_LEAD]
    # The business manager manages returns but does not submit them: never reminded.
    assert h.BUSINESS_MANAGER not in {person.email for person in icb_leads}


def test_a_data_lead_who_left_is_not_reminded() -> None:
    partnership = installed()
    Membership.objects.filter(person__email=h.DATA_LEAD, partnership=partnership).update(
        is_active=False
    )
    assert policies.data_leads.people_with("submit", agency(ICB), partnership=partnership) == []


# --- every reminder is a recorded notification ------------------------------------------


def _notices(message: str) -> Any:
    return Notification.objects.filter(message=message, address=h.DATA_LEAD)


def test_the_scheduled_reminders_are_recorded_and_sent_on_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    partnership = installed()
    period = far_quarter(3)
    deadline = selectors.return_deadline(partnership, period)
    reminder_day = selectors.reminder_date(deadline, rule_for(partnership, "data_return_reminder"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.returns_remind(partnership=partnership, today=reminder_day)
    due = _notices("insight/return_due").filter(subject__contains=period.short_label).get()
    reminder = ReturnReminder.objects.get(
        partnership=partnership, agency__name=ICB, period_start=period.start, kind="before"
    )
    assert (due.target_type, due.target_id) == ("insight.returnreminder", str(reminder.pk))
    assert due.recipient == Person.objects.get(email=h.DATA_LEAD)
    assert due.partnership == partnership
    assert due.status == Notification.Status.SENT
    assert due.subject == f"Due {deadline:%-d %B}: data return for {period.short_label}"
    assert "You can enter the figures" in due.body
    assert re.search(r"https?://\S+/insight/returns/$", due.body, re.MULTILINE)
    sent = [m for m in mail.outbox if m.subject == due.subject and h.DATA_LEAD in m.to]
    assert [m.to for m in sent] == [[h.DATA_LEAD]]  # one email each: no one sees another
    assert sent[0].body == due.body
    # Overdue: its own message.
    with django_capture_on_commit_callbacks(execute=True):
        services.returns_remind(partnership=partnership, today=deadline + datetime.timedelta(1))
    overdue = _notices("insight/return_overdue").filter(subject__contains=period.short_label)
    assert overdue.get().subject == f"Overdue: {ICB}'s data return for {period.short_label}"
    assert "Please submit it as soon as you can: " in overdue.get().body


def test_a_reminder_by_hand_is_recorded_once_per_overdue_return(
    django_capture_on_commit_callbacks: Any,
) -> None:
    partnership = installed()
    period = far_quarter(3)
    today = selectors.return_deadline(partnership, period) + datetime.timedelta(days=3)
    before = _notices("insight/return_overdue").count()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.return_remind_agency(
            acting=h.acting(h.BUSINESS_MANAGER), agency=agency(ICB), today=today
        )
    assert _notices("insight/return_overdue").count() - before == count
    by_hand = ReturnReminder.objects.filter(
        partnership=partnership, agency__name=ICB, kind=ReturnReminder.Kind.BY_HAND
    )
    assert {n.target_id for n in _notices("insight/return_overdue")} >= {
        str(pk) for pk in by_hand.values_list("pk", flat=True)
    }


def test_a_refused_reminder_records_no_notification() -> None:
    installed()
    Membership.objects.filter(agency__name=POLICE, roles__slug="agency-data-lead").update(
        is_active=False
    )
    before = Notification.objects.count()
    with pytest.raises(ServiceError):
        services.return_remind_agency(
            acting=h.acting(h.BUSINESS_MANAGER),
            agency=agency(POLICE),
            today=timezone.localdate() + datetime.timedelta(days=400),
        )
    assert Notification.objects.count() == before


# --- every insight verb is registered, every payload in its shape -------------------------


INSIGHT = Path(__file__).parents[2] / "masa" / "insight"


def test_every_verb_insight_records_is_registered() -> None:
    recorded: set[str] = set()
    for path in [*INSIGHT.rglob("*.py"), INSIGHT.parents[0] / "demo" / "insight.py"]:
        text = path.read_text()
        recorded |= set(re.findall(r'audit\.record\(\s*\w+,\s*"([a-z_.]+)"', text))
        recorded |= set(re.findall(r'verb="([a-z_.]+)"', text))
        recorded |= set(re.findall(r'LOAD_VERB = "([a-z_.]+)"', text))
    assert len(recorded) >= 14
    assert sorted(recorded - set(audit.VERBS)) == []
    for name in recorded:
        verb = audit.VERBS[name]
        assert verb.label[:1].isupper(), name
        assert not verb.label.endswith("."), name


def test_the_main_insight_journeys_record_only_registered_verbs(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """An unregistered verb or a payload not in its verb's shape
    raises: the catalogue, a return from start to correction, reminders, comparators,
    platform figures and a CIN census (with its children viewed) all go through."""
    start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    partnership = installed()
    manager = h.acting(h.BUSINESS_MANAGER)
    # The catalogue: an indicator changed by hand.
    referrals = selectors.catalogue_indicators(partnership).get(code="cin.referrals")
    services.indicator_update(
        acting=manager,
        indicator=referrals,
        green_from=None,
        red_from=None,
        change_alert_percent=referrals.change_alert_percent + 1,
        agency=None,
        publishable=not referrals.publishable,
        is_active=True,
        priorities=[],
    )
    # A return: started, saved, uploaded, submitted and corrected.
    data_return = opened(period=far_quarter(2))
    fill(data_return)
    client = h.signed_in(h.DATA_LEAD)
    template = client.get(f"/insight/returns/{data_return.pk}/template.xlsx").content
    client.post(
        f"/insight/returns/{data_return.pk}/upload/",
        {"file": SimpleUploadedFile("zq.xlsx", template, content_type=XLSX_CONTENT_TYPE)},
    )
    submit(data_return)
    fill(data_return, seed=3)
    submit(data_return, correction_reason="Zq corrected")
    # Reminders, scheduled and by hand.
    overdue = selectors.return_deadline(partnership, far_quarter(3)) + datetime.timedelta(3)
    with django_capture_on_commit_callbacks(execute=True):
        services.returns_remind(partnership=partnership, today=overdue)
        services.return_remind_agency(acting=manager, agency=agency(POLICE), today=overdue)
    # Comparators, platform figures (by hand from the dashboards), and a CIN census.
    parsed = validation.parse_comparators(
        b"indicator code,comparator,period,value\ncin.referrals,England,2084-85,3\n"
    )
    services.comparators_import(acting=manager, rows=parsed.rows, file_name="zq.csv")
    assert h.signed_in(h.BUSINESS_MANAGER).post("/insight/").status_code == 302
    compute.platform_measurements_compute(partnership=partnership, today=after(far_quarter(1)))
    southmoor = h.acting(h.SOUTHMOOR_MANAGER, "southmoor")
    for name in ("census_2023_problems.xml", "malformed_mid_file.xml"):
        census_import(
            acting=southmoor,
            partnership=southmoor.partnership,
            source=CIN_FILES / name,
            file_name=name,
        )
    problems = [{"child": "ZQ-CHILD-1", "line": 12, "reason": "it has no CINdetails"}]
    refused = census("northbridge", rejected=1, problems=problems)
    assert h.signed_in(h.BUSINESS_MANAGER).get(f"/insight/census/{refused.pk}/").status_code == 200
    verbs = set(AuditEvent.objects.filter(pk__gt=start).values_list("verb", flat=True))
    assert verbs >= {
        "indicator.update",
        "data_return.open",
        "data_return.save",
        "data_return.upload",
        "data_return.submit",
        "data_return.remind",
        "comparators.import",
        "platform_measurements.compute",
        "cin_census.import",
        "cin_census.refuse",
        "cin_census.view_children",
    }
    assert verbs <= set(audit.VERBS)
