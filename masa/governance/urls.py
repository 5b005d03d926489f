"""The addresses of governance: groups, meetings, reports. Other sub-areas (risks,
escalation, scrutiny) add theirs to `urlpatterns` below."""

from django.urls import URLPattern, URLResolver, path

from masa.governance.views import groups

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("governance/", groups.structure, name="groups"),
]

from masa.governance import urls_risks  # noqa: E402 - the risk register, escalation, scrutiny

urlpatterns += urls_risks.urlpatterns
