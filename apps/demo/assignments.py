"""Who drafts and who countersigns each part of 示范县's plan, and a review already
under way, so the assignment board and the opinions ledger are not empty."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from apps.accounts.models import Department, User
from apps.notifications.models import Notification
from apps.plans.models import Plan
from apps.review import actions


@dataclass(frozen=True)
class Assignment:
    lead: str  # catalogue code
    reviewers: tuple[str, ...]
    due_in_days: int


ASSIGNMENTS: dict[str, Assignment] = {
    "achievements": Assignment("drc", ("statistics", "finance"), -3),
    "environment": Assignment("drc", ("industry", "commerce"), 12),
    "mission": Assignment("drc", ("industry", "agriculture"), 20),
    "advantages": Assignment("drc", ("industry", "agriculture"), 20),
    "path": Assignment("drc", ("agriculture",), 20),
    "guiding_thought": Assignment("drc", (), 30),
    "principles": Assignment("drc", (), 30),
    "vision": Assignment("drc", ("statistics", "finance"), 10),
    "period_targets": Assignment("drc", ("statistics", "finance"), 10),
    "function_zones": Assignment("natural_resources", ("drc", "housing"), 15),
    "urban_layout": Assignment("natural_resources", ("drc", "housing"), 15),
    "regional_strategy": Assignment("commerce", ("drc",), 15),
    "regional_cooperation": Assignment("commerce", ("drc", "investment"), 15),
    "task_innovation": Assignment("science", ("industry", "finance"), 25),
    "task_industry": Assignment("industry", ("science", "commerce", "finance"), 25),
    "task_infrastructure": Assignment("transport", ("drc", "water", "finance"), -1),
    "task_rural": Assignment("agriculture", ("rural_revitalisation", "finance"), 25),
    "task_urbanisation": Assignment("housing", ("natural_resources",), 25),
    "task_ecology": Assignment("ecology", ("forestry", "water"), 25),
    # 教育局 drafts and 财政局 alone countersigns: the walk-through of the README.
    "task_livelihood": Assignment("education", ("finance",), 7),
    "task_reform": Assignment("drc", ("finance", "market"), 25),
    "task_opening": Assignment("commerce", ("investment",), 25),
    "risks": Assignment("emergency", ("finance", "health", "public_security"), 20),
    "governance": Assignment("justice", ("civil_affairs",), 20),
    "linkage": Assignment("drc", ("natural_resources",), 30),
    "policy_tools": Assignment("drc", ("finance",), 30),
    "major_projects": Assignment("drc", ("finance",), 30),
    "research": Assignment("drc", (), 30),
    "monitoring": Assignment("statistics", ("drc",), 30),
}

OPINIONS = (
    (
        "task_infrastructure",
        "finance",
        "“十四五”期间交通和水利项目的期内投资合计偏高，建议按财政承受能力分年度安排，"
        "并注明资金来源。",
        "",
        "partly_adopted",
        "已按财力分年度安排；县城至高铁站快速通道仍列为新建项目，资金来源在专栏中注明。",
    ),
    (
        "period_targets",
        "statistics",
        "能耗强度降低目标建议与市里下达的分解目标保持一致。",
        "",
        "adopted",
        "已改为与市下达目标一致。",
    ),
    (
        "environment",
        "industry",
        "建议补充对本县装备制造企业订单外流风险的分析。",
        "",
        "pending",
        "",
    ),
)


def assign_demo(plan: Plan, departments: dict[str, Department], planner) -> None:
    today = timezone.localdate()
    nodes = {n.key: n for n in plan.outline.nodes.all()}
    for key, spec in ASSIGNMENTS.items():
        node = nodes[key]
        node.lead_department = departments[spec.lead]
        node.due_date = today + timedelta(days=spec.due_in_days)
        node.save(update_fields=["lead_department", "due_date"])
        node.reviewing_departments.set([departments[code] for code in spec.reviewers])
    fin = User.objects.filter(username="fin").first()
    # One countersign under way, so the board shows who is waiting for whom.
    actions.node_submit(nodes["environment"], actor=planner)
    for key, dept, text, quote, disposition, reason in OPINIONS:
        opinion = actions.opinion_add(
            nodes[key],
            actor=fin if dept == "finance" else planner,
            department=departments[dept],
            text=text,
            quote=quote,
        )
        if disposition != "pending":
            actions.opinion_dispose(opinion, actor=planner, disposition=disposition, reason=reason)
    # The inbox shows these, but seeding should not print a pile of emails.
    Notification.objects.filter(emailed_at=None).update(emailed_at=timezone.now())
