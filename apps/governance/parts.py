from django.utils.translation import gettext_lazy as _

from apps.governance.forms import (
    GovernanceMeasureForm,
    PlanLinkageForm,
    ResearchTopicForm,
    RiskForm,
)
from apps.governance.models import GovernanceMeasure, PlanLinkage, ResearchTopic, Risk
from apps.plans.parts import Column, Part, registry

GROUP = _("安全与保障")

registry.register(
    Part(
        slug="risks",
        label=_("风险清单"),
        model=Risk,
        form_class=RiskForm,
        group=GROUP,
        description=_("分领域的风险：源头防控、预警指标、应急预案和演练频次。"),
        columns=(
            Column(_("领域"), lambda o: o.get_domain_display()),
            Column(_("风险"), lambda o: o.title),
            Column(_("预警指标"), lambda o: o.warning_indicator or "—"),
            Column(_("应急预案"), lambda o: o.emergency_plan or "—"),
            Column(_("演练"), lambda o: o.get_drill_frequency_display()),
        ),
        node_key="risks",
        order=30,
    )
)
registry.register(
    Part(
        slug="governance-measures",
        label=_("治理措施"),
        model=GovernanceMeasure,
        form_class=GovernanceMeasureForm,
        group=GROUP,
        description=_("五个方面的治理能力建设措施，标明涉及公众参与的措施。"),
        columns=(
            Column(_("方面"), lambda o: o.get_group_display()),
            Column(_("措施"), lambda o: o.title),
            Column(_("公众参与"), lambda o: _("是") if o.public_participation else ""),
        ),
        node_key="governance",
        order=31,
    )
)
registry.register(
    Part(
        slug="plan-linkages",
        label=_("规划衔接"),
        model=PlanLinkage,
        form_class=PlanLinkageForm,
        group=GROUP,
        description=_("与上位、同级和下位规划的衔接关系。"),
        columns=(
            Column(_("规划"), lambda o: o.linked_plan),
            Column(_("层级"), lambda o: o.get_level_display()),
            Column(_("类型"), lambda o: o.get_kind_display()),
            Column(_("方向"), lambda o: o.get_direction_display()),
        ),
        node_key="linkage",
        order=32,
    )
)
registry.register(
    Part(
        slug="research-topics",
        label=_("重大问题研究"),
        model=ResearchTopic,
        form_class=ResearchTopicForm,
        group=GROUP,
        description=_("规划前期和实施期间的重大问题研究课题。"),
        columns=(
            Column(_("课题"), lambda o: o.title),
            Column(_("阶段"), lambda o: o.get_stage_display()),
            Column(_("进展"), lambda o: o.get_status_display()),
            Column(_("承担单位"), lambda o: o.lead_unit),
        ),
        node_key="research",
        order=33,
    )
)
