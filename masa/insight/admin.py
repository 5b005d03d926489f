"""Insight reference data the system administrator keeps: indicators and comparators
(priorities are the plan's, edited by the business unit in the service). The business
manager changes indicators on the catalogue page; here the whole record can be
corrected. Every change is audited."""

from __future__ import annotations

from django.contrib import admin

from masa.core.admin import AuditedAdmin, admin_site
from masa.insight.models import Comparator, Indicator


@admin.register(Indicator, site=admin_site)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "name", "partnership", "source", "function", "agency", "is_active"]
    list_filter = ["partnership", "source", "function", "is_active", "publishable"]
    search_fields = ["code", "name"]


@admin.register(Comparator, site=admin_site)
class ComparatorAdmin(AuditedAdmin):
    partnership_path = "indicator__partnership"
    list_display = ["indicator", "kind", "period_start", "period_end", "value"]
    list_filter = ["kind", "indicator__partnership"]
    search_fields = ["indicator__code", "indicator__name"]
    raw_id_fields = ["indicator"]
