from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:
    from masa.core.models import Partnership, Person


def install_level_outcomes(
    sender: object, *, partnership: Partnership, actor: Person | None, **kwargs: Any
) -> str:
    """A new partnership gets the default outcomes at each level (core's set-up signal,
    sent by whoever set it up: an installation administrator, or the system)."""
    from masa.frontdoor.services.decisions import level_outcomes_ensure_defaults

    added = level_outcomes_ensure_defaults(actor=actor, partnership=partnership)
    return f"{added} outcomes allowed at each level of need added" if added else ""


class FrontdoorConfig(AppConfig):
    name = "masa.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door: eMARF and MASH"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register
        from masa.core.signals import partnership_created
        from masa.frontdoor import audit_verbs  # noqa: F401 (registers the verbs)

        partnership_created.connect(install_level_outcomes, dispatch_uid="frontdoor.outcomes")

        register(NavItem("My referrals", "frontdoor:referrals", "referral.create", order=10))
        register(NavItem("MASH queue", "frontdoor:queue", "contact.view", order=20))
        register(
            NavItem("Information requests", "frontdoor:checks", "partner_check.respond", order=30)
        )
        register(NavItem("Front-door figures", "frontdoor:figures", "dashboard.view", order=40))
