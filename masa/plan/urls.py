"""The strategic plan, the list of priorities and each priority's page."""

from django.urls import URLPattern, URLResolver

app_name = "plan"

urlpatterns: list[URLPattern | URLResolver] = []
