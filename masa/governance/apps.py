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
        # The risk register, escalations and independent scrutiny (audit_verbs_risks).
        from masa.core.signals import partnership_created
        from masa.governance import audit_verbs_risks  # noqa: F401 - registers the verbs
        from masa.governance.services.escalations import install_ladder

        partnership_created.connect(install_ladder, dispatch_uid="governance.ladder")

        register(NavItem("Risk register", "governance:risks", "risk.view", order=74))
        register(NavItem("Escalations", "governance:escalations", "escalation.view", order=75))
        register(NavItem("Scrutiny", "governance:scrutiny", "scrutiny.view", order=76))
