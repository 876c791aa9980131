from django.utils.translation import gettext_lazy as _

from apps.plans.parts import Column, Part, registry
from apps.positioning.forms import (
    ComparativeAdvantageForm,
    DevelopmentPathForm,
    PositioningStatementForm,
    RegionalLinkForm,
)
from apps.positioning.models import (
    ComparativeAdvantage,
    DevelopmentPath,
    PositioningStatement,
    RegionalLink,
)

GROUP = _("定位与优势")

registry.register(
    Part(
        slug="positioning",
        label=_("定位与功能"),
        model=PositioningStatement,
        form_class=PositioningStatementForm,
        group=GROUP,
        description=_("本县的使命角色、功能定位和要培育的专业化经济功能。"),
        columns=(
            Column(_("类型"), lambda o: o.get_kind_display()),
            Column(_("功能"), lambda o: o.get_economic_function_display()),
            Column(_("定位表述"), lambda o: o.title),
        ),
        node_key="mission",
        order=1,
    )
)
registry.register(
    Part(
        slug="advantages",
        label=_("比较优势"),
        model=ComparativeAdvantage,
        form_class=ComparativeAdvantageForm,
        group=GROUP,
        description=_("传统优势、新优势和潜在优势，依托的要素、趋势和梯次联动。"),
        columns=(
            Column(_("优势"), lambda o: o.name),
            Column(_("类型"), lambda o: o.get_kind_display()),
            Column(_("要素"), lambda o: o.get_factor_display()),
            Column(_("趋势"), lambda o: o.get_trend_display()),
            Column(_("利用方式"), lambda o: o.get_utilisation_display()),
            Column(_("联动地区"), lambda o: o.partner_regions),
        ),
        node_key="advantages",
        order=2,
    )
)
registry.register(
    Part(
        slug="development-paths",
        label=_("发展路子"),
        model=DevelopmentPath,
        form_class=DevelopmentPathForm,
        group=GROUP,
        description=_("因地制宜选择的发展路子和理由。"),
        columns=(
            Column(_("路子"), lambda o: o.get_path_display()),
            Column(_("主攻方向"), lambda o: o.focus),
        ),
        node_key="path",
        order=3,
    )
)
registry.register(
    Part(
        slug="regional-links",
        label=_("区域联系"),
        model=RegionalLink,
        form_class=RegionalLinkForm,
        group=GROUP,
        description=_("与合作地区的联系：承接产业转移、都市圈协作、一带一路、城乡要素流动等。"),
        columns=(
            Column(_("合作地区"), lambda o: o.partner_region),
            Column(_("类型"), lambda o: o.get_kind_display()),
            Column(_("合作内容"), lambda o: o.content),
        ),
        node_key="regional",
        order=4,
    )
)
