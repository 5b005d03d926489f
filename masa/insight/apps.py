from typing import Any

from django.apps import AppConfig


def install_catalogue(sender: object, *, partnership: Any, actor: Any, **kwargs: Any) -> str:
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

        partnership_created.connect(install_catalogue, dispatch_uid="insight.catalogue")

        register(NavItem("Dashboards", "insight:dashboards", "dashboard.view", order=30))
        register(NavItem("Data returns", "insight:returns", "data_return.view", order=31))
