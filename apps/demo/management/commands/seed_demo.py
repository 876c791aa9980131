import argparse

from django.core.management.base import BaseCommand

from apps.demo.seed import seed_demo


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

    def handle(self, *args, scale: int, reset: bool, **options) -> None:
        seed_demo(scale=scale, reset=reset, stdout=self.stdout)
