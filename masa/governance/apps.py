from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "masa.governance"
    label = "governance"
    verbose_name = "Governance: groups, meetings, risks, escalation and scrutiny"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register
        from masa.governance import audit_verbs  # noqa: F401 - registers the verbs

        # The partnership's groups, their meetings and the attendance report.
        register(NavItem("Groups and meetings", "governance:groups", "governance.view", order=70))
        register(NavItem("Decision log", "governance:decisions", "governance.view", order=71))
        register(NavItem("Attendance", "governance:attendance", "governance.view", order=72))
        register(NavItem("My meetings", "governance:my-meetings", "governance.view", order=73))
