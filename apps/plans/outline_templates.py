"""Plan templates: the outline a new plan starts from, with guidance for drafters.

The structure follows what county outlines share in practice (base and environment,
positioning, vision and targets, spatial layout, task chapters, development and
security, safeguards, annex tables) arranged around the thinking the seed paper asks
of a county plan. Titles use placeholders filled from the plan's own years, so the
same template serves 十四五 (2020/2025/2035) and 十五五 (2025/2030/2035).

Placeholders: {prev} previous period (十三五), {period} this period (十四五),
{vision} vision year in Chinese numerals (二〇三五), {base}/{target}/{vision_year}
the years as digits.
"""

from dataclasses import dataclass, field

from apps.core.numerals import chinese_year, five_year_plan_name


@dataclass(frozen=True)
class TemplateNode:
    level: str
    title: str
    key: str = ""
    guidance: str = ""
    children: tuple["TemplateNode", ...] = field(default_factory=tuple)


def P(title, key="", guidance="", *children):
    return TemplateNode("part", title, key, guidance, tuple(children))


def C(title, key="", guidance="", *children):
    return TemplateNode("chapter", title, key, guidance, tuple(children))


def S(title, key="", guidance=""):
    return TemplateNode("section", title, key, guidance)


def A(title, key="", guidance=""):
    return TemplateNode("annex", title, key, guidance)


def U(title, key="", guidance=""):
    """An unnumbered node at the top level: the 序言 before the first 篇, the
    结束语 after the last."""
    return TemplateNode("unnumbered", title, key, guidance)


