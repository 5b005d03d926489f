from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "masa.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door: eMARF and MASH"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register

        register(NavItem("My referrals", "frontdoor:referrals", "referral.create", order=10))
        register(NavItem("MASH queue", "frontdoor:queue", "contact.view", order=20))
        register(
            NavItem("Information requests", "frontdoor:checks", "partner_check.respond", order=30)
        )
        register(NavItem("Front-door figures", "frontdoor:figures", "dashboard.view", order=40))
