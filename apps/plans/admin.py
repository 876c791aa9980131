from django.contrib import admin

from apps.plans.models import OutlineNode, Plan


class OutlineNodeInline(admin.TabularInline):
    model = OutlineNode
    fields = ["level", "parent", "position", "title", "key", "body_length"]
    readonly_fields = ["body_length"]
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "county", "stage", "base_year", "target_year", "vision_year"]
    list_filter = ["stage", "county"]
    search_fields = ["title", "county__name"]
    inlines = [OutlineNodeInline]


@admin.register(OutlineNode)
class OutlineNodeAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "level", "position", "body_length", "version"]
    list_filter = ["level", "plan"]
    search_fields = ["title"]
    readonly_fields = ["body_length", "version", "updated_by"]
