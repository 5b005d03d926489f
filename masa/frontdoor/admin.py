"""The DASH checklist's questions and bands are data the system administrator keeps."""

from __future__ import annotations

from django.contrib import admin

from masa.core.admin import AuditedAdmin, AuditedInline, admin_site
from masa.frontdoor.models import RiskBand, RiskChecklist, RiskQuestion


class RiskQuestionInline(AuditedInline):
    model = RiskQuestion


class RiskBandInline(AuditedInline):
    model = RiskBand


@admin.register(RiskChecklist, site=admin_site)
class RiskChecklistAdmin(AuditedAdmin):
    list_display = ["name", "code"]
    inlines = [RiskQuestionInline, RiskBandInline]
