"""Professional escalation: raising one at the first stage of the partnership's ladder
with its due date on the stage's timescale, a case reference that is never a name, who
may see, respond, move on and resolve, the editable ladder, and the figures."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from masa.core import clocks
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import AuditEvent, Notification
from masa.governance import policies_risks as policies
from masa.governance import selectors_risks as selectors
from masa.governance.models_risks import Escalation, EscalationStage
from masa.governance.services import escalations as services
from masa.reviews.models import Theme
from tests import helpers as h
from tests.governance import risk_factories as f

pytestmark = pytest.mark.usefixtures("demo")


def test_raising_starts_at_the_first_stage_with_a_due_date_and_tells_the_other_agency() -> None:
    escalation = f.escalation()
    today = timezone.localdate()
    (step,) = escalation.steps.all()
    assert escalation.stage.number == 1
    assert escalation.raised_by_agency.name == f.HOSPITALS
    assert step.due_on == clocks.add_working_days(today, 5)
    assert escalation.reference.startswith(f"ESC-{today.year}-")
    told = Notification.objects.filter(
        message="governance/escalation_raised", target_id=str(escalation.pk)
    )
    assert h.POLICE_BOTH in {n.address for n in told}
    assert h.SUBGROUP_MEMBER not in {n.address for n in told}
    assert AuditEvent.objects.filter(verb="escalation.raise", target_id=str(escalation.pk)).exists()


@pytest.mark.parametrize("reference", ["Child K", "Child AB", "LA-204517", "NB/2026/77", ""])
def test_a_pseudonym_or_a_reference_is_accepted(reference: str) -> None:
    assert services.case_reference_problem(reference) is None


@pytest.mark.parametrize("reference", ["Jane Smith", "Kayden", "child k", "Child Kayden"])
def test_a_name_is_refused_as_a_case_reference(reference: str) -> None:
    with pytest.raises(ServiceError) as refused:
        f.escalation(case_reference=reference)
    assert refused.value.field == "case_reference"
    assert not Escalation.objects.filter(concern__startswith="Zq").exists()


def test_a_strategic_challenge_has_no_case_reference_and_is_about_another_agency() -> None:
    with pytest.raises(ServiceError) as strategic:
        f.escalation(kind="strategic", case_reference="Child K")
    assert strategic.value.field == "case_reference"
    with pytest.raises(ServiceError) as own:
        f.escalation(about=f.HOSPITALS)
    assert own.value.field == "about_agency"
    with pytest.raises(ServiceError) as future:
        f.escalation(raised_on=timezone.localdate() + datetime.timedelta(days=2))
    assert future.value.field == "raised_on"


def test_each_person_sees_the_escalations_their_scope_reaches() -> None:
    escalation = f.escalation()

    def sees(who: str) -> bool:
        return policies.escalations.visible(h.acting(who), "view").filter(pk=escalation.pk).exists()

    assert sees(h.SUBGROUP_MEMBER)  # raised by her agency
    assert sees(h.POLICE_BOTH)  # about his agency
    assert sees(h.BUSINESS_MANAGER)
    assert sees(h.SCRUTINEER)
    assert not sees(h.SUBGROUP_CHAIR)  # probation: neither side
    assert not sees(h.PRACTITIONER)  # raised her own only
    assert not sees(h.EXECUTIVE)  # figures only
    southmoor = policies.escalations.visible(h.acting(h.SOUTHMOOR_MANAGER, "southmoor"), "view")
    assert not southmoor.filter(pk=escalation.pk).exists()


def test_the_other_agency_responds_and_it_moves_up_the_ladder_to_the_top() -> None:
    escalation = f.escalation()
    police = h.acting(h.POLICE_BOTH)
    step = services.escalation_respond(
        acting=police, escalation=escalation, response="Zq: held now"
    )
    assert step.responded_by == police.person
    with pytest.raises(NotAllowed):
        services.escalation_respond(
            acting=h.acting(h.SUBGROUP_CHAIR), escalation=escalation, response="x"
        )
    raiser = h.acting(h.SUBGROUP_MEMBER)
    for number in (2, 3, 4):
        step = services.escalation_escalate(
            acting=raiser, escalation=escalation, raised_with=f"Zq stage {number}"
        )
        assert step.stage.number == number
        assert step.due_on == clocks.add_working_days(timezone.localdate(), step.stage.working_days)
    with pytest.raises(ServiceError) as top:
        services.escalation_escalate(acting=raiser, escalation=escalation, raised_with="x")
    assert "last stage" in str(top.value)
    escalation.refresh_from_db()
    assert escalation.stage.number == 4
    assert escalation.steps.count() == 4


def test_resolving_records_the_resolution_learning_and_themes() -> None:
    escalation = f.escalation()
    theme = Theme.objects.get(partnership__slug="northbridge", name="Escalation")
    services.escalation_resolve(
        acting=h.acting(h.BUSINESS_MANAGER),
        escalation=escalation,
        resolution="Zq: strategy discussion held the next day",
        learning="Zq: the MASH rota had no cover",
        themes=[theme],
    )
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.RESOLVED
    assert list(escalation.themes.all()) == [theme]
    with pytest.raises(ServiceError):
        services.escalation_escalate(
            acting=h.acting(h.BUSINESS_MANAGER), escalation=escalation, raised_with="x"
        )


def test_the_business_manager_changes_the_ladder_and_new_escalations_follow_it() -> None:
    manager = h.acting(h.BUSINESS_MANAGER)
    first = EscalationStage.objects.get(partnership__slug="northbridge", number=1)
    with pytest.raises(NotAllowed):
        services.stage_edit(
            acting=h.acting(h.BUSINESS_UNIT_OFFICER),
            stage=first,
            name="x",
            description="",
            working_days=3,
        )
    with pytest.raises(ServiceError):
        services.stage_edit(acting=manager, stage=first, name="x", description="", working_days=0)
    services.stage_edit(
        acting=manager, stage=first, name="Practitioners talk", description="", working_days=2
    )
    added = services.stage_add(
        acting=manager, name="Independent chair", description="", working_days=15
    )
    assert added.number == 5
    step = f.escalation().steps.get()
    assert step.due_on == clocks.add_working_days(timezone.localdate(), 2)
    with pytest.raises(NotAllowed):
        services.stage_edit(
            acting=h.acting(h.SOUTHMOOR_MANAGER, "southmoor"),
            stage=first,
            name="x",
            description="",
            working_days=3,
        )


def test_figures_count_by_agency_stage_reached_time_to_resolve_and_theme() -> None:
    from masa.core import figures

    year = figures.financial_year_of(timezone.localdate())
    before = selectors.escalation_figures(h.acting(h.BUSINESS_MANAGER), year)
    first = f.escalation()
    f.escalation(who=h.POLICE_BOTH, about=f.HOSPITALS)
    services.escalation_escalate(
        acting=h.acting(h.SUBGROUP_MEMBER), escalation=first, raised_with="Zq managers"
    )
    services.escalation_resolve(
        acting=h.acting(h.SUBGROUP_MEMBER),
        escalation=first,
        resolution="Zq",
        learning="",
        themes=[Theme.objects.get(partnership__slug="northbridge", name="Information sharing")],
    )
    after = selectors.escalation_figures(h.acting(h.EXECUTIVE), year)
    assert after.total == before.total + 2
    assert after.resolved == before.resolved + 1

    def cell(table: figures.Table, row: str, column: int) -> float:
        found = next((r for r in table.rows if r.label == row), None)
        value = found.cells[column].value if found else 0
        return value or 0

    assert cell(after.by_agency, f.POLICE, 0) == cell(before.by_agency, f.POLICE, 0) + 1
    assert cell(after.by_agency, f.POLICE, 1) == cell(before.by_agency, f.POLICE, 1) + 1
    stage_two = str(EscalationStage.objects.get(partnership__slug="northbridge", number=2))
    assert cell(after.by_stage, stage_two, 0) == cell(before.by_stage, stage_two, 0) + 1
    assert cell(after.by_theme, "Information sharing", 0) >= 1
    assert after.median_days is not None
