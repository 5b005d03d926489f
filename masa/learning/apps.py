from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "masa.learning"
    label = "learning"
    verbose_name = "Learning and development"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register
        from masa.learning import audit_verbs  # noqa: F401 - registers the verbs

        register(NavItem("Training", "learning:catalogue", "course.view", order=50))
        register(NavItem("My training", "learning:my-bookings", "course.book", order=51))
        register(NavItem("Events I deliver", "learning:my-events", "course.deliver", order=52))
        register(NavItem("Manage training", "learning:manage", "course.manage", order=53))
        register(NavItem("Training reports", "learning:reports", "course.manage", order=54))
