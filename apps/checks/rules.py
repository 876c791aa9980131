"""The checks: the seed paper's six ways of thinking turned into questions a draft
must answer. Each function reads the PlanData snapshot and returns findings, each
with a link to where it is fixed."""

import re
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.checks.data import PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.delivery.forms import find_cycle
from apps.delivery.models import KeyTask, MajorProject
from apps.governance.models import PlanLinkage, Risk
from apps.positioning.models import ComparativeAdvantage
from apps.targets.backcast import implied_annual_growth, indicator_path
from apps.targets.models import DEFAULT_CATEGORIES, Indicator, format_number
from apps.targets.reference import national_match


def item_url(data: PlanData, kind: str, item) -> str:
    return reverse("part_edit", args=[data.plan.pk, kind, item.pk])


def list_url(data: PlanData, kind: str) -> str:
    return reverse("part_list", args=[data.plan.pk, kind])


def node_url(data: PlanData, key: str) -> tuple[str, int | None]:
    node = data.nodes_by_key.get(key)
    if node is None:
        return reverse("plan_overview", args=[data.plan.pk]), None
    return reverse("node_edit", args=[node.document_id, node.pk]), node.pk


# Where each kind of item is presented in the outline, for findings about the
# collection as a whole (a missing category, a missing kind of risk…).
KIND_NODES = {
    "indicators": "period_targets",
    "advantages": "advantages",
    "regional-links": "regional",
    "major-projects": "annex_projects",
    "risks": "risks",
    "plan-linkages": "linkage",
    "policy-tools": "policy_tools",
    "research-topics": "research",
}


def _part_finding(data: PlanData, kind: str, message: str) -> Finding:
    node = data.nodes_by_key.get(KIND_NODES.get(kind, ""))
    return Finding(message, list_url(data, kind), node.pk if node else None)


def scorecard_url(data: PlanData) -> str:
    return reverse("scorecard", args=[data.plan.pk])


def _item_finding(data, kind, item, message) -> Finding:
    return Finding(message, item_url(data, kind, item), getattr(item, "node_id", None))


# 倒排：远景 → 阶段目标 → 指标 ------------------------------------------------------


@check(
    "backcast-vision-targets",
    thinking=Thinking.STRATEGIC,
    section="四.2",
    severity=Severity.ERROR,
    title=_("每条远景目标都分解出阶段目标"),
)
def vision_has_targets(data: PlanData) -> list[Finding]:
    with_targets = {t.vision_item_id for t in data.targets}
    return [
        _item_finding(
            data,
            "vision-items",
            v,
            _("远景目标“%(t)s”还没有分解为规划期内的阶段目标。") % {"t": v.title},
        )
        for v in data.visions
        if v.pk not in with_targets
    ]


@check(
    "backcast-target-indicators",
    thinking=Thinking.STRATEGIC,
    section="四.2",
    severity=Severity.WARNING,
    title=_("每个阶段目标至少有一项可量化指标"),
)
def target_has_indicators(data: PlanData) -> list[Finding]:
    measured = {i.target_id for i in data.indicators}
    return [
        _item_finding(
            data,
            "period-targets",
            t,
            _("阶段目标“%(t)s”还没有可量化的指标，难以考核是否实现。") % {"t": t.title},
        )
        for t in data.targets
        if t.pk not in measured
    ]


@check(
    "backcast-path",
    thinking=Thinking.SCIENTIFIC,
    section="四.2",
    severity=Severity.WARNING,
    title=_("目标落在由基期到远景的平稳路径附近"),
)
def target_on_path(data: PlanData) -> list[Finding]:
    findings = []
    for indicator in data.indicators:
        result = indicator_path(indicator, data.plan)
        if result.off_path:
            findings.append(
                _item_finding(
                    data,
                    "indicators",
                    indicator,
                    _("“%(n)s”的目标偏离平稳路径%(d)s%%（参考值 %(v)s），超出%(tol)s%%的容差。")
                    % {
                        "n": indicator.name,
                        "d": result.deviation_pct,
                        "v": format_number(result.implied),
                        "tol": format_number(data.plan.backcast_tolerance),
                    },
                )
            )
    return findings


