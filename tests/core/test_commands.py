"""Administrators' commands."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from masa.core.models import AuditEvent, Membership, Person

pytestmark = pytest.mark.usefixtures("demo")


def test_person_add_creates_the_person_and_membership_audited(
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = AuditEvent.objects.count()
    call_command(
        "person_add", "New.Analyst@Northbridge.example", "--name", "Nia Analyst",
        "--partnership", "northbridge", "--agency", "Northbridge Borough Council",
        "--role", "business-unit-officer",
    )  # fmt: skip
    membership = Membership.objects.get(person__email="new.analyst@northbridge.example")
    assert [role.slug for role in membership.roles.all()] == ["business-unit-officer"]
    assert not membership.person.has_usable_password()
    assert AuditEvent.objects.count() == before + 2
    assert "changepassword" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--partnership", "nowhere", "--agency", "Northbridge Borough Council"], "No partnership"),
        (["--partnership", "northbridge", "--agency", "Nobody"], "No agency called"),
        (["--partnership", "southmoor", "--agency", "Northbridge Academy"], "does not take part"),
        (["--partnership", "northbridge", "--agency", "Northbridge Academy", "--role", "boss"],
         "Unknown role boss"),
    ],
)  # fmt: skip
def test_person_add_explains_what_is_wrong(arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("person_add", "x@northbridge.example", "--name", "X", *arguments)
    # Nothing half-done is left behind.
    assert not Person.objects.filter(email="x@northbridge.example").exists()
