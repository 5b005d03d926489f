"""The addresses of governance: groups, meetings, reports. Other sub-areas (risks,
escalation, scrutiny) add theirs to `urlpatterns` below."""

from django.urls import URLPattern, URLResolver, path

from masa.governance.views import groups

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("governance/", groups.structure, name="groups"),
]
