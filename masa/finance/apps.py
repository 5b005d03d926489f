from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "masa.finance"
    label = "finance"
    verbose_name = "The partnership's money"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register
        from masa.finance import audit_verbs  # noqa: F401 - registers the verbs

        # The financial summary: totals for figures-only roles, everything for the
        # business unit and the executive.
        register(NavItem("Money", "finance:summary", "finance.view", order=70))
