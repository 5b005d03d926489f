from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:
    from masa.core.models import Partnership, Person


def install_catalogue(
    sender: object, *, partnership: Partnership, actor: Person | None, **kwargs: Any
) -> str:
    """A new partnership gets the starter indicator catalogue (core's set-up signal)."""
    from masa.insight.services import catalogue_install

    added = catalogue_install(actor=actor, partnership=partnership)
    return f"{added} starter indicators added" if added else ""


class InsightConfig(AppConfig):
    name = "masa.insight"
    label = "insight"
    verbose_name = "Insight: indicators, returns and dashboards"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register
        from masa.core.signals import partnership_created
        from masa.insight import audit_verbs  # noqa: F401 - registers insight's audit verbs

        partnership_created.connect(install_catalogue, dispatch_uid="insight.catalogue")

        register(NavItem("Dashboards", "insight:dashboards", "dashboard.view", order=30))
        register(NavItem("Data returns", "insight:returns", "data_return.view", order=31))
