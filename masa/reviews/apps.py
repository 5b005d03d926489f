from typing import Any

from django.apps import AppConfig


def install_themes(sender: object, *, partnership: Any, actor: Any, **kwargs: Any) -> str:
    """A new partnership gets the starter review themes (core's set-up signal)."""
    from masa.reviews.services.reference import themes_ensure_defaults

    added = themes_ensure_defaults(actor=actor, partnership=partnership)
    return f"{added} starter review themes added" if added else ""


class ReviewsConfig(AppConfig):
    name = "masa.reviews"
    label = "reviews"
    verbose_name = "Case reviews and learning"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register
        from masa.core.signals import partnership_created
        from masa.reviews import audit_verbs  # noqa: F401 - registers the verbs

        partnership_created.connect(install_themes, dispatch_uid="reviews.themes")

        # R1: casework. The executive's review.view is aggregate: the case reviews page
        # shows them figures only. Agencies asked for a rapid review summary find it here.
        register(NavItem("Case reviews", "reviews:home", "review.view", order=60))
        register(
            NavItem("Agency summaries", "reviews:summaries", "recommendation.update", order=62)
        )
        # R2: the learning library for every member (the action plan is masa.actions').
        register(NavItem("Learning library", "reviews:library", None, order=55))
