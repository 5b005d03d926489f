"""Invitations: the business unit or an agency lead invites someone by email, with
roles; the link works once, until the partnership's `invitation_expiry` timescale
(7 days by default) runs out, and sets the person's password. Roles that see
identifiable records then ask for an authenticator at the first sign-in (the
two-factor rule of ADR 0006 does that for every page)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from masa.core import audit, notify
from masa.core import services as core_services
from masa.core.acting import Acting
from masa.core.errors import ServiceError
from masa.core.models import Agency, Membership, PartnershipAgency, Person, Role
from masa.core.policies import people
from masa.core.timescales import rule_for
from masa.people.models import Invitation


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expiry(acting: Acting, now: datetime.datetime) -> datetime.datetime:
    rule = rule_for(acting.partnership, "invitation_expiry")
    if rule.hours is not None:
        return now + datetime.timedelta(hours=rule.hours)
    if rule.months is not None:
        return now + datetime.timedelta(days=31 * rule.months)
    days = rule.calendar_days if rule.calendar_days is not None else 0
    if rule.working_days is not None:
        days = -(-rule.working_days * 7 // 5)
    return now + datetime.timedelta(days=days)


@transaction.atomic
def invitations_from_csv(
    *, acting: Acting, text: str, agency: Agency
) -> tuple[list[Invitation], list[tuple[int, str]]]:
    """Invite everyone in a CSV (columns: email, full name, roles by name or slug,
    separated by ";") to `agency`. All or nothing: with any row wrong, nobody is
    invited, and each wrong row is returned as (row number, what is wrong)."""
    import csv
    import io

    people.require(acting, "manage")
    rows = list(csv.reader(io.StringIO(text)))
    if rows and [cell.strip().lower() for cell in rows[0][:2]] == ["email", "full name"]:
        rows = [[], *rows[1:]]  # keep the numbering of the file's own rows
    by_name = {role.name.lower(): role for role in Role.objects.all()}
    by_name.update({role.slug: role for role in by_name.values()})
    made: list[Invitation] = []
    errors: list[tuple[int, str]] = []
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        email, full_name, roles_text = [*row, "", "", ""][:3]
        names = [name.strip().lower() for name in roles_text.split(";") if name.strip()]
        unknown = [name for name in names if name not in by_name]
        if unknown:
            errors.append((number, f"No such role: {', '.join(unknown)}"))
            continue
        try:
            with transaction.atomic():
                made.append(
                    invitation_send(
                        acting=acting,
                        email=email,
                        full_name=full_name,
                        agency=agency,
                        roles=[by_name[name] for name in names],
                    )
                )
        except ServiceError as error:
            errors.append((number, str(error)))
    if not made and not errors:
        errors.append((0, "The file has no rows to invite"))
    if errors:
        transaction.set_rollback(True)
        return [], errors
    return made, []


@transaction.atomic
def invitation_send(
    *, acting: Acting, email: str, full_name: str, agency: Agency, roles: Iterable[Role]
) -> Invitation:
    """Invite `email` to the partnership through `agency`, with `roles`. Those who
    manage people at agency scope invite only to their own agency; nobody gives a role
    they may not grant (`core.services.check_grants`)."""
    people.require(acting, "manage")
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ServiceError(
            "Enter an email address in the correct format, like name@example.org", field="email"
        ) from error
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ServiceError("Enter their full name", field="full_name")
    if not PartnershipAgency.objects.filter(
        partnership_id=acting.partnership_id, agency=agency
    ).exists():
        raise ServiceError(f"{agency} does not take part in this partnership", field="agency")
    if not acting.partnership_wide("person.manage") and agency.pk != acting.agency_id:
        raise ServiceError("You can only invite people to your own agency", field="agency")
    role_list = list(roles)
    core_services.check_grants(acting, role_list)
    if Membership.objects.filter(
        person__email__iexact=email, partnership_id=acting.partnership_id
    ).exists():
        raise ServiceError("This person is already in the partnership", field="email")
    now = timezone.now()
    pending = Invitation.objects.filter(
        partnership_id=acting.partnership_id,
        email__iexact=email,
        used_at__isnull=True,
        expires_at__gt=now,
    ).first()
    if pending is not None:
        raise ServiceError(
            f"{email} has already been invited: the invitation works until "
            f"{timezone.localtime(pending.expires_at):%-d %B %Y}",
            field="email",
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        partnership=acting.partnership,
        agency=agency,
        email=email,
        full_name=full_name,
        token_hash=token_hash(token),
        invited_by=acting.person,
        created_at=now,
        expires_at=_expiry(acting, now),
    )
    invitation.roles.set(role_list)
    audit.record(
        acting,
        "invitation.send",
        invitation,
        audit.values(
            email=email,
            agency=str(agency),
            roles=sorted(role.name for role in role_list),
            expires_at=invitation.expires_at.isoformat(timespec="minutes"),
        ),
        target_label=f"Invitation to {email}",
    )
    notify.send(
        "people/invitation",
        [email],
        {
            "inviter": acting.person,
            "partnership": acting.partnership,
            "expires_at": invitation.expires_at,
            "link": notify.link("people:invitation", token),
        },
        about=invitation,
    )
    return invitation


def open_invitation(token: str) -> Invitation | None:
    """The invitation a link is for, if it is unused and has not expired."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.filter(
            token_hash=token_hash(token), used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("partnership", "agency")
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, full_name: str, password: str) -> Person:
    """Use an invitation (once, before it expires): make the person with the password
    they chose (or, for someone who already has an account, keep theirs) and add them
    to the partnership with the roles they were invited with."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if (
        invitation is None
        or invitation.used_at is not None
        or invitation.expires_at <= timezone.now()
    ):
        raise ServiceError("This invitation has expired or has been used. Ask for a new one.")
    person = Person.objects.filter(email__iexact=invitation.email).first()
    if person is None:
        candidate = Person(email=invitation.email, full_name=full_name)
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            raise ServiceError(" ".join(error.messages), field="password") from error
        person = core_services.person_create(
            actor=None,
            email=invitation.email,
            full_name=" ".join(full_name.split()) or invitation.full_name,
            password=password,
        )
    elif not person.is_active:
        raise ServiceError("This account has been closed: ask the business unit.")
    core_services.membership_create(
        actor=person,
        person=person,
        partnership=invitation.partnership,
        agency=invitation.agency,
        roles=invitation.roles.all(),
    )
    invitation.used_at = timezone.now()
    invitation.person = person
    invitation.save(update_fields=["used_at", "person"])
    audit.record(
        person,
        "invitation.accept",
        invitation,
        partnership=invitation.partnership,
        target_label=f"Invitation to {invitation.email}",
    )
    return person
