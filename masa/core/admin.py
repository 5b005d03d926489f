"""The admin, for reference data only (agencies, roles, partnerships), and only for
system administrators. Every save goes through a service and is audited.

Two kinds of administrator use it. An installation administrator
(`Person.is_installation_admin`) administers every partnership, the roles and the
agencies shared between partnerships. A partnership's system administrator
(`admin.access` in the partnership they are working in) sees and changes only their
partnership's data: installation-wide data (roles, the DASH checklist, agencies
other partnerships use too) is theirs to read, not to change."""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from masa.core import audit, audit_verbs, services
from masa.core.acting import Acting
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
from masa.core.policies import administers_installation


def _acting(request: HttpRequest) -> Acting | None:
    """Who is acting, and in which partnership (None: in none); set by the middleware."""
    acting = getattr(request, "acting", None)
    return acting if isinstance(acting, Acting) else None


class MasaAdminSite(admin.AdminSite):
    site_header = "MASA reference data"
    site_title = "MASA admin"
    index_title = "Reference data"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        acting = _acting(request)
        return bool(
            user.is_active
            and user.is_authenticated
            and (
                administers_installation(user)
                or (acting is not None and acting.has("admin.access"))
            )
        )

    def get_urls(self) -> list[URLResolver | URLPattern]:
        # Built once every app is ready: each model here, and each of its inlines, has
        # its reference-data audit verbs (unless its app registered them itself).
        for model, model_admin in self._registry.items():
            if model is AuditEvent:  # read only: nobody changes the log
                continue
            audit_verbs.reference_data(model)
            for inline in getattr(model_admin, "inlines", ()):
                audit_verbs.reference_data(inline.model)
        return super().get_urls()

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


def _person(request: HttpRequest) -> Person:
    # The admin site lets only signed-in system administrators through.
    assert isinstance(request.user, Person)
    return request.user


def _actor(request: HttpRequest) -> Acting | Person:
    """Who changes reference data: acting in their partnership (whose audit log then
    holds a change no partnership owns), or an installation administrator in none."""
    return _acting(request) or _person(request)


def _own_partnership(request: HttpRequest) -> Partnership | None:
    """The one partnership a partnership's administrator may administer; None for an
    installation administrator (every partnership)."""
    if administers_installation(request.user):
        return None
    acting = _acting(request)
    if acting is None:  # the admin site lets no one else in
        raise PermissionDenied
    return acting.partnership


def _partnership_path(model: type[Model]) -> str | None:
    """How a model's rows reach their partnership, for scoping; None for data that
    belongs to the whole installation."""
    path = getattr(model, "admin_partnership_path", None)
    if path is not None:
        return str(path)
    if model is Partnership:
        return "pk"
    names = {field.name for field in model._meta.get_fields()}
    return "partnership" if "partnership" in names else None


