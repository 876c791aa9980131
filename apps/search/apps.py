from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "apps.search"
    label = "search"
    verbose_name = _("搜索")

    def ready(self) -> None:
        from apps.plans.indexing import register_indexer
        from apps.search.index import indexer

        register_indexer(indexer)
