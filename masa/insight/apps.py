from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "masa.insight"
    label = "insight"
    verbose_name = "Insight: indicators, returns and dashboards"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register

        register(NavItem("Dashboards", "insight:dashboards", "dashboard.view", order=30))
        register(NavItem("Data returns", "insight:returns", "data_return.view", order=31))
