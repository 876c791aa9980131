"""Templates of the evaluation reports: the mid-term (中期评估报告) and the final
(总结评估报告) evaluation of a plan's outline.

A report is a document of the plan like its outline (apps/plans/kinds.py): the
same nodes, review, versions and exports. Two of its chapters print tables that
are computed when the report is printed, placed by node key
(apps/plans/parts.py, ``register_computed_table``): ``indicator_progress`` for
the main indicators and ``project_progress`` for the major projects.

Placeholders as in apps/plans/outline_templates.py: {period} 十四五, {prev} 十三五,
{base}/{target} the period's first and last years as digits.
"""

from apps.plans.outline_templates import C, PlanTemplate, S, TemplateNode, U

INDICATOR_PROGRESS = "indicator_progress"
PROJECT_PROGRESS = "project_progress"


def _report_outline(final: bool) -> tuple[TemplateNode, ...]:
    span = "规划期" if final else "规划实施以来"
    return (
        U(
            "引言",
            "report_preface",
            "说明评估的依据和范围：依据哪一级的部署开展评估，评估覆盖的时段（"
            + ("{base}年后的五年" if final else "规划实施的前两年半左右")
            + "），由谁牵头、哪些部门参加，采用了哪些方法（部门自评、数据核算、"
            "实地调研、问卷或第三方评估）。一段即可。",
        ),
        C(
            "总体进展",
            "overall_progress",
            "先给结论，再用数据支撑：" + span + "全县经济社会发展的总体态势如何，"
            "规划确定的目标任务完成到什么程度。",
            S(
                "规划实施的总体情况",
                "overall_summary",
                "概括" + span + "本县发展的主要成绩，用几组关键数字说明经济总量、"
                "结构调整、城乡面貌和群众生活的变化；同时交代外部环境的重大变化"
                "（如疫情冲击、市场波动、重大政策调整）对实施带来的影响。",
            ),
            S(
                "规划实施机制运行情况",
                "implementation_mechanism",
                "评价规划实施机制是否管用：年度计划是否衔接纲要、专项规划和下位规划是否"
                "按要求编制、重点任务是否落实到牵头部门、年度监测是否按时开展。",
            ),
        ),
        C(
            "主要指标完成情况",
            INDICATOR_PROGRESS,
            "本章的主要指标完成情况表在导出时按最新监测数据自动生成，正文不必重复列表。"
            "正文重点分析：哪些指标提前实现或快于预期，哪些基本符合预期，哪些滞后；"
            "对滞后的指标，特别是约束性指标，写清楚原因（统计口径、外部冲击、"
            "工作推进）和"
            + ("对下一个五年规划的启示。" if final else "到{target}年能否实现的判断。"),
        ),
        C(
            "重点任务推进情况",
            "task_progress",
            "按纲要的篇章顺序，逐项说明重点任务的推进情况，突出可量化的进展，"
            "避免写成部门工作总结。",
            S(
                "创新驱动与现代产业体系",
                "task_progress_economy",
                "说明创新平台、主导产业、新兴产业和新基建方面的任务进展，"
                "与纲要提出的路径对照，写明已完成、正在推进和尚未启动的事项。",
            ),
            S(
                "城乡融合与生态文明建设",
                "task_progress_urban_rural",
                "说明乡村振兴、新型城镇化、县城承载能力和污染防治、节能降碳等任务的进展。",
            ),
            S(
                "民生保障与改革开放",
                "task_progress_people",
                "说明教育、医疗、就业、养老等民生任务和重点领域改革、开放合作的进展，"
                "群众反映集中的问题应如实写出。",
            ),
        ),
        C(
            "重大项目建设情况",
            PROJECT_PROGRESS,
            "本章的重大项目建设情况表在导出时自动生成（项目数、计划投资和完成投资）。"
            "正文说明开工率、投资完成进度、项目对产业和民生的带动作用，"
            "以及进度滞后项目的原因（用地、资金、审批、前期工作）。",
        ),
        C(
            "存在的问题",
            "problems",
            "实事求是，不回避：从目标任务完成、发展质量、要素保障、体制机制、"
            "风险防控等方面归纳三至五个主要问题，每个问题给出事实依据，"
            "并区分客观条件变化与主观工作不足。",
        ),
        C(
            "下一步建议和后期展望",
            "next_steps",
            (
                "着眼下一个五年规划：总结经验，提出衔接建议。"
                if final
                else "着眼规划后半程：研判形势，提出确保目标实现的措施。"
            ),
            *(
                (
                    S(
                        "主要经验与启示",
                        "lessons",
                        "提炼规划编制和实施中行之有效的做法，以及应当吸取的教训。",
                    ),
                    S(
                        "对下一个五年规划的建议",
                        "next_plan",
                        "就下一个五年规划的目标设置、重点任务、重大项目储备和实施机制提出建议，"
                        "说明哪些指标和任务需要延续、调整或新增。",
                    ),
                )
                if final
                else (
                    S(
                        "后期发展环境研判",
                        "outlook",
                        "分析到{target}年内外部环境的新变化，判断哪些有利条件在增强、"
                        "哪些风险需要重点防范。",
                    ),
                    S(
                        "推进规划实施的对策建议",
                        "recommendations",
                        "针对存在的问题逐条提出措施，明确责任部门，避免空泛表态。",
                    ),
                    S(
                        "规划调整建议",
                        "adjustment_proposal",
                        "确因环境发生重大变化需要调整的指标或任务，说明调整的理由、"
                        "调整后的目标值和依据；调整须按程序报人大常委会批准。"
                        "不需要调整时写明“不作调整”。",
                    ),
                )
            ),
        ),
    )


MIDTERM_TEMPLATES: dict[str, PlanTemplate] = {
    "midterm": PlanTemplate("midterm", "规划纲要实施中期评估报告", 0, 0, _report_outline(False)),
}
FINAL_TEMPLATES: dict[str, PlanTemplate] = {
    "final": PlanTemplate("final", "规划纲要实施总结评估报告", 0, 0, _report_outline(True)),
}
