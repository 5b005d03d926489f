"""The addresses of the risk register, escalations and independent scrutiny, added to
`masa.governance.urls` (namespace `governance`)."""

from django.urls import URLPattern, URLResolver, path

from masa.governance.views import escalations, risks, scrutiny

urlpatterns: list[URLPattern | URLResolver] = [
    path("governance/risks/", risks.register, name="risks"),
    path("governance/risks/heat-map/", risks.heat_map, name="risks-heat-map"),
    path("governance/risks/by-owner/", risks.by_owner, name="risks-by-owner"),
    path("governance/risks/overdue/", risks.overdue, name="risks-overdue"),
    path("governance/risks/scale/", risks.risk_scale, name="risk-scale"),
    path("governance/risks/new/", risks.risk_new, name="risk-new"),
    path("governance/risk-register.xlsx", risks.register_xlsx, name="risks-xlsx"),
    path("governance/risks/<int:pk>/", risks.risk_detail, name="risk"),
    path("governance/risks/<int:pk>/edit/", risks.risk_edit, name="risk-edit"),
    path("governance/risks/<int:pk>/review/", risks.risk_review, name="risk-review"),
    path("governance/risks/<int:pk>/actions/new/", risks.risk_action_new, name="risk-action-new"),
    path("governance/escalations/", escalations.escalation_list, name="escalations"),
    path("governance/escalations/new/", escalations.escalation_new, name="escalation-new"),
    path(
        "governance/escalations/figures/",
        escalations.escalation_figures,
        name="escalation-figures",
    ),
    path("governance/escalations/ladder/", escalations.ladder, name="escalation-ladder"),
    path("governance/escalations/ladder/new/", escalations.stage_new, name="escalation-stage-new"),
    path(
        "governance/escalations/ladder/<int:pk>/",
        escalations.stage_edit,
        name="escalation-stage-edit",
    ),
    path("governance/escalations/<int:pk>/", escalations.escalation_detail, name="escalation"),
    path(
        "governance/escalations/<int:pk>/respond/",
        escalations.escalation_respond,
        name="escalation-respond",
    ),
    path(
        "governance/escalations/<int:pk>/escalate/",
        escalations.escalation_escalate,
        name="escalation-escalate",
    ),
    path(
        "governance/escalations/<int:pk>/resolve/",
        escalations.escalation_resolve,
        name="escalation-resolve",
    ),
    path("governance/scrutiny/", scrutiny.scrutiny_home, name="scrutiny"),
    path("governance/scrutiny/plans/new/", scrutiny.plan_new, name="scrutiny-plan-new"),
    path("governance/scrutiny/plans/<int:pk>/", scrutiny.plan_detail, name="scrutiny-plan"),
    path(
        "governance/scrutiny/plans/<int:pk>/activities/new/",
        scrutiny.activity_new,
        name="scrutiny-activity-new",
    ),
    path(
        "governance/scrutiny/activities/<int:pk>/",
        scrutiny.activity_detail,
        name="scrutiny-activity",
    ),
    path(
        "governance/scrutiny/activities/<int:pk>/findings/",
        scrutiny.findings,
        name="scrutiny-findings",
    ),
    path(
        "governance/scrutiny/activities/<int:pk>/recommendations/new/",
        scrutiny.recommendation_new,
        name="scrutiny-recommendation-new",
    ),
    path(
        "governance/scrutiny/recommendations/<int:pk>/",
        scrutiny.recommendation_detail,
        name="scrutiny-recommendation",
    ),
    path(
        "governance/scrutiny/recommendations/<int:pk>/decide/",
        scrutiny.decide,
        name="scrutiny-decide",
    ),
    path(
        "governance/scrutiny/recommendations/<int:pk>/actions/new/",
        scrutiny.action_new,
        name="scrutiny-action-new",
    ),
]
