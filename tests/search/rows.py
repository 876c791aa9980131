"""The index of a plan as rows, for comparing it with a rebuild."""

from apps.search.models import SearchEntry


def index_rows(plan) -> list[tuple]:
    return sorted(
        SearchEntry.objects.filter(plan=plan).values_list(
            "kind",
            "object_id",
            "part",
            "node_id",
            "document_id",
            "version_id",
            "position",
            "title",
            "text",
            "title_tokens",
            "tokens",
        )
    )
