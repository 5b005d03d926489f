from typing import Any

from django.apps import AppConfig


def install_tool(sender: object, *, partnership: Any, actor: Any = None, **_: Any) -> str:
    """A new partnership starts with the starter audit tool."""
    from masa.audits.services.case_audits import tool_ensure_defaults

    added = tool_ensure_defaults(partnership=partnership)
    return f"{added} audit tool questions" if added else ""


class AuditsConfig(AppConfig):
    name = "masa.audits"
    label = "audits"
    verbose_name = "Multi-agency case audits"

    def ready(self) -> None:
        from masa.audits import audit_verbs  # noqa: F401 - registers the verbs
        from masa.core.navigation import NavItem, register
        from masa.core.signals import partnership_created

        partnership_created.connect(install_tool, dispatch_uid="audits.tool")
        register(NavItem("Case audits", "audits:home", "case_audit.view", order=66))
        register(
            NavItem("Your agency's audits", "audits:agency", "audit_response.answer", order=67)
        )