def _belongs_to(obj: Model, path: str, partnership: Partnership) -> bool:
    """Whether the (possibly unsaved) `obj` reaches `partnership` along `path`."""
    if path == "pk":
        return bool(obj.pk == partnership.pk)
    *steps, last = path.split("__")
    value: Any = obj
    for step in steps:
        value = getattr(value, step, None)
    return value is not None and getattr(value, f"{last}_id", None) == partnership.pk


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Saves and deletes through services, so each change leaves an audit event; a
    partnership's administrator sees and changes only their partnership's rows."""

    # A subclass may say how its rows reach their partnership ("indicator__partnership").
    partnership_path: str | None = None

    def _allowed(self, request: HttpRequest) -> bool:
        return admin_site.has_permission(request)

    def _path(self) -> str | None:
        return self.partnership_path or _partnership_path(self.model)

    def _may_change(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._allowed(request):
            return False
        own = _own_partnership(request)
        if own is None:
            return True
        path = self._path()
        if path is None:  # installation-wide data: read only
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        records = super().get_queryset(request)
        own = _own_partnership(request) if self._allowed(request) else None
        path = self._path()
        if own is None or path is None:
            return records
        return records.filter(**{path: own.pk}).distinct()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        own = _own_partnership(request) if self._allowed(request) else None
        if own is not None and db_field.related_model is Partnership:
            kwargs["queryset"] = Partnership.objects.filter(pk=own.pk)
        elif own is not None and db_field.related_model is Agency:
            kwargs["queryset"] = Agency.objects.filter(partnerships=own)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        own = _own_partnership(request) if self._allowed(request) else None
        related = db_field.related_model
        if own is not None and _partnership_path(related) == "partnership":
            kwargs["queryset"] = related._default_manager.filter(partnership=own)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and self._allowed(request) and self._path() is not None:
            return self.get_queryset(request).filter(pk=obj.pk).exists()
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._may_change(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj)

    def _check_belongs(self, request: HttpRequest, obj: Model) -> None:
        # A row saved by a partnership's administrator must stay in their partnership
        # (a raw id or a crafted form cannot file it under another).
        own, path = _own_partnership(request), self._path()
        if own is not None and path is not None and not _belongs_to(obj, path, own):
            raise PermissionDenied

    def save_model(
        self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool
    ) -> None:
        self._check_belongs(request, obj)
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

    def _may_change(self, request: HttpRequest, obj: Any = None) -> bool:
        # As the record they sit in: a partnership's administrator reads the rows of
        # installation-wide data (a role's permissions) but does not change them.
        if not admin_site.has_permission(request):
            return False
        return administers_installation(request.user) or (
            _partnership_path(self.parent_model) is not None
        )

    has_add_permission = has_change_permission = has_delete_permission = _may_change


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
    """An agency may sit in several partnerships: a partnership's administrator sees
    their partnership's agencies and changes only those no other partnership uses."""

    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    partnership_path = "partnerships"

    def _may_change(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._allowed(request):
            return False
        own = _own_partnership(request)
        if own is None or obj is None:
            return True
        return set(obj.partnerships.values_list("pk", flat=True)) == {own.pk}

    def _check_belongs(self, request: HttpRequest, obj: Model) -> None:
        if obj.pk is not None and not self._may_change(request, obj):
            raise PermissionDenied

    def save_model(
        self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        own = _own_partnership(request)
        if not change and own is not None and isinstance(obj, Agency):
            # A partnership's administrator adds an agency to their partnership.
            services.reference_data_save(
                actor=_actor(request),
                obj=PartnershipAgency(partnership=own, agency=obj),
                changed_fields=["partnership", "agency", "statutory_partner"],
                created=True,
            )


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

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request) and administers_installation(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) and administers_installation(request.user)

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        if not change:
            # After the inlines, so the catalogue's agency indicators find their owners.
            services.partnership_set_up(actor=_person(request), partnership=form.instance)


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(AuditedAdmin):
    """Read-only: the audit log cannot be changed, here or anywhere."""

    # Identifiable records are named by reference only (core.audit.shown_labels), and a
    # stored label (an older event's may hold a child's name) is neither shown nor searched.
    list_display = ["at", "actor_label", "what", "target_type", "record", "partnership"]
    list_filter = ["verb", "partnership"]
    search_fields = ["actor_label", "target_id"]
    exclude = ["target_label"]
    readonly_fields = ["what", "record", "shown_changes"]

    @admin.display(description="what happened")
    def what(self, event: AuditEvent) -> str:
        return audit.shown_verb(event.verb)

    @admin.display(description="record")
    def record(self, event: AuditEvent) -> str:
        return audit.shown_labels([event])[event.pk]

    @admin.display(description="in words")
    def shown_changes(self, event: AuditEvent) -> SafeString:
        shown = audit.shown_changes(event.changes, event.verb)
        return format_html_join(
            "\n",
            "<p>{}: {}</p>",
            ((c.name, f"{c.old} → {c.new}" if c.old is not None else c.new) for c in shown),
        )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
