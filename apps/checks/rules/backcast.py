"""四.2 发展目标与愿景蓝图: the back-cast chain and the main-indicators table."""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from apps.checks.data import PlanData
from apps.checks.registry import Finding, Severity, Thinking, check
from apps.checks.rules.common import (
    item_finding,
    part_finding,
)
from apps.targets.backcast import implied_annual_growth, indicator_path
from apps.targets.models import DEFAULT_CATEGORIES, Indicator, format_number

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
        item_finding(
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
        item_finding(
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
                item_finding(
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
                item_finding(
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
        part_finding(data, "indicators", _("主要指标表中还没有“%(c)s”类指标。") % {"c": name})
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
                part_finding(
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
        item_finding(data, "indicators", i, _("约束性指标“%(n)s”没有目标值。") % {"n": i.name})
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
                item_finding(
                    data,
                    "indicators",
                    i,
                    _("“%(n)s”是水平值，不能用五年累计的百分数〔 〕表示；请改为目标年水平值。")
                    % {"n": i.name},
                )
            )
    return findings