COUNTY_OUTLINE: tuple[TemplateNode, ...] = (
    U(
        "序言",
        "preface",
        "一段到两段即可：写明编制依据（党中央和省市关于制定{period}规划的建议、县委的建议），"
        "本纲要阐明什么（战略意图、工作重点、政府职责），以及规划期（{target}年前后五年）"
        "和展望到{vision_year}年的远景，说明它是全县人民共同的行动纲领。",
    ),
    P(
        "开启全面建设社会主义现代化新征程",
        "part_overall",
        "总论篇交代“从哪里来、到哪里去”：发展基础、面临环境、使命定位、指导思想和目标。",
        C(
            "发展基础与发展环境",
            "base_environment",
            "用数据说明上一个五年的成绩和短板，再判断本期内外部环境的变化。",
            S(
                "“{prev}”时期发展成就",
                "achievements",
                "按经济实力、产业结构、城乡建设、生态环境、民生改善、改革开放几方面概括成绩，"
                "每项尽量给出{base}年的数据和与期初的对比；同时如实写明存在的短板。",
            ),
            S(
                "“{period}”时期发展环境",
                "environment",
                "从国际、国内和省市三个层面研判机遇与挑战：科技革命和产业变革的新动向、"
                "全球化与逆全球化交织的影响、国家重大战略在本地的落点、区域竞争格局的变化。"
                "结论要落到本县应当抓住什么、防范什么。",
            ),
        ),
        C(
            "使命担当与发展定位",
            "positioning",
            "回答本县在国家和区域发展全局中扮演什么角色、承担什么功能。",
            S(
                "使命角色与功能定位",
                "mission",
                "从历史节点梳理本县的阶段特征，面向{vision_year}年基本实现现代化，提出本县的"
                "战略功能和使命担当；结合主体功能区类型，说明本县主要承担城市化、农产品供给"
                "还是生态保护功能，以及要培育的专业化经济功能（如枢纽经济、消费经济、会展经济、"
                "开放经济、新技术场景应用经济）。定位条目在“定位与功能”中逐条录入。",
            ),
            S(
                "构建动态比较优势",
                "advantages",
                "把比较优势分成正在削弱的传统优势、正在形成的新优势和有待激发的潜在优势，"
                "说明每项优势依托的要素及其变化趋势。土地、劳动力、能源矿产、文化生态资源"
                "黏性强，应写清如何就地转化；资本、技术、数据等流动要素应写清如何引入。"
                "还要说明与上下级、大中小城市、先发后发地区之间的梯次联动和合作对象。",
            ),
            S(
                "因地制宜的高质量发展路子",
                "path",
                "依据资源禀赋和功能定位，说明本县选择的路子（宜水则水、宜山则山、宜粮则粮、"
                "宜农则农、宜工则工、宜商则商）以及选择的理由，避免照搬其他地区的模式。",
            ),
        ),
        C(
            "总体要求",
            "guiding",
            "指导思想、基本原则和发展战略，应与上位规划保持一致，并体现本县特点。",
            S(
                "指导思想",
                "guiding_thought",
                "衔接国家和省、市规划的指导思想表述，点明本期发展的主题、主线和根本目的。",
            ),
            S(
                "基本原则",
                "principles",
                "列出四至六条原则，每条用一句话说明在本县意味着什么；原则之间避免交叉重复。",
            ),
        ),
        C(
            "{vision}年远景目标与“{period}”时期发展目标",
            "goals",
            "采用倒排方式：先描绘远景，再确定本期阶段目标，最后分解为可量化的指标。",
            S(
                "{vision}年远景目标",
                "vision",
                "按维度描绘到{vision_year}年基本实现现代化时本县的样子：经济实力、创新能力、"
                "城乡面貌、生态环境、人民生活、治理水平等。远景条目在“倒排目标”中录入，"
                "每一条都应分解出本期的阶段目标。",
            ),
            S(
                "“{period}”时期经济社会发展主要目标",
                "period_targets",
                "把每条远景目标分解为到{target}年要达到的阶段目标，再为每个阶段目标配置"
                "可量化的指标。主要指标表按经济发展、创新驱动、民生福祉、绿色生态、安全保障"
                "分类，注明预期性或约束性；约束性指标应与上级下达的任务相衔接。",
            ),
        ),
    ),
    P(
        "优化空间布局　拓展经济地理新空间",
        "part_space",
        "从本县的国土空间和在更大区域中的位置两个尺度安排发展空间。",
        C(
            "构建国土空间开发保护新格局",
            "spatial",
            "落实主体功能区战略和国土空间规划的“三区三线”，明确城镇、农业、生态空间的"
            "布局和发展轴带，说明重点片区的功能分工。",
            S(
                "落实主体功能区战略",
                "function_zones",
                "说明本县及各乡镇的主体功能定位和对应的开发强度、产业准入与保护要求。",
            ),
            S(
                "优化城镇和产业空间布局",
                "urban_layout",
                "明确县城、重点镇和产业园区的布局与分工，顺应人口和产业集聚的规律，"
                "避免脱离实际圈地造城。",
            ),
        ),
        C(
            "融入区域发展新格局",
            "regional",
            "在国家区域重大战略、都市圈和城市群、“一带一路”中找准本县的位置，"
            "明确承接产业转移、对接中心城市功能疏解、城乡要素双向流动和陆海统筹的方向。"
            "具体合作关系在“区域联系”中逐条录入。",
            S(
                "主动对接区域重大战略",
                "regional_strategy",
                "写明本县对接的国家和省级区域战略、合作平台和重点合作事项。",
            ),
            S(
                "深化区域分工协作",
                "regional_cooperation",
                "围绕产业转移承接、飞地园区、对口协作等，说明合作对象、合作内容和机制。",
            ),
        ),
    ),
    P(
        "坚持创新驱动　构建现代化经济体系",
        "part_economy",
        "重点任务篇。每章的重点任务在“重点任务”中录入，写明牵头和配合部门、服务的指标。",
        C(
            "强化创新驱动发展",
            "task_innovation",
            "围绕新技术、新产业、新业态和新应用场景，提出创新平台、创新主体、人才和"
            "成果转化方面的任务；结合本县条件，有侧重地布局新技术应用场景。",
        ),
        C(
            "构建现代产业体系",
            "task_industry",
            "明确主导产业、新兴产业和未来产业的发展方向，说明产业集聚形态（园区、集群、"
            "创新生态）的升级路径，防止过早去工业化；推动传统优势产业就地转化增值。",
        ),
        C(
            "建设现代化基础设施体系",
            "task_infrastructure",
            "统筹交通、能源、水利和新型基础设施（5G、物联网、工业互联网、人工智能、云计算、"
            "区块链、数据中心）建设，论证基础设施与经济发展和民生需求的关系，"
            "新基建适度超前、量力而行。",
        ),
    ),
    P(
        "推进城乡融合　建设美丽家园",
        "part_urban_rural",
        "城乡发展与生态文明篇。",
        C(
            "全面推进乡村振兴",
            "task_rural",
            "巩固拓展脱贫攻坚成果，推动农村从单向输出农产品和劳动力转向城乡要素双向流动，"
            "发展农产品加工、乡村旅游、电商等融合业态。",
        ),
        C(
            "推进以人为核心的新型城镇化",
            "task_urbanisation",
            "提升县城承载能力和公共服务水平，推进农业转移人口市民化，补齐城市基础设施短板，"
            "提高城市治理精细化水平。",
        ),
        C(
            "推动绿色发展　建设美丽县域",
            "task_ecology",
            "以资源环境承载力为开发建设的上限，统筹山水林田湖草系统治理，推进污染防治和"
            "节能降碳，探索生态产品价值实现机制。",
        ),
    ),
    P(
        "增进民生福祉　深化改革开放",
        "part_people",
        "民生、改革与开放篇。",
        C(
            "提升公共服务和民生保障水平",
            "task_livelihood",
            "从群众最关心的教育、医疗、就业、收入、养老、托育、住房等方面提出任务，"
            "把有限财力优先投向人的发展，不搞形象工程。",
        ),
        C(
            "深化重点领域改革",
            "task_reform",
            "对标国家部署，提出营商环境、要素市场化配置、国资国企、财政金融等方面的改革任务，"
            "说明改革之间的配合关系。",
        ),
        C(
            "推进高水平对外开放",
            "task_opening",
            "兼顾垂直分工与水平协作，提出开放平台、外贸外资和区域开放合作的任务，"
            "同时评估逆全球化因素对本县产业链的影响。",
        ),
    ),
    P(
        "统筹发展和安全　提升治理能力",
        "part_security",
        "发展与安全、治理能力篇。",
        C(
            "防范化解重大风险",
            "risks",
            "坚持总体国家安全观，分领域识别经济、社会、生态、信息、公共卫生、安全生产、"
            "自然灾害等风险，写明源头防控措施、预警监测指标、应急预案和演练安排。"
            "风险在“风险清单”中逐条录入。",
        ),
        C(
            "提升县域治理能力",
            "governance",
            "从贯彻国家战略部署、以人的需要为中心的决策服务、优化市场主体发展环境、"
            "构建社会治理共同体和防范化解风险五个方面提出治理能力建设措施，"
            "特别是公众参与规划和治理的渠道。",
        ),
    ),
    P(
        "强化规划实施保障",
        "part_implementation",
        "保障措施篇：让规划从纸面落到实施。",
        C(
            "健全规划实施机制",
            "implementation",
            "说明规划体系衔接、政策协同、项目支撑、问题研究和监测评估的安排。",
            S(
                "加强规划衔接",
                "linkage",
                "列出本规划衔接的国家、省、市发展规划和国土空间规划，同级专项规划，以及本规划"
                "要指导的下位规划，说明衔接要点。衔接关系在“规划衔接”中录入。",
            ),
            S(
                "强化政策协同",
                "policy_tools",
                "既用好上级政策，也建设本级政策工具箱，说明财政、金融、土地、人才、产业等"
                "政策分别支撑哪些重点任务，避免相互抵触。",
            ),
            S(
                "抓要事　办大事　做实事",
                "major_projects",
                "谋划一批重大工程项目：要事指战略性、改革攻坚类事项，大事指平台、园区和重大"
                "基础设施，实事指群众看得见摸得着的民生项目。项目在“重大项目”中录入，"
                "各章专栏和附表自动汇总。",
            ),
            S(
                "持续开展重大问题研究",
                "research",
                "列出规划前期和实施期间需要研究的战略性、全局性问题，明确承担单位和时间安排。",
            ),
            S(
                "加强监测评估",
                "monitoring",
                "说明年度监测、中期评估和总结评估的安排，以及指标数据的来源部门。",
            ),
        ),
    ),
    U(
        "结束语",
        "closing",
        "收束全篇，号召全县干部群众团结奋斗、为实现{period}规划和{vision_year}年远景目标"
        "努力。篇幅宜短，不再提出新的任务。",
    ),
    A(
        "“{period}”时期经济社会发展主要指标",
        "annex_indicators",
        "由主要指标自动生成，不需要另外填写正文。",
    ),
    A(
        "“{period}”时期重大项目表",
        "annex_projects",
        "由重大项目自动生成，按类别汇总投资。",
    ),
)


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    name: str
    base_year: int
    vision_year: int
    outline: tuple[TemplateNode, ...]

    @property
    def target_year(self) -> int:
        return self.base_year + 5


PLAN_TEMPLATES: dict[str, PlanTemplate] = {
    "fyp14": PlanTemplate("fyp14", "“十四五”规划纲要（2021—2025年）", 2020, 2035, COUNTY_OUTLINE),
    "fyp15": PlanTemplate("fyp15", "“十五五”规划纲要（2026—2030年）", 2025, 2035, COUNTY_OUTLINE),
}


def fill(text: str, base_year: int, target_year: int, vision_year: int) -> str:
    return text.format(
        prev=five_year_plan_name(base_year),
        period=five_year_plan_name(target_year),
        vision=chinese_year(vision_year),
        base=base_year,
        target=target_year,
        vision_year=vision_year,
    )
