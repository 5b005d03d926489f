"""The case review services: the journey from notification to closed actions, one audit
event per action, and every refusal the rules call for."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

import pytest

from masa.actions import services
from masa.actions.models import Action, ActionUpdate, Evidence
from masa.core.errors import ServiceError
from tests import helpers as h
from tests.reviews import factories as f

pytestmark = pytest.mark.usefixtures("demo")

D = datetime.date
T = TypeVar("T")


def test_actions_move_only_as_the_table_allows() -> None:
    maya = h.acting(h.POLICE_BOTH)
    james = h.acting(h.EXECUTIVE)
    action = f.action()
    with pytest.raises(ServiceError, match="not started to completed"):
        services.action_update(acting=maya, action=action, status="completed", progress="done")
    with pytest.raises(ServiceError, match="closed at sign-off"):
        services.action_update(acting=maya, action=action, status="closed", progress="done")
    with pytest.raises(ServiceError, match="Overdue is worked out"):
        services.action_update(acting=maya, action=action, status="overdue", progress="late")
    with pytest.raises(ServiceError, match="progress"):
        services.action_update(acting=maya, action=action, status="on_track", progress=" ")
    with pytest.raises(ServiceError, match="without accepted evidence or a recorded reason"):
        services.action_close(acting=james, action=action)
    services.action_update(acting=maya, action=action, status="at_risk", progress="Staff shortages")
    services.action_update(acting=maya, action=action, status="at_risk", progress="Still short")
    with pytest.raises(ServiceError, match="from at risk to evidenced"):
        services.action_update(acting=maya, action=action, status="evidenced", progress="x")
    services.action_update(acting=maya, action=action, status="completed", progress="All briefed")
    with pytest.raises(ServiceError, match="evidenced only when"):
        services.action_update(acting=maya, action=action, status="evidenced", progress="x")
    with pytest.raises(ServiceError, match="without accepted evidence or a recorded reason"):
        services.action_close(acting=james, action=action)
    proof = f.evidence(action, by=maya)
    with pytest.raises(ServiceError, match="without accepted evidence"):
        services.action_close(acting=james, action=action)  # uploaded, not yet accepted
    with pytest.raises(ServiceError, match="permission"):
        services.evidence_accept(acting=maya, evidence=proof)
    services.evidence_accept(acting=james, evidence=proof)
    action.refresh_from_db()
    assert action.status == "evidenced"
    with pytest.raises(ServiceError, match="no more updates"):
        services.action_update(acting=maya, action=action, status="on_track", progress="x")
    with pytest.raises(ServiceError, match="permission"):
        services.action_close(acting=maya, action=action)
    services.action_close(acting=james, action=action)
    action.refresh_from_db()
    assert action.status == "closed"
    assert list(action.updates.values_list("version", "status")) == [
        (1, "at_risk"),
        (2, "at_risk"),
        (3, "completed"),
    ]


def test_only_sign_off_closes_an_action_and_a_reason_is_enough() -> None:
    maya = h.acting(h.POLICE_BOTH)
    dev = h.acting(h.BUSINESS_UNIT_OFFICER)
    action = f.action()
    for who in (maya, dev):
        with pytest.raises(ServiceError, match="permission"):
            services.action_close(acting=who, action=action, reason="Superseded")
    services.action_close(
        acting=h.acting(h.EXECUTIVE), action=action, reason="Superseded by the new protocol"
    )
    action.refresh_from_db()
    assert (action.status, action.closure_reason) == ("closed", "Superseded by the new protocol")


def test_action_updates_are_versions_that_cannot_be_changed() -> None:
    update = f.action_update()
    update.progress = "rewritten"
    with pytest.raises(PermissionError):
        update.save()
    assert ActionUpdate.objects.get(pk=update.pk).progress == "Zq: half briefed"


def test_a_police_owner_updates_police_actions_only() -> None:
    maya = h.acting(h.POLICE_BOTH)
    recommendation = f.recommendation()
    police = f.action(recommendation)
    hospital = f.action(recommendation, f.HOSPITALS)
    services.action_update(
        acting=maya, action=police, status="on_track", progress="Briefings booked"
    )
    with pytest.raises(ServiceError, match="permission"):
        services.action_update(acting=maya, action=hospital, status="on_track", progress="x")
    with pytest.raises(ServiceError, match="permission"):
        f.evidence(hospital, by=maya)
    grace = h.acting(h.SUBGROUP_MEMBER)
    services.action_update(acting=grace, action=hospital, status="on_track", progress="Booked")
    practitioner = h.acting(h.PRACTITIONER)
    with pytest.raises(ServiceError, match="permission"):
        services.action_update(acting=practitioner, action=police, status="at_risk", progress="x")


def test_action_owner_must_work_for_the_owning_agency() -> None:
    with pytest.raises(ServiceError, match="named owner"):
        f.action(owner=h.person(h.SUBGROUP_MEMBER))  # a hospital nurse on a police action
    with pytest.raises(ServiceError, match="does not take part"):
        f.action(agency_name="Southmoor High School")


def test_evidence_is_stored_under_a_random_name_with_its_checks(evidence_storage: Any) -> None:
    maya = h.acting(h.POLICE_BOTH)
    action = f.action()
    proof = f.evidence(action, by=maya, name="..\\..\\Register (final).PDF")
    assert proof.stored_name == "Register (final).pdf"
    assert proof.original_name == "..\\..\\Register (final).PDF"
    assert proof.file.name.startswith(f"evidence/{action.partnership_id}/")
    assert "Register" not in proof.file.name
    assert ".." not in proof.file.name
    assert proof.file.name.endswith(".pdf")
    assert (evidence_storage / proof.file.name).read_bytes() == f.PDF
    assert proof.content_type == "application/pdf"
    assert proof.size == len(f.PDF)
    before = Evidence.objects.count()
    with pytest.raises(ServiceError, match="contents do not match"):
        f.evidence(action, by=maya, name="register.pdf", data=f.PNG)
    with pytest.raises(ServiceError, match="must be a PDF"):
        f.evidence(action, by=maya, name="../../etc/passwd", data=b"root:x:0:0")
    assert Evidence.objects.count() == before
    assert len(list((evidence_storage / "evidence" / str(action.partnership_id)).iterdir())) == 1


def test_oversized_evidence_is_refused(settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES = 2048
    with pytest.raises(ServiceError, match="smaller than 2 KB"):
        f.evidence(name="big.pdf", data=f.PDF + b"x" * 2048)


def test_accepting_evidence_on_unfinished_work_does_not_skip_completion() -> None:
    maya = h.acting(h.POLICE_BOTH)
    action = f.action()
    services.action_update(acting=maya, action=action, status="on_track", progress="Started")
    proof = f.evidence(action, by=maya)
    services.evidence_accept(acting=h.acting(h.EXECUTIVE), evidence=proof)
    action.refresh_from_db()
    assert action.status == "on_track"
    services.action_update(acting=maya, action=action, status="completed", progress="Done")
    services.action_update(acting=maya, action=action, status="completed", progress="Done, note")
    action.refresh_from_db()
    assert action.status == Action.Status.COMPLETED
    # With accepted evidence already there, the owner may mark it evidenced.
    services.action_update(acting=maya, action=action, status="evidenced", progress="See register")
    action.refresh_from_db()
    assert action.status == "evidenced"
