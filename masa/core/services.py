"""Every write in the core: one domain action, one function, one transaction, one audit event.

Actions taken in a partnership (a member's access, the child population, a timescale)
take the acting context (`acting`) and check it with the resource's policy. Actions on
the installation itself (a new person, a membership added by `manage.py person_add`
or the demo loader, installation administration, a partnership set up) keep
`actor: Person | None`: they run from the command line too, with no one acting in a
partnership (None is "the system"). Reference data changed in the admin takes an
`Acting` (a partnership's administrator) or a `Person` (an installation administrator,
who may be in no partnership)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import login, logout
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from masa.core import audit, kept, signals
from masa.core.acting import Acting
from masa.core.errors import NotAllowed, ServiceError
from masa.core.models import (
    Agency,
    ChildPopulation,
    Membership,
    Partnership,
    PartnershipAgency,
    Person,
    Role,
    RolePermission,
    Scope,
    Timescale,
)
from masa.core.permissions import sees_childrens_records
from masa.core.policies import partnership_settings, people, timescales
from masa.core.timescales import DEFAULTS

PERSON_FIELDS = ("email", "full_name", "job_title", "phone", "is_active")


@transaction.atomic
def person_create(
    *,
    actor: Person | None,
    email: str,
    full_name: str,
    job_title: str = "",
    phone: str = "",
    password: str | None = None,
) -> Person:
    """Create a person who can sign in (with an unusable password unless one is given)."""
    email = email.strip().lower()
    if Person.objects.filter(email__iexact=email).exists():
        raise ServiceError("A person with this email address already exists", field="email")
    person = Person.objects.create_user(
        email, password, full_name=full_name.strip(), job_title=job_title, phone=phone
    )
    audit.record(actor, "person.create", person, audit.created(person, PERSON_FIELDS))
    return person


@transaction.atomic
def person_update(*, acting: Acting, person: Person, **fields: Any) -> Person:
    """Change the details of a member of the partnership the person acting manages;
    the audit event keeps the old and new values."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"person_update cannot change {sorted(unknown)}")
    member = Membership.objects.filter(person=person, partnership_id=acting.partnership_id).first()
    if member is None:
        raise NotAllowed("You do not have permission to do that.")
    people.require(acting, "manage", member)
    before = audit.snapshot(person, fields)
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean(exclude=["password"])
    person.save(update_fields=list(fields))
    changes = audit.changes_between(before, audit.snapshot(person, fields))
    if changes:
        audit.record(acting, "person.update", person, changes)
    return person


def _check_agency_in_partnership(partnership: Partnership, agency: Agency) -> None:
    if not PartnershipAgency.objects.filter(partnership=partnership, agency=agency).exists():
        raise ServiceError(f"{agency} does not take part in {partnership}", field="agency")


@transaction.atomic
def membership_create(
    *,
    actor: Person | None,
    person: Person,
    partnership: Partnership,
    agency: Agency,
    roles: Iterable[Role],
) -> Membership:
    """Add a person to a partnership, through an agency that takes part in it."""
    _check_agency_in_partnership(partnership, agency)
    if Membership.objects.filter(person=person, partnership=partnership).exists():
        raise ServiceError(f"{person} is already a member of {partnership}", field="person")
    membership = Membership.objects.create(person=person, partnership=partnership, agency=agency)
    role_list = list(roles)
    membership.roles.set(role_list)
    audit.record(
        actor,
        "membership.create",
        membership,
        audit.changes_between(
            {"roles": []},
            {
                "person": person.email,
                "agency": str(agency),
                "roles": sorted(role.name for role in role_list),
            },
        ),
        partnership=partnership,
        target_label=f"{person} in {partnership}",
    )
    return membership


def check_grants(acting: Acting, added: Iterable[Role]) -> None:
    """Nobody grants a role they do not hold; a role that sees children's records is
    given only by the business unit (person.manage across the partnership), who also
    approve every other grant. An agency's lead grants only roles they hold that see
    no child's record beyond the person's own (a practitioner's own referrals)."""
    if acting.partnership_wide("person.manage"):
        return
    held = set(acting.membership.roles.values_list("pk", flat=True))
    for role in added:
        if role.pk not in held:
            raise ServiceError(f"You can only give roles you hold yourself ({role})", field="roles")
        if any(
            sees_childrens_records(permission)
            # Own scope reaches only what the person made (their own referrals).
            for permission in role.permissions.filter(
                scope__in=[Scope.AGENCY, Scope.PARTNERSHIP]
            ).values_list("permission", flat=True)
        ):
            raise ServiceError(
                f"{role} sees children's records: ask the business unit to give it",
                field="roles",
            )