_GROWTH_SUFFIX = re.compile(r"(年均)?(增长|增速)(率)?$")


@check(
    "backcast-growth-consistent",
    thinking=Thinking.SCIENTIFIC,
    section="四.2",
    severity=Severity.WARNING,
    title=_("水平目标隐含的增速与年均增长目标一致"),
)
def growth_consistent(data: PlanData) -> list[Finding]:
    """地区生产总值 318.5 → 430 implies 6.2% a year; 地区生产总值增长 says 6.5%."""
    levels = {
        i.name: i
        for i in data.indicators
        if i.expression == Indicator.Expression.LEVEL
        and i.baseline_value
        and i.target_value
        and not i.target_text
    }
    years = data.plan.target_year - data.plan.base_year
    findings = []
    for growth in data.indicators:
        if growth.expression != Indicator.Expression.ANNUAL or growth.target_value is None:
            continue
        root = _GROWTH_SUFFIX.sub("", growth.name)
        level = levels.get(root)
        if level is None or root == growth.name:
            continue
        start_year = level.baseline_data_year or data.plan.base_year
        implied = implied_annual_growth(
            level.baseline_value, level.target_value, start_year, start_year + years
        )
        if implied is not None and abs(implied - growth.target_value) > Decimal("0.5"):
            findings.append(
                _item_finding(
                    data,
                    "indicators",
                    growth,
                    _("“%(l)s”从%(b)s到%(t)s意味着年均增长约%(i)s%%，与“%(g)s”的%(s)s%%不一致。")
                    % {
                        "l": level.name,
                        "b": format_number(level.baseline_value),
                        "t": format_number(level.target_value),
                        "i": implied,
                        "g": growth.name,
                        "s": format_number(growth.target_value),
                    },
                )
            )
    return findings


# 指标表 -------------------------------------------------------------------------


@check(
    "indicators-categories",
    thinking=Thinking.SYSTEMIC,
    section="四.2",
    severity=Severity.WARNING,
    title=_("主要指标覆盖五个类别"),
)
def all_categories(data: PlanData) -> list[Finding]:
    used = {i.category.name for i in data.indicators}
    return [
        _part_finding(data, "indicators", _("主要指标表中还没有“%(c)s”类指标。") % {"c": name})
        for name in DEFAULT_CATEGORIES
        if name not in used
    ]


# Topics the national table makes binding, and words that recognise them.
BINDING_TOPICS = (
    (_("能耗强度（单位GDP能源消耗降低）"), ("能耗", "能源消耗")),
    (_("碳排放强度（单位GDP二氧化碳排放降低）"), ("二氧化碳", "碳排放")),
    (_("地表水质量"), ("地表水", "水质", "水体")),
    (_("空气质量"), ("空气", "PM2.5", "细颗粒物", "优良天数")),
    (_("森林覆盖率"), ("森林覆盖",)),
    (_("耕地保有量或粮食产能"), ("耕地", "粮食")),
)


@check(
    "indicators-binding-topics",
    thinking=Thinking.ITERATIVE,
    section="二.1",
    severity=Severity.WARNING,
    title=_("绿色和安全的约束性指标与国家纲要衔接"),
)
def binding_topics(data: PlanData) -> list[Finding]:
    binding = [i for i in data.indicators if i.attribute == Indicator.Attribute.BINDING]
    findings = []
    for label, words in BINDING_TOPICS:
        if not any(any(w in i.name for w in words) for i in binding):
            findings.append(
                _part_finding(
                    data,
                    "indicators",
                    _("国家纲要把%(topic)s列为约束性指标，本规划还没有对应的约束性指标。")
                    % {"topic": label},
                )
            )
    return findings


