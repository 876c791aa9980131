import argparse

from django.core.management.base import BaseCommand

from apps.demo.seed import demo_password, seed_demo


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


class Command(BaseCommand):
    help = "Load the demo counties, users and plans (示范县, 邻县); safe to run repeatedly."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            type=positive_int,
            default=1,
            help="Multiply the structured content (indicators, tasks, projects, …) by N.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Rebuild the demo plans even if they already exist (drops edits to them).",
        )
        parser.add_argument(
            "--province",
            action="store_true",
            help="Also build a demo province around 示范县: three cities with their own "
            "plans and allocations, a hundred counties with plans, 衔接 rounds.",
        )

    def handle(self, *args, scale: int, reset: bool, province: bool, **options) -> None:
        seed_demo(scale=scale, reset=reset, stdout=self.stdout)
        if province:
            from apps.demo.province import seed_province

            self.stdout.write("\n")
            seed_province(password=demo_password(), reset=reset, stdout=self.stdout)
