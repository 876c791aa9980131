"""Worst case of the 衔接 project matcher (apps/linkage/matching.py): a county
with thousands of projects against a city list of thousands, names built from a
small vocabulary so that they share many bigrams. No database:

    .venv/bin/python benchmarks/project_matching.py [--size 5000]
"""

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = (
    "产业园区提升改造工程建设中心基地示范城乡供水污水处理道路交通物流冷链智慧农业文旅康养学校医院"
)


@dataclass
class Project:
    name: str
    location: str = ""


@dataclass
class Row:
    key: str
    city_project: object = None
    score: int = 0
    match: str = ""


def names(rng, n):
    return [
        "示范县" + "".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))) for _ in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
    django.setup()
    from apps.linkage.matching import match_projects, project_key

    rng = random.Random(1)
    city = [Project(n) for n in names(rng, args.size)]
    rows = [Row(project_key(n)) for n in names(rng, args.size)]
    start = time.perf_counter()
    match_projects(rows, city, "示范县", ["邻县"])
    took = time.perf_counter() - start
    suggested = sum(1 for r in rows if r.city_project is not None)
    print(
        f"{args.size} county projects × {args.size} city projects: {took:.2f} s, "
        f"{suggested} suggestions"
    )


if __name__ == "__main__":
    main()