@check(
    "indicators-binding-target",
    thinking=Thinking.SYSTEMIC,
    section="四.2",
    severity=Severity.ERROR,
    title=_("约束性指标都有目标值"),
)
def binding_has_target(data: PlanData) -> list[Finding]:
    return [
        _item_finding(data, "indicators", i, _("约束性指标“%(n)s”没有目标值。") % {"n": i.name})
        for i in data.indicators
        if i.attribute == Indicator.Attribute.BINDING and not i.has_target
    ]


_CHANGE_WORDS = ("降低", "下降", "减少", "增长", "提高", "新增", "增加", "累计")


@check(
    "indicators-units",
    thinking=Thinking.SCIENTIFIC,
    section="四.2",
    severity=Severity.ERROR,
    title=_("表述方式与单位相符"),
)
def units_consistent(data: PlanData) -> list[Finding]:
    """A five-year cumulative percentage only makes sense for a change (降低, 新增…);
    on a level such as a coverage rate it is an error."""
    findings = []
    for i in data.indicators:
        if (
            i.expression == Indicator.Expression.CUMULATIVE
            and i.unit.strip() in {"%", "％"}
            and not any(word in i.name for word in _CHANGE_WORDS)
        ):
            findings.append(
                _item_finding(
                    data,
                    "indicators",
                    i,
                    _("“%(n)s”是水平值，不能用五年累计的百分数〔 〕表示；请改为目标年水平值。")
                    % {"n": i.name},
                )
            )
    return findings


# 动态比较优势 --------------------------------------------------------------------


@check(
    "advantages-kinds",
    thinking=Thinking.ITERATIVE,
    section="四.3",
    severity=Severity.WARNING,
    title=_("传统优势、新优势、潜在优势齐全"),
)
def advantage_kinds(data: PlanData) -> list[Finding]:
    present = {a.kind for a in data.advantages}
    return [
        _part_finding(data, "advantages", _("还没有梳理“%(k)s”。") % {"k": kind.label})
        for kind in ComparativeAdvantage.Kind
        if kind not in present
    ]


@check(
    "advantages-tasks",
    thinking=Thinking.ITERATIVE,
    section="四.3",
    severity=Severity.WARNING,
    title=_("每项比较优势都有重点任务去发挥"),
)
def advantage_used(data: PlanData) -> list[Finding]:
    used = set().union(*data.task_advantage_ids.values()) if data.task_advantage_ids else set()
    return [
        _item_finding(
            data, "advantages", a, _("优势“%(n)s”没有对应的重点任务来发挥。") % {"n": a.name}
        )
        for a in data.advantages
        if a.pk not in used
    ]


@check(
    "advantages-on-site",
    thinking=Thinking.SCIENTIFIC,
    section="一.1",
    severity=Severity.WARNING,
    title=_("黏性要素就地转化"),
)
def sticky_on_site(data: PlanData) -> list[Finding]:
    return [
        _item_finding(
            data,
            "advantages",
            a,
            _("“%(n)s”依托的%(f)s具有属地黏性，宜写明如何就地转化为经济优势，而不是外运外输。")
            % {"n": a.name, "f": a.get_factor_display()},
        )
        for a in data.advantages
        if a.is_sticky and a.utilisation != ComparativeAdvantage.Utilisation.ON_SITE
    ]


@check(
    "advantages-tier-linkage",
    thinking=Thinking.OPEN,
    section="四.3",
    severity=Severity.HINT,
    title=_("比较优势有梯次联动和合作地区"),
)
def tier_linkage(data: PlanData) -> list[Finding]:
    if any(a.tier_basis and a.partner_regions.strip() for a in data.advantages):
        return []
    return [
        _part_finding(data, "advantages", _("还没有任何比较优势写明与哪些地区、按何种梯次联动。"))
    ]


@check(
    "regional-links",
    thinking=Thinking.OPEN,
    section="四.4",
    severity=Severity.HINT,
    title=_("在更大的经济地理空间中找到位置"),
)
def regional_links(data: PlanData) -> list[Finding]:
    kinds = {link.kind for link in data.regional_links}
    if len(kinds) >= 2:
        return []
    return [
        _part_finding(
            data,
            "regional-links",
            _("区域联系少于两种类型，建议从承接转移、都市圈协作、城乡要素流动等方面梳理。"),
        )
    ]


