from django.core.management.base import BaseCommand, CommandError

from apps.plans.models import Plan
from apps.search.index import reindex_plan


class Command(BaseCommand):
    help = "Rebuild the search index of every plan, or of the plans named."

    def add_arguments(self, parser) -> None:
        parser.add_argument("plan_ids", nargs="*", type=int, help="only these plans")

    def handle(self, *args, plan_ids: list[int], **options) -> None:
        plans = Plan.objects.order_by("pk")
        if plan_ids:
            plans = plans.filter(pk__in=plan_ids)
            missing = set(plan_ids) - set(plans.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no such plan: {sorted(missing)}")
        total = 0
        for plan in plans.select_related("county"):
            total += reindex_plan(plan)
        self.stdout.write(f"{plans.count()} plans, {total} entries indexed")
