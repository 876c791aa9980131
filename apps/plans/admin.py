from django.contrib import admin

from apps.plans.models import Document, OutlineNode, Plan


class DocumentInline(admin.TabularInline):
    model = Document
    fields = ["kind", "title", "stage", "template_key"]
    extra = 0
    show_change_link = True


class OutlineNodeInline(admin.TabularInline):
    model = OutlineNode
    fields = ["level", "parent", "position", "title", "key", "body_length"]
    readonly_fields = ["body_length"]
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "county", "base_year", "target_year", "vision_year"]
    list_filter = ["county"]
    search_fields = ["county__name", "documents__title"]
    inlines = [DocumentInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "kind", "stage"]
    list_filter = ["kind", "stage"]
    search_fields = ["title", "plan__county__name"]
    inlines = [OutlineNodeInline]


@admin.register(OutlineNode)
class OutlineNodeAdmin(admin.ModelAdmin):
    list_display = ["title", "document", "level", "position", "body_length", "version"]
    list_filter = ["level"]
    search_fields = ["title"]
    readonly_fields = ["body_length", "version", "updated_by"]