# 重点任务 ------------------------------------------------------------------------


@check(
    "tasks-lead",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.ERROR,
    title=_("每项重点任务都有牵头部门"),
)
def task_lead(data: PlanData) -> list[Finding]:
    return [
        _item_finding(data, "key-tasks", t, _("重点任务“%(t)s”没有牵头部门。") % {"t": t.title})
        for t in data.tasks
        if t.lead_department_id is None
    ]


@check(
    "tasks-indicators",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.WARNING,
    title=_("每项重点任务都服务于指标"),
)
def task_serves_indicator(data: PlanData) -> list[Finding]:
    return [
        _item_finding(
            data,
            "key-tasks",
            t,
            _("重点任务“%(t)s”没有对应的指标，完成与否无从衡量。") % {"t": t.title},
        )
        for t in data.tasks
        if not data.task_indicator_ids.get(t.pk)
    ]


@check(
    "tasks-no-cycles",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.ERROR,
    title=_("任务之间的依赖没有循环"),
)
def task_cycles(data: PlanData) -> list[Finding]:
    titles = {t.pk: t for t in data.tasks}
    findings, reported = [], set()
    for task in data.tasks:
        cycle = find_cycle(data.task_dependencies, task.pk)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            findings.append(
                _item_finding(
                    data,
                    "key-tasks",
                    task,
                    _("重点任务之间形成了循环依赖：%(p)s。")
                    % {"p": " → ".join(titles[i].title for i in cycle)},
                )
            )
    return findings


@check(
    "tasks-areas",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.WARNING,
    title=_("九个任务领域都有安排或说明不适用"),
)
def task_areas(data: PlanData) -> list[Finding]:
    covered = {t.area for t in data.tasks}
    return [
        Finding(
            _("“%(a)s”领域还没有重点任务；如本地确不涉及，请在体检页说明不适用。")
            % {"a": area.label},
            scorecard_url(data),
        )
        for area in KeyTask.Area
        if area not in covered and f"area:{area.value}" not in data.exemptions
    ]


# 重大项目：抓要事、办大事、做实事 ------------------------------------------------------


@check(
    "projects-years",
    thinking=Thinking.SCIENTIFIC,
    section="六.4",
    severity=Severity.ERROR,
    title=_("项目建设期落在或跨越规划期"),
)
def project_years(data: PlanData) -> list[Finding]:
    first, last = data.plan.base_year + 1, data.plan.target_year
    return [
        _item_finding(
            data,
            "major-projects",
            p,
            _("项目“%(n)s”的建设期%(s)s—%(e)s年不在规划期%(a)s—%(b)s年之内。")
            % {"n": p.name, "s": p.start_year, "e": p.end_year, "a": first, "b": last},
        )
        for p in data.projects
        if p.end_year < first or p.start_year > last
    ]


@check(
    "projects-period-investment",
    thinking=Thinking.SCIENTIFIC,
    section="六.4",
    severity=Severity.ERROR,
    title=_("期内投资不超过总投资"),
)
def project_period_investment(data: PlanData) -> list[Finding]:
    return [
        _item_finding(
            data, "major-projects", p, _("项目“%(n)s”的期内投资超过了总投资。") % {"n": p.name}
        )
        for p in data.projects
        if p.period_investment > p.total_investment
    ]


@check(
    "projects-funding",
    thinking=Thinking.SCIENTIFIC,
    section="六.4",
    severity=Severity.WARNING,
    title=_("资金来源合计等于总投资"),
)
def project_funding(data: PlanData) -> list[Finding]:
    return [
        _item_finding(
            data,
            "major-projects",
            p,
            _("项目“%(n)s”各来源资金合计%(f)s万元，与总投资%(t)s万元不符。")
            % {
                "n": p.name,
                "f": format_number(p.funding_total),
                "t": format_number(p.total_investment),
            },
        )
        for p in data.projects
        if p.funding_total != p.total_investment
    ]


