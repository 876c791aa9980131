from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from apps.accounts.models import County, Department, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["county", "department"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "display_name", "is_active", "is_staff"]
    fieldsets = (*BaseUserAdmin.fieldsets, (None, {"fields": ["display_name"]}))


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "function_zone"]
    autocomplete_fields = ["parent"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "position"]
    list_filter = ["county"]
    search_fields = ["name"]
