from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "masa.people"
    label = "people"
    verbose_name = "People and access"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register
        from masa.people import audit_verbs  # noqa: F401 - registers the verbs

        register(NavItem("Agencies", "people:agencies", "agency.view", order=81))