@check(
    "projects-kinds",
    thinking=Thinking.STRATEGIC,
    section="六.4",
    severity=Severity.WARNING,
    title=_("要事、大事、实事都有安排"),
)
def project_kinds(data: PlanData) -> list[Finding]:
    present = {p.significance for p in data.projects}
    return [
        _part_finding(data, "major-projects", _("还没有“%(k)s”类项目。") % {"k": kind.label})
        for kind in MajorProject.Significance
        if kind not in present
    ]


@check(
    "projects-new-infra",
    thinking=Thinking.INNOVATIVE,
    section="一.2",
    severity=Severity.HINT,
    title=_("新型基础设施有安排或说明不需要"),
)
def project_new_infra(data: PlanData) -> list[Finding]:
    if "new_infra" in data.exemptions or any(
        p.category == MajorProject.Category.NEW_INFRA for p in data.projects
    ):
        return []
    return [
        Finding(
            _("还没有新型基础设施（5G、工业互联网、数据中心等）项目；如确不需要，请在体检页说明。"),
            scorecard_url(data),
        )
    ]


def public_money_in_period(project: MajorProject) -> Decimal:
    """Government and special-bond money spent within the plan period (万元)."""
    if not project.total_investment:
        return Decimal(0)
    public = (project.funding_government or 0) + (project.funding_special_bonds or 0)
    return project.period_investment * public / project.total_investment


@check(
    "projects-fiscal-capacity",
    thinking=Thinking.STRATEGIC,
    section="三.1",
    severity=Severity.WARNING,
    title=_("政府资金需求不超过可统筹财力"),
)
def fiscal_capacity(data: PlanData) -> list[Finding]:
    capacity = data.plan.fiscal_capacity
    if capacity is None:
        return []
    need = sum((public_money_in_period(p) for p in data.projects), Decimal(0))
    if need <= capacity:
        return []
    return [
        Finding(
            _("重大项目期内需要政府投资和专项债约%(n)s万元，超过了期内可统筹财力%(c)s万元。")
            % {"n": format_number(need.quantize(Decimal(1))), "c": format_number(capacity)},
            reverse("plan_settings", args=[data.plan.pk]),
        )
    ]


# 风险 ---------------------------------------------------------------------------

CORE_RISK_DOMAINS = (
    Risk.Domain.ECONOMIC,
    Risk.Domain.SOCIAL,
    Risk.Domain.ECOLOGICAL,
    Risk.Domain.INFORMATION,
)


@check(
    "risks-domains",
    thinking=Thinking.STRATEGIC,
    section="五.5",
    severity=Severity.WARNING,
    title=_("经济、社会、生态、信息风险都有识别"),
)
def risk_domains(data: PlanData) -> list[Finding]:
    present = {r.domain for r in data.risks}
    return [
        _part_finding(data, "risks", _("风险清单还没有%(d)s风险。") % {"d": domain.label})
        for domain in CORE_RISK_DOMAINS
        if domain not in present
    ]


@check(
    "risks-response",
    thinking=Thinking.STRATEGIC,
    section="五.5",
    severity=Severity.WARNING,
    title=_("风险有预警指标和应急预案"),
)
def risk_response(data: PlanData) -> list[Finding]:
    return [
        _item_finding(data, "risks", r, _("风险“%(t)s”缺少预警指标或应急预案。") % {"t": r.title})
        for r in data.risks
        if r.domain in CORE_RISK_DOMAINS
        and not (r.warning_indicator.strip() and r.emergency_plan.strip())
    ]


# 系统：规划衔接、政策工具 ----------------------------------------------------------


@check(
    "linkage-upper",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.WARNING,
    title=_("衔接国家、省级发展规划和国土空间规划"),
)
def linkage_upper(data: PlanData) -> list[Finding]:
    present = {(link.level, link.kind) for link in data.linkages}
    findings = []
    for level in (PlanLinkage.Level.NATIONAL, PlanLinkage.Level.PROVINCIAL):
        if (level, PlanLinkage.Kind.DEVELOPMENT) not in present:
            findings.append(
                _part_finding(
                    data,
                    "plan-linkages",
                    _("还没有写明与%(l)s发展规划的衔接。") % {"l": level.label},
                )
            )
    if not any(kind == PlanLinkage.Kind.TERRITORIAL for _level, kind in present):
        findings.append(_part_finding(data, "plan-linkages", _("还没有写明与国土空间规划的衔接。")))
    return findings


