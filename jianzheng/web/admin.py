"""Django admin, for superuser repairs only (docs/permissions.md), mounted at /django-admin/.

Every app's models are registered here, not in each app's admin.py: web sits on top and may
import every area, and one module shows at a glance what a superuser may change. Read-only is
the default: issued certificates, refusals, signed documents, the audit log and the catalogue
are never changed or deleted by hand (DESIGN.md "Data that must never be lost"; catalogue
changes go through change requests). Only units, users and memberships are editable, and every
edit also goes into the hash-chained audit log, like any other staff write."""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError

from jianzheng.accounts.login_forms import GuardedLoginMixin
from jianzheng.accounts.models import Membership, User
from jianzheng.accounts.roles import Role
from jianzheng.accounts.services import ROLE_UNIT_KINDS
from jianzheng.core.audit import record
from jianzheng.regions.models import Unit

AREAS = (
    "core",
    "regions",
    "accounts",
    "documents",
    "catalogue",
    "certificates",
    "sharing",
    "commitments",
    "complaints",
)
# Bookkeeping rows nobody repairs by hand: the audit chain's head, serial counters, PDF bytes.
HIDDEN = {"core.audithead", "certificates.serialcounter", "certificates.certificatepdf"}


class SuperuserLoginForm(GuardedLoginMixin, AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not (user.is_active and user.is_superuser):
            raise ValidationError(
                "此页面仅供超级用户修复数据；工作人员请从 /staff/login/ 登录。",
                code="not_superuser",
            )


class RepairSite(admin.AdminSite):
    site_header = "减证 数据修复"
    site_title = "减证 数据修复"
    index_title = "超级用户数据修复（已出具的证明、拒绝记录、签名文书和审计记录只能查看）"
    login_form = SuperuserLoginForm

    def has_permission(self, request):
        """Superusers only; is_staff alone (Django's default) is not enough."""
        return request.user.is_active and request.user.is_superuser


repair_site = RepairSite(name="repair")
# A deletion is one deliberate act on one row, inside the delete view's transaction.
repair_site.disable_action("delete_selected")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Adds, changes and deletions are written to the audit log too, in the same transaction."""

    def log_addition(self, request, obj, message):
        record(actor=request.user, action="admin.added", target=obj, summary={"admin": message})
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        record(actor=request.user, action="admin.changed", target=obj, summary={"admin": message})
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            record(
                actor=request.user, action="admin.deleted", target=obj, summary={"was": str(obj)}
            )
        return super().log_deletions(request, queryset)


@admin.register(Unit, site=repair_site)
class UnitAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "region", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("region",)

    def get_readonly_fields(self, request, obj=None):
        # Serials and signed documents carry the unit code.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False  # certificates and documents point at it; set is_active off instead


@admin.register(User, site=repair_site)
class StaffUserAdmin(AuditedAdmin, UserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name",)}),
        ("状态", {"fields": ("is_active", "is_superuser")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "full_name", "is_active", "is_superuser", "last_login")
    list_filter = ("is_active", "is_superuser")
    search_fields = ("username", "full_name")

    def has_delete_permission(self, request, obj=None):
        return False  # their name is on certificates and audit entries; deactivate instead


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "unit", "role")

    def clean(self):
        cleaned = super().clean()
        unit, role = cleaned.get("unit"), cleaned.get("role")
        if unit is not None and role in Role.values and unit.kind not in ROLE_UNIT_KINDS[role]:
            self.add_error("unit", f"{Role(role).label}不能属于{unit.get_kind_display()}")
        return cleaned


@admin.register(Membership, site=repair_site)
class MembershipAdmin(AuditedAdmin):
    form = MembershipForm
    list_display = ("user", "unit", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__code", "unit__name")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user", "unit")


for model in (m for area in AREAS for m in apps.get_app_config(area).get_models()):
    if model._meta.label_lower not in HIDDEN and not repair_site.is_registered(model):
        repair_site.register(model, ReadOnlyAdmin)
