"""The platform's shapes: the acting context, the policy interface, the guard every
view declares, the audit catalogue and its payload shapes, and notifications."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from masa.core import audit, notify, pages
from masa.core.acting import Acting, NotAMember, acting_as, acting_in
from masa.core.errors import NotAllowed
from masa.core.models import AuditEvent, Notification, Partnership
from masa.core.policies import people
from masa.core.types import ActingRequest
from tests import helpers as h

pytestmark = pytest.mark.usefixtures("demo")


# --- the acting context -------------------------------------------------------------------


def test_acting_holds_the_partnership_agency_and_scopes_of_the_membership() -> None:
    acting = h.acting(h.BUSINESS_MANAGER)
    membership = h.membership(h.BUSINESS_MANAGER)
    assert acting.partnership == membership.partnership
    assert acting.agency == membership.agency
    assert acting.partnership_wide("person.view")
    assert acting.has("person.view")
    assert acting.sees_records("person.view")
    assert not h.acting(h.PRACTITIONER).has("person.view")


def test_a_person_cannot_act_in_a_partnership_they_are_not_in() -> None:
    with pytest.raises(NotAMember):
        h.acting(h.PRACTITIONER, "southmoor")


def test_a_person_cannot_act_through_someone_elses_membership() -> None:
    with pytest.raises(NotAMember):
        Acting(h.person(h.PRACTITIONER), h.membership(h.BUSINESS_MANAGER))


def test_an_inactive_membership_gives_no_acting_context() -> None:
    membership = h.membership(h.TRAINER)
    membership.is_active = False
    membership.save()
    with pytest.raises(NotAMember):
        acting_as(h.person(h.TRAINER))


def test_a_person_in_two_partnerships_must_say_which() -> None:
    maya = h.person(h.POLICE_BOTH)
    with pytest.raises(NotAMember):
        acting_as(maya)
    southmoor = Partnership.objects.get(slug="southmoor")
    assert acting_in(maya, southmoor).partnership == southmoor


# --- the policy interface -----------------------------------------------------------------


def test_get_or_404_answers_404_for_another_partnerships_record() -> None:
    nadia = h.acting(h.SOUTHMOOR_MANAGER, "southmoor")
    northbridge_member = h.membership(h.PRACTITIONER)
    with pytest.raises(Http404):
        people.get_or_404(nadia, "view", northbridge_member.pk)
    own = h.membership(h.SOUTHMOOR_PRACTITIONER, "southmoor")
    assert people.get_or_404(nadia, "view", own.pk) == own


def test_get_or_404_locks_the_row_it_returns() -> None:
    manager = h.acting(h.BUSINESS_MANAGER)
    member = h.membership(h.PRACTITIONER)
    with transaction.atomic():
        assert people.get_or_404(manager, "view", member.pk, for_update=True) == member
    with pytest.raises(Http404):
        people.get_or_404(manager, "view", "not a number")


def test_require_refuses_with_a_message_for_the_person() -> None:
    with pytest.raises(NotAllowed, match="permission"):
        people.require(h.acting(h.PRACTITIONER), "manage")
    assert people.require(h.acting(h.BUSINESS_MANAGER), "manage").person.email == (
        h.BUSINESS_MANAGER
    )


def test_people_with_names_who_may_act_in_the_records_partnership() -> None:
    member = h.membership(h.PRACTITIONER)
    managers = {p.email for p in people.people_with("manage", member)}
    assert h.BUSINESS_MANAGER in managers
    assert h.PRACTITIONER not in managers
    assert h.SOUTHMOOR_MANAGER not in managers  # another partnership's manager


# --- the guard every view declares ----------------------------------------------------------


def test_guard_refuses_a_person_without_the_permission_with_404() -> None:
    @pages.guard(people, "view")
    def page(request: ActingRequest) -> HttpResponse:
        return HttpResponse(f"hello {request.acting.person.email}")

    assert str(page.guard) == "person.view"  # type: ignore[attr-defined]
    request = RequestFactory().get("/")
    request.user = h.person(h.PRACTITIONER)
    request.acting = h.acting(h.PRACTITIONER)  # type: ignore[attr-defined]
    with pytest.raises(Http404):
        page(request)
    request.user = h.person(h.BUSINESS_MANAGER)
    request.acting = h.acting(h.BUSINESS_MANAGER)  # type: ignore[attr-defined]
    assert page(request).content.decode() == f"hello {h.BUSINESS_MANAGER}"


def test_guard_refuses_an_unknown_action_when_the_view_is_declared() -> None:
    with pytest.raises(ValueError, match="no action"):
        pages.guard(people, "fly")


def test_a_view_cannot_declare_two_guards() -> None:
    with pytest.raises(TypeError, match="two guards"):

        @pages.public
        @pages.signed_in
        def page(request: object) -> None:  # pragma: no cover - never called
            return None


# --- the audit catalogue --------------------------------------------------------------------


def test_a_registered_verb_refuses_a_payload_of_another_shape() -> None:
    audit.register("test.decide", "Decided a test", audit.Kind.EVENT, {"level": "Level"})
    audit.register("test.change", "Changed a test", audit.Kind.CHANGE)
    actor = h.acting(h.BUSINESS_MANAGER)
    with transaction.atomic():
        audit.record(actor, "test.decide", changes={"level": 3})
        audit.record(actor, "test.change", changes={"name": {"old": "a", "new": "b"}})
        with pytest.raises(audit.UnknownVerb, match="no field"):
            audit.record(actor, "test.decide", changes={"outcome": "x"})
        with pytest.raises(audit.UnknownVerb, match="shape"):
            audit.record(actor, "test.decide", changes={"level": {"old": 1, "new": 2}})
        with pytest.raises(audit.UnknownVerb, match="shape"):
            audit.record(actor, "test.change", changes={"name": "b"})


def test_an_event_recorded_with_an_acting_context_is_in_its_partnership() -> None:
    audit.register("test.event", "Did a test", audit.Kind.EVENT)
    nadia = h.acting(h.SOUTHMOOR_MANAGER, "southmoor")
    with transaction.atomic():
        event = audit.record(nadia, "test.event", changes=audit.values(count=2))
    assert event.partnership == nadia.partnership
    assert event.actor == nadia.person
    shown = audit.shown_changes(event.changes, "test.event")
    assert [(c.name, c.new) for c in shown] == [("Count", "2")]
    assert audit.shown_verb("test.event") == "Did a test"


def test_a_verb_cannot_be_registered_twice_differently() -> None:
    audit.register("test.twice", "Once")
    with pytest.raises(ValueError, match="twice"):
        audit.register("test.twice", "Twice")


def test_record_refuses_an_unregistered_verb() -> None:
    with transaction.atomic(), pytest.raises(audit.UnknownVerb, match="not registered"):
        audit.record(None, "nobody.registered.this")
    assert not AuditEvent.objects.filter(verb="nobody.registered.this").exists()


# --- notifications --------------------------------------------------------------------------


def test_fit_subject_never_cuts_a_word_and_keeps_what_to_do() -> None:
    title = "Working together with families where there is domestic abuse " * 3
    fitted = notify.fit_subject(f"Book your place: {title}")
    assert len(fitted) <= notify.SUBJECT_LIMIT
    assert fitted.startswith("Book your place: Working together")
    assert fitted.endswith("…")
    assert fitted[:-1].split()[-1] in title.split()
    assert notify.fit_subject("Short: subject") == "Short: subject"


@transaction.atomic
def _send_then_refuse() -> None:
    notify.send("core/test", ["someone@example.invalid"], {"thing": "C", "link": "x"})
    raise RuntimeError("the change is refused")


def test_a_notification_is_recorded_and_sent_only_when_the_change_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    manager = h.person(h.BUSINESS_MANAGER)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify.send(
            "core/test",
            [manager],
            {"thing": "A & B", "link": notify.link("core:home")},
            partnership=h.acting(h.BUSINESS_MANAGER).partnership,
        )
        with pytest.raises(RuntimeError):
            _send_then_refuse()
    assert len(mail.outbox) == 1
    sent = Notification.objects.get(recipient=manager, message="core/test")
    assert sent.status == Notification.Status.SENT
    assert sent.sent_at is not None
    assert mail.outbox[0].subject == "Check the test: A & B"
    assert "A & B" in mail.outbox[0].body
    assert not Notification.objects.filter(address="someone@example.invalid").exists()