@transaction.atomic
def membership_update(
    *,
    acting: Acting,
    membership: Membership,
    roles: Iterable[Role],
    agency: Agency | None = None,
    is_active: bool | None = None,
) -> Membership:
    """Change a member's roles, agency or whether their access is active."""
    people.require(acting, "manage", membership)
    before = {
        "roles": sorted(role.name for role in membership.roles.all()),
        "agency": str(membership.agency),
        "is_active": membership.is_active,
    }
    if agency is not None and agency != membership.agency:
        if not acting.partnership_wide("person.manage") and agency.pk != acting.agency_id:
            raise ServiceError("You can only place people in your own agency", field="agency")
        _check_agency_in_partnership(membership.partnership, agency)
        membership.agency = agency
    if is_active is not None:
        if not is_active and membership.person_id == acting.person.pk:
            raise ServiceError("You cannot end your own access", field="is_active")
        membership.is_active = is_active
    role_list = list(roles)
    current = set(membership.roles.values_list("pk", flat=True))
    check_grants(acting, [role for role in role_list if role.pk not in current])
    membership.save(update_fields=["agency", "is_active"])
    membership.roles.set(role_list)
    after = {
        "roles": sorted(role.name for role in role_list),
        "agency": str(membership.agency),
        "is_active": membership.is_active,
    }
    changes = audit.changes_between(before, after)
    if changes:
        audit.record(
            acting,
            "membership.update",
            membership,
            changes,
            target_label=f"{membership.person} in {membership.partnership}",
        )
    return membership


@transaction.atomic
def child_population_set(*, acting: Acting, year: int, children: int) -> ChildPopulation:
    """Record the number of children aged 0-17 in the partnership's area for a year."""
    partnership = acting.partnership
    partnership_settings.require(acting, "change", partnership)
    row = (
        ChildPopulation.objects.select_for_update()
        .filter(partnership=partnership, year=year)
        .first()
    )
    old = row.children if row else None
    if row is None:
        row = ChildPopulation.objects.create(partnership=partnership, year=year, children=children)
    else:
        row.children = children
        row.save(update_fields=["children"])
    if old != children:
        audit.record(
            acting,
            "child_population.set",
            row,
            {"children": {"old": old, "new": children}},
            partnership=partnership,
            target_label=f"Child population {year}",
        )
    return row


@transaction.atomic
def timescale_set(
    *,
    acting: Acting,
    code: str,
    amount: int,
    unit: str,
    reason: str = "",
) -> Timescale | None:
    """Set the partnership's figure for a named timescale. The default clears the local one."""
    partnership = acting.partnership
    timescales.require(acting, "change", partnership)
    if code not in DEFAULTS:
        raise ServiceError(f"There is no timescale called {code}")
    if amount < 1:
        raise ServiceError("Enter a number of 1 or more", field="amount")
    if unit not in Timescale.Unit.values:
        raise ServiceError("Choose a unit", field="unit")
    current = (
        Timescale.objects.select_for_update().filter(partnership=partnership, code=code).first()
    )
    before = {
        "rule": str(current.rule if current else DEFAULTS[code].rule),
        "reason": current.reason if current else "",
    }
    candidate = Timescale(
        partnership=partnership, code=code, amount=amount, unit=unit, reason=reason.strip()
    )
    if candidate.rule == DEFAULTS[code].rule:
        if current is not None:
            current.delete()
        result = None
    else:
        if current is None:
            current = candidate
        else:
            current.amount, current.unit, current.reason = amount, unit, reason.strip()
            current.updated_at = timezone.now()
        current.save()
        result = current
    after = {
        "rule": str(result.rule if result else DEFAULTS[code].rule),
        "reason": result.reason if result else "",
    }
    changes = audit.changes_between(before, after)
    if changes:
        audit.record(
            acting,
            "timescale.set",
            result or partnership,
            changes,
            partnership=partnership,
            target_label=DEFAULTS[code].name,
        )
    return result


