"""The DASH checklist's questions and bands, and the outcomes allowed at each level of
need in each partnership, are data the system administrator keeps."""

from __future__ import annotations

from django.contrib import admin

from masa.core.admin import AuditedAdmin, AuditedInline, admin_site
from masa.frontdoor.models import LevelOutcome, RiskBand, RiskChecklist, RiskQuestion


class RiskQuestionInline(AuditedInline):
    model = RiskQuestion


class RiskBandInline(AuditedInline):
    model = RiskBand


@admin.register(RiskChecklist, site=admin_site)
class RiskChecklistAdmin(AuditedAdmin):
    list_display = ["name", "code"]
    inlines = [RiskQuestionInline, RiskBandInline]


@admin.register(LevelOutcome, site=admin_site)
class LevelOutcomeAdmin(AuditedAdmin):
    list_display = ["partnership", "level", "outcome"]
    list_filter = ["partnership", "level"]