@check(
    "policy-tools-linked",
    thinking=Thinking.SYSTEMIC,
    section="三.2",
    severity=Severity.WARNING,
    title=_("政策工具都支撑重点任务"),
)
def tools_linked(data: PlanData) -> list[Finding]:
    findings = [
        _item_finding(
            data, "policy-tools", tool, _("政策“%(n)s”没有支撑任何重点任务。") % {"n": tool.name}
        )
        for tool in data.policy_tools
        if not data.tool_task_ids.get(tool.pk)
    ]
    if not data.policy_tools:
        findings.append(_part_finding(data, "policy-tools", _("还没有梳理政策工具。")))
    return findings


# 治理与参与 ----------------------------------------------------------------------


@check(
    "governance-participation",
    thinking=Thinking.INNOVATIVE,
    section="五.4",
    severity=Severity.WARNING,
    title=_("有公众参与的治理措施"),
)
def public_participation(data: PlanData) -> list[Finding]:
    if any(m.public_participation for m in data.measures):
        return []
    url, node_id = node_url(data, "governance")
    return [
        Finding(
            _("治理措施中还没有公众参与的安排（问计于民、参与平台、社会组织等）。"), url, node_id
        )
    ]


@check(
    "research-topics",
    thinking=Thinking.INNOVATIVE,
    section="六.1",
    severity=Severity.HINT,
    title=_("列出重大问题研究"),
)
def research_topics(data: PlanData) -> list[Finding]:
    if data.research:
        return []
    return [
        _part_finding(data, "research-topics", _("还没有列出规划前期和实施期间的重大问题研究。"))
    ]


# 与上位规划比较 ------------------------------------------------------------------


def _direction(baseline, target) -> int:
    if baseline is None or target is None:
        return 0
    return (target > baseline) - (target < baseline)


@check(
    "upper-level-binding",
    thinking=Thinking.STRATEGIC,
    section="三.1",
    severity=Severity.WARNING,
    title=_("约束性目标不弱于国家方向"),
)
def weaker_than_national(data: PlanData) -> list[Finding]:
    findings = []
    for i in data.indicators:
        ref = national_match(i, data.plan.ordinal)
        if ref is None or i.attribute != Indicator.Attribute.BINDING or i.target_value is None:
            continue
        weaker = False
        if ref.expression == "cumulative" and i.expression == Indicator.Expression.CUMULATIVE:
            weaker = ref.target_value is not None and i.target_value < ref.target_value
        elif (
            ref.expression == "level" and ref.baseline is not None and ref.target_value is not None
        ):
            national = _direction(ref.baseline, ref.target_value)
            county = _direction(i.baseline_value, i.target_value)
            weaker = national != 0 and county == -national
        if weaker:
            findings.append(
                _item_finding(
                    data,
                    "indicators",
                    i,
                    _("约束性指标“%(n)s”的目标%(c)s弱于国家纲要的方向（国家：%(r)s）。")
                    % {"n": i.name, "c": i.target_display(), "r": _national_display(ref)},
                )
            )
    return findings


def _national_display(ref) -> str:
    if ref.target_text:
        return ref.target_text
    number = f"{ref.target_operator}{format_number(ref.target_value)}"
    return f"〔{number}〕" if ref.expression == "cumulative" else number


def national_comparison(plan, indicators) -> list[dict]:
    """County indicators beside their national reference, for the scorecard page."""
    rows = []
    for i in indicators:
        ref = national_match(i, plan.ordinal)
        if ref is not None:
            rows.append(
                {"indicator": i, "national": ref, "national_target": _national_display(ref)}
            )
    return rows
