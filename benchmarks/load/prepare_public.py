"""Open 示范县's outline to the public, and describe the consultation for Locust.

Run against the load database after ``migrate`` and ``seed_demo`` (run.sh does it
when ``SCENARIO=public``):

    DATABASE_URL=… .venv/bin/python benchmarks/load/prepare_public.py --out public.json

The demo's outline was adopted in 2021 and has a mid-term report; the next thing a
county publishes for comment is then its adjustment (规划调整). So the outline is
moved to the 调整稿 stage by the coordinator through the same action as the stage
page (which freezes the text as a version), and that version is published with the
same action as the publish form, open from today for 30 days, the topics left to
the default (the outline's 篇). The output lists the consultation, its county and
the chapters a reader can open, in reading order.
"""

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")

OPEN_DAYS = 30


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.utils import timezone

    from apps.accounts.models import Membership, Role
    from apps.consultation.actions import consultation_publish
    from apps.demo.models import DemoPlan
    from apps.plans.models import Document
    from apps.review.actions import document_stage_move

    plan = DemoPlan.objects.select_related("plan__county").get(plan__county__code="330999").plan
    outline = plan.outline
    coordinator = (
        Membership.objects.filter(county=plan.county, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )
    version = document_stage_move(
        outline, actor=coordinator, stage=Document.Stage.ADJUSTMENT, name="调整稿（征求意见稿）"
    )
    today = timezone.localdate()
    consultation = consultation_publish(
        outline,
        actor=coordinator,
        version=version,
        topics=[],
        title=f"{outline.title}调整稿公开征求意见",
        explanation=(
            "根据规划实施中期评估的结论，县发展改革局会同有关部门起草了规划纲要调整稿。"
            "\n\n现将调整稿全文公开，欢迎社会各界提出意见建议。"
        ),
        starts_on=today,
        ends_on=today + datetime.timedelta(days=OPEN_DAYS),
        channels="电子邮箱：fgj@330999.example.gov.cn\n信函：示范县发展改革局规划科",
    )
    chapters = consultation.chapters()
    bodies = sorted(len(node.get("body") or "") for node in chapters)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "consultation": consultation.pk,
                "county": plan.county.code,
                "version": version.pk,
                "topics": consultation.topics,
                "chapters": [node["id"] for node in chapters],
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print(
        f"Consultation {consultation.pk} of {plan.county.name} open {today}–"
        f"{consultation.ends_on}: version “{version.name}”, {len(chapters)} chapters "
        f"(body {bodies[0]}–{bodies[-1]} characters, median {bodies[len(bodies) // 2]}), "
        f"{len(consultation.topics)} topics; written to {args.out}"
    )


if __name__ == "__main__":
    main()
