"""The addresses of the risk register, escalations and independent scrutiny, added to
`masa.governance.urls` (namespace `governance`)."""

from django.urls import URLPattern, URLResolver, path

from masa.governance.views import risks

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
]
