"""The admin, for reference data only (agencies, roles, partnerships), and only for
system administrators. Every save goes through a service and is audited."""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from masa.core import services
from masa.core.models import (
    Agency,
    AuditEvent,
    ChildPopulation,
    Partnership,
    PartnershipAgency,
    Person,
    Role,
    RolePermission,
)
from masa.core.permissions import all_permissions
from masa.core.policies import has_permission


class MasaAdminSite(admin.AdminSite):
    site_header = "MASA reference data"
    site_title = "MASA admin"
    index_title = "Reference data"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active and user.is_authenticated and has_permission(user, "admin.access")
        )

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # Signed in without the permission: the admin is not there for you.
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404("No such page.")
            return inner(request, *args, **kwargs)  # type: ignore[no-any-return]

        return update_wrapper(guarded, view)

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # One sign-in for the whole service, with its lockout and two-factor rules.
        if request.user.is_authenticated:
            return HttpResponseRedirect(reverse("core:home"))
        return HttpResponseRedirect(
            reverse("core:sign-in") + "?" + urlencode({"next": request.get_full_path()})
        )


admin_site = MasaAdminSite(name="admin")


def _actor(request: HttpRequest) -> Person:
    # The admin site lets only signed-in system administrators through.
    assert isinstance(request.user, Person)
    return request.user


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Saves and deletes through services, so each change leaves an audit event."""

    def _allowed(self, request: HttpRequest) -> bool:
        return admin_site.has_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def save_model(
        self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool
    ) -> None:
        services.reference_data_save(
            actor=_actor(request),
            obj=obj,
            changed_fields=form.changed_data or [f.name for f in obj._meta.concrete_fields],
            created=not change,
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        services.reference_data_delete(actor=_actor(request), obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            services.reference_data_delete(actor=_actor(request), obj=obj)

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.reference_data_delete(actor=_actor(request), obj=obj)
        # By identity: a new inline row has no primary key yet, so cannot be hashed.
        changed = {
            id(inline_form.instance): inline_form.changed_data for inline_form in formset.forms
        }
        for obj in instances:
            services.reference_data_save(
                actor=_actor(request),
                obj=obj,
                changed_fields=changed.get(id(obj)) or [f.name for f in obj._meta.concrete_fields],
                created=obj.pk is None,
            )
        formset.save_m2m()


class AuditedInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_site.has_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class RolePermissionForm(forms.ModelForm):  # type: ignore[type-arg]
    permission = forms.ChoiceField(choices=all_permissions)

    class Meta:
        model = RolePermission
        fields = ["permission", "scope"]


class RolePermissionInline(AuditedInline):
    model = RolePermission
    form = RolePermissionForm


@admin.register(Role, site=admin_site)
class RoleAdmin(AuditedAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RolePermissionInline]


@admin.register(Agency, site=admin_site)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


class PartnershipAgencyInline(AuditedInline):
    model = PartnershipAgency
    autocomplete_fields = ["agency"]


class ChildPopulationInline(AuditedInline):
    model = ChildPopulation


@admin.register(Partnership, site=admin_site)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "area", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnershipAgencyInline, ChildPopulationInline]

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        if not change:
            # After the inlines, so the catalogue's agency indicators find their owners.
            services.partnership_set_up(actor=_actor(request), partnership=form.instance)


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(AuditedAdmin):
    """Read-only: the audit log cannot be changed, here or anywhere."""

    list_display = ["at", "actor_label", "verb", "target_type", "target_label", "partnership"]
    list_filter = ["verb", "partnership"]
    search_fields = ["actor_label", "target_label", "target_id"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