def partnerships_affected(obj: models.Model) -> list[Partnership]:
    """The partnerships a change to reference data `obj` affects: its own partnership;
    for an agency, every partnership it takes part in; for a role (or one of its
    permissions), every partnership with a member holding it."""
    if isinstance(obj, Partnership):
        return [obj] if obj.pk else []
    own = getattr(obj, "partnership", None)
    if isinstance(own, Partnership):
        return [own]
    if isinstance(obj, Agency) and obj.pk:
        return list(obj.partnerships.all())
    role = obj.role if isinstance(obj, RolePermission) else obj
    if isinstance(role, Role) and role.pk:
        return list(Partnership.objects.filter(memberships__roles=role).distinct())
    return []


def _record_reference_change(
    actor: Acting | Person | None,
    verb: str,
    obj: models.Model,
    changes: dict[str, Any] | None,
    partnerships: list[Partnership],
    label: str | None = None,
) -> None:
    # One event in each partnership the change affects, so each partnership's audit
    # log shows it; with none (a new agency, say), the actor's partnership.
    filed_under: list[Partnership | None] = [*partnerships] or [None]
    for partnership in filed_under:
        audit.record(actor, verb, obj, changes, partnership=partnership, target_label=label)


@transaction.atomic
def reference_data_save(
    *,
    actor: Acting | Person | None,
    obj: models.Model,
    changed_fields: Iterable[str],
    created: bool,
) -> models.Model:
    """Save a piece of reference data (an agency, a role) changed in the admin."""
    fields = [name for name in changed_fields if hasattr(obj, name)]
    before: dict[str, Any] = {}
    if not created and obj.pk is not None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        if stored is not None:
            before = audit.snapshot(stored, fields)
    obj.save()
    verb = f"{obj._meta.model_name}.{'create' if created else 'update'}"
    changes = audit.changes_between(before, audit.snapshot(obj, fields))
    _record_reference_change(actor, verb, obj, changes, partnerships_affected(obj))
    return obj


@transaction.atomic
def installation_admin_set(*, actor: Person | None, person: Person, value: bool) -> Person:
    """Give or take away installation-wide administration (every partnership)."""
    before = person.is_installation_admin
    person.is_installation_admin = value
    person.save(update_fields=["is_installation_admin"])
    if before != value:
        audit.record(
            actor,
            "person.installation_admin",
            person,
            {"is_installation_admin": {"old": before, "new": value}},
        )
    return person


@transaction.atomic
def partnership_set_up(*, actor: Person | None, partnership: Partnership) -> list[str]:
    """Give a partnership what every capability starts it with: insight's indicator
    catalogue, the starter case review themes. Each capability listens for
    `signals.partnership_created`; all of them are idempotent, so running this again
    (after an upgrade adds a capability) only adds what is missing. Returns what each
    capability said it added."""
    answers = signals.partnership_created.send(
        sender=Partnership, partnership=partnership, actor=actor
    )
    return [str(said) for _, said in answers if said]


@transaction.atomic
def reference_data_delete(*, actor: Acting | Person | None, obj: models.Model) -> None:
    """Delete a piece of reference data in the admin, keeping a record that it existed."""
    verb = f"{obj._meta.model_name}.delete"
    _record_reference_change(actor, verb, obj, None, partnerships_affected(obj), str(obj))
    obj.delete()


@transaction.atomic
def session_sign_in(*, request: HttpRequest, person: Person) -> None:
    """Start a session for a person who gave the right email and password."""
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    kept.forget_unless(request, person.pk)  # what someone else typed on this browser
    audit.record(person, "session.sign_in", person)


@transaction.atomic
def session_sign_out(*, request: HttpRequest, reason: str = "signed out") -> None:
    """End the session; `reason` says whether the person chose to or timed out."""
    person = request.user if request.user.is_authenticated else None
    if isinstance(person, Person):
        audit.record(person, "session.sign_out", person, audit.values(reason=reason))
    logout(request)


@transaction.atomic
def two_factor_start(*, actor: Person) -> Any:
    """The authenticator a person is setting up: made once, kept until they confirm it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, created = TOTPDevice.objects.get_or_create(
        user=actor, confirmed=False, defaults={"name": "Authenticator app"}
    )
    if created:
        audit.record(actor, "two_factor.start", actor, audit.values(device=device.name))
    return device


@transaction.atomic
def two_factor_confirm(*, actor: Person, device: Any) -> None:
    """Confirm a new authenticator app after the person typed a valid code from it."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor, "two_factor.enrol", actor, audit.values(device=device.name))
