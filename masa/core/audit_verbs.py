"""The audit verbs the core records, each registered once (imported by CoreConfig.ready).

A label is what a person reads in the audit log, in the past tense; the fields name
each payload key. Reference data changed in the admin (agencies, roles, partnerships
and every app's reference data) is recorded as `<model>.create|update|delete`, with
the changed form fields as a CHANGE (their names humanised): `reference_data` registers
those for a model; the admin registers them for every model it shows
(`MasaAdminSite.get_urls`), after every app has registered its own verbs.
"""

from __future__ import annotations

from django.db import models

from masa.core import audit
from masa.core.audit import Kind, register

PERSON = {
    "email": "Email address",
    "full_name": "Full name",
    "job_title": "Job title",
    "phone": "Phone",
    "is_active": "Can sign in",
}
MEMBERSHIP = {
    "person": "Person",
    "agency": "Agency",
    "roles": "Roles",
    "is_active": "Access active",
}

register("person.create", "Added a person", Kind.CHANGE, PERSON)
register("person.update", "Changed a person's details", Kind.CHANGE, PERSON)
register(
    "person.installation_admin",
    "Changed who administers the installation",
    Kind.CHANGE,
    {"is_installation_admin": "Installation administrator"},
)
register("membership.create", "Added a person to the partnership", Kind.CHANGE, MEMBERSHIP)
register("membership.update", "Changed a person's access", Kind.CHANGE, MEMBERSHIP)
register(
    "child_population.set",
    "Set the child population",
    Kind.CHANGE,
    {"children": "Children aged 0 to 17"},
)
register(
    "timescale.set",
    "Changed a timescale",
    Kind.CHANGE,
    {"rule": "Timescale", "reason": "Reason for the local timescale"},
)
register("session.sign_in", "Signed in", Kind.EVENT)
register("session.sign_out", "Signed out", Kind.EVENT, {"reason": "How"})
register(
    "two_factor.start",
    "Started setting up two-factor authentication",
    Kind.EVENT,
    {"device": "Authenticator"},
)
register(
    "two_factor.enrol",
    "Set up two-factor authentication",
    Kind.EVENT,
    {"device": "Authenticator"},
)
# `audit.record_view`'s own verb: someone was shown an identifiable record.
register("view", "Viewed a record", Kind.VIEW)


def reference_data(model: type[models.Model]) -> None:
    """Register the admin's verbs for `model` (`<model>.create|update|delete`), unless
    its app registered them itself."""
    name = model._meta.model_name
    noun = str(model._meta.verbose_name)
    for action, label in (("create", "Added"), ("update", "Changed"), ("delete", "Deleted")):
        verb = f"{name}.{action}"
        if verb not in audit.VERBS:
            register(verb, f"{label} reference data: {noun}", Kind.CHANGE)


def _core_reference_data() -> None:
    from masa.core.models import (
        Agency,
        ChildPopulation,
        Partnership,
        PartnershipAgency,
        Role,
        RolePermission,
    )

    for model in (Agency, ChildPopulation, Partnership, PartnershipAgency, Role, RolePermission):
        reference_data(model)


_core_reference_data()
