"""Training reference data the system administrator keeps: themes, charge rules and
the evaluation questions (forms per course, as data). Every change is audited."""

from __future__ import annotations

from django.contrib import admin

from masa.core.admin import AuditedAdmin, AuditedInline, admin_site
from masa.learning.models import ChargeRule, EvaluationForm, EvaluationQuestion, Theme


@admin.register(Theme, site=admin_site)
class ThemeAdmin(AuditedAdmin):
    list_display = ["name", "partnership"]
    list_filter = ["partnership"]


@admin.register(ChargeRule, site=admin_site)
class ChargeRuleAdmin(AuditedAdmin):
    list_display = ["partnership", "kind", "amount"]
    list_filter = ["partnership"]


class EvaluationQuestionInline(AuditedInline):
    model = EvaluationQuestion


@admin.register(EvaluationForm, site=admin_site)
class EvaluationFormAdmin(AuditedAdmin):
    list_display = ["title", "partnership", "course", "stage"]
    list_filter = ["partnership", "stage"]
    inlines = [EvaluationQuestionInline]
