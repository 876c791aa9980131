from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "apps.search"
    label = "search"
    verbose_name = _("搜索")

    def ready(self) -> None:
        from apps.plans.indexing import register_indexer
        from apps.search.index import indexer

        register_indexer(indexer)
        post_migrate.connect(index_unindexed_plans, sender=self)


def index_unindexed_plans(using: str = "default", **kwargs) -> None:
    """After ``migrate``: index the plans that have no entry (every plan has at
    least its chapters' titles), so a database from before search is searchable
    once upgraded, without a step to remember. One query when all are indexed."""
    from django.db import connections

    from apps.plans.models import Plan
    from apps.search.index import reindex_plans
    from apps.search.models import SearchEntry

    if SearchEntry._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before search
    reindex_plans(Plan.objects.using(using).exclude(pk__in=SearchEntry.objects.values("plan_id")))
