from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "masa.reviews"
    label = "reviews"
    verbose_name = "Case reviews and learning"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register

        # R1: casework. The executive's review.view is aggregate: the case reviews page
        # shows them figures only. Agencies asked for a rapid review summary find it here.
        register(NavItem("Case reviews", "reviews:home", "review.view", order=60))
        register(
            NavItem("Agency summaries", "reviews:summaries", "recommendation.update", order=62)
        )
        # R2: the combined action plan, and the learning library for every member.
        register(NavItem("Action plan", "reviews:action-plan", "recommendation.view", order=61))
        register(NavItem("Learning library", "reviews:library", None, order=55))
