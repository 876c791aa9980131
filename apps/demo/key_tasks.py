"""示范县's 30 key tasks over the nine areas, and the policy tools that support them.

Departments are catalogue codes (apps/accounts/catalogue.py); indicators, tasks and
advantages are the demo's own refs. A task only depends on tasks that come
earlier in the chain of work (space before projects, platforms before firms), so
the dependencies form no cycle.
"""

from dataclasses import dataclass

from apps.delivery.models import KeyTask, PolicyTool

A = KeyTask.Area
WITHIN, LONG = KeyTask.Horizon.WITHIN_PERIOD, KeyTask.Horizon.LONG_TERM


@dataclass(frozen=True)
class DemoTask:
    ref: str
    area: str
    title: str
    description: str
    lead: str
    cooperating: tuple[str, ...]
    indicators: tuple[str, ...]
    depends_on: tuple[str, ...] = ()
    advantages: tuple[str, ...] = ()
    horizon: str = WITHIN


@dataclass(frozen=True)
class DemoPolicyTool:
    name: str
    origin: str
    kind: str
    issuer: str
    description: str
    tasks: tuple[str, ...]


KEY_TASKS: tuple[DemoTask, ...] = (
    # 优化空间布局
    DemoTask(
        "space_lines",
        A.SPATIAL,
        "落实“三区三线”管控",
        "划定并严守永久基本农田68万亩、生态保护红线和城镇开发边界，建立国土空间规划"
        "“一张图”实施监督系统。",
        "natural_resources",
        ("agriculture", "ecology", "housing"),
        ("farmland", "forest_cover"),
        horizon=LONG,
    ),
    DemoTask(
        "space_layout",
        A.SPATIAL,
        "构建“一核两轴三区”空间格局",
        "做强县城和开发区核心，沿高速公路和城际铁路布局产业和城镇，三区分别承担粮食生产和"
        "生态保护功能。",
        "natural_resources",
        ("drc", "housing"),
        ("urbanisation",),
        ("space_lines",),
    ),
    DemoTask(
        "space_zones",
        A.SPATIAL,
        "实施主体功能区差别化政策",
        "对农业、生态功能乡镇实行差别化的财政转移支付、产业准入和考核办法。",
        "drc",
        ("finance", "natural_resources"),
        ("grain", "forest_cover"),
        ("space_lines",),
        horizon=LONG,
    ),
    # 创新发展
    DemoTask(
        "innovation_platforms",
        A.INNOVATION,
        "建设县科技创新中心和智能装备研究院",
        "联合省内高校建设研究院和中试基地，支持龙头企业建设省级以上企业技术中心。",
        "science",
        ("industry", "finance"),
        ("rd", "patents"),
        (),
        ("adv_equipment", "adv_agritech"),
    ),
    DemoTask(
        "innovation_firms",
        A.INNOVATION,
        "实施科技型企业“双倍增”行动",
        "完善科技创新券和研发费用补助，推动规模以上工业企业研发机构全覆盖。",
        "science",
        ("industry", "market"),
        ("hitech_firms", "rd"),
        ("innovation_platforms",),
    ),
    DemoTask(
        "innovation_scenarios",
        A.INNOVATION,
        "开放新技术应用场景",
        "每年发布智慧农业、智能制造、智慧交通和城市治理应用场景清单，引进企业开展示范应用。",
        "data",
        ("industry", "agriculture"),
        ("digital_economy",),
        ("infra_digital",),
        ("adv_scenarios",),
    ),
    # 产业体系
    DemoTask(
        "industry_equipment",
        A.INDUSTRY,
        "壮大智能农机和物流装备产业集群",
        "引进整机和关键零部件企业，建设智能农机装备产业园，形成年产各类农机5万台能力。",
        "industry",
        ("investment", "science"),
        ("industry_growth", "gdp"),
        ("innovation_platforms",),
        ("adv_equipment", "adv_labour"),
    ),
    DemoTask(
        "industry_materials",
        A.INDUSTRY,
        "发展高端石英新材料产业",
        "推动石英砂由原矿外运转向高纯石英砂、石英玻璃和半导体石英制品就地精深加工。",
        "industry",
        ("natural_resources", "ecology"),
        ("industry_growth",),
        (),
        ("adv_quartz",),
    ),
    DemoTask(
        "industry_food",
        A.INDUSTRY,
        "做优绿色食品产业",
        "建设绿色食品产业园和中央厨房，打造优质稻米、东湖水产和西岭茶叶区域公用品牌。",
        "agriculture",
        ("industry", "market"),
        ("gdp",),
        ("rural_farmland",),
        ("adv_grain", "adv_ecology"),
    ),
    DemoTask(
        "industry_logistics",
        A.INDUSTRY,
        "提升现代物流和商贸服务业",
        "建设公铁联运物流园和县域商贸物流体系，改造提升县城商圈和农贸市场。",
        "commerce",
        ("transport", "drc"),
        ("retail", "gdp"),
        ("infra_rail",),
    ),
    DemoTask(
        "industry_tourism",
        A.INDUSTRY,
        "发展东湖文旅康养产业",
        "建设东湖文旅康养度假区，串联西岭茶山和乡村旅游点，培育康养和研学业态。",
        "culture_tourism",
        ("forestry", "health"),
        ("retail",),
        (),
        ("adv_ecology",),
        LONG,
    ),
    # 生态环境保护
    DemoTask(
        "ecology_lake",
        A.ECOLOGY,
        "实施东湖流域综合治理",
        "整治入湖河道，治理农业面源污染，建设湿地净化工程，建立流域横向生态保护补偿。",
        "ecology",
        ("water", "agriculture"),
        ("water_quality", "rural_sewage"),
        (),
        ("adv_ecology",),
        LONG,
    ),
    DemoTask(
        "ecology_carbon",
        A.ECOLOGY,
        "推进绿色低碳转型",
        "制定碳达峰行动方案，严控高耗能项目，推进开发区循环化改造、屋顶光伏和生物质能利用。",
        "drc",
        ("ecology", "industry"),
        ("energy_intensity", "carbon_intensity"),
        horizon=LONG,
    ),
    DemoTask(
        "ecology_air",
        A.ECOLOGY,
        "持续改善空气质量",
        "推进工业炉窑和挥发性有机物治理，加强施工扬尘和秸秆禁烧管控。",
        "ecology",
        ("housing", "agriculture"),
        ("air_quality", "pm25"),
    ),
    # 基础设施
    DemoTask(
        "infra_rail",
        A.INFRASTRUCTURE,
        "配合建设城际铁路和北塘综合交通枢纽",
        "做好城际铁路示范县段征迁和配套工程，建设北塘站站前广场和公交换乘设施。",
        "transport",
        ("drc", "natural_resources"),
        ("gdp", "urbanisation"),
        ("space_layout",),
        horizon=LONG,
    ),
    DemoTask(
        "infra_roads",
        A.INFRASTRUCTURE,
        "完善国省干线和“四好农村路”",
        "改造国省干线，提档升级农村公路320公里，推进城乡公交一体化。",
        "transport",
        ("agriculture", "finance"),
        ("urbanisation",),
    ),
    DemoTask(
        "infra_energy_water",
        A.INFRASTRUCTURE,
        "提升能源和水利保障能力",
        "建设220千伏输变电工程、城乡供水一体化工程和北部灌区节水改造，实施东湖水库除险加固。",
        "water",
        ("drc", "natural_resources"),
        ("grain", "energy_intensity"),
        ("space_lines",),
    ),
    DemoTask(
        "infra_digital",
        A.INFRASTRUCTURE,
        "有序推进新型基础设施建设",
        "建设5G网络、政务云和边缘数据中心，推动工业互联网标识解析二级节点在开发区应用。",
        "data",
        ("industry", "housing"),
        ("digital_economy",),
        (),
        ("adv_scenarios",),
    ),
    # 城乡发展
    DemoTask(
        "rural_consolidate",
        A.URBAN_RURAL,
        "巩固拓展脱贫攻坚成果",
        "落实五年过渡期政策，健全防止返贫动态监测和帮扶机制，发展帮扶产业。",
        "rural_revitalisation",
        ("civil_affairs", "hrss", "medical_insurance"),
        ("income",),
    ),
    DemoTask(
        "rural_farmland",
        A.URBAN_RURAL,
        "建设高标准农田，稳定粮食产能",
        "新建和改造提升高标准农田20万亩，推进农业机械化全程全面发展。",
        "agriculture",
        ("natural_resources", "water", "finance"),
        ("grain", "farmland"),
        ("space_lines",),
        ("adv_grain", "adv_agritech"),
        LONG,
    ),
    DemoTask(
        "rural_industries",
        A.URBAN_RURAL,
        "推动乡村产业融合发展",
        "建设现代农业产业园，发展乡村旅游、农村电商和农业生产性服务业。",
        "agriculture",
        ("commerce", "culture_tourism"),
        ("income",),
        ("rural_farmland",),
        ("adv_grain", "adv_entrepreneurs"),
    ),
    DemoTask(
        "rural_living",
        A.URBAN_RURAL,
        "建设宜居宜业和美乡村",
        "实施农村人居环境整治提升和生活污水治理，深化农村集体产权制度改革。",
        "housing",
        ("ecology", "agriculture"),
        ("rural_sewage",),
    ),
    # 民生保障
    DemoTask(
        "people_education",
        A.LIVELIHOOD,
        "推进教育优质均衡发展",
        "新建中小学4所、幼儿园6所，新增学位9600个，办好职业教育中心新校区。",
        "education",
        ("finance", "natural_resources"),
        ("schooling",),
    ),
    DemoTask(
        "people_health",
        A.LIVELIHOOD,
        "建设健康示范县",
        "建成县人民医院新院区，深化县域医共体改革，提升疾控和公共卫生应急能力。",
        "health",
        ("medical_insurance", "finance"),
        ("doctors", "life_expectancy"),
    ),
    DemoTask(
        "people_jobs",
        A.LIVELIHOOD,
        "实施就业优先和收入提升行动",
        "建设零工市场和返乡创业园，开展职业技能提升培训，拓宽居民增收渠道。",
        "hrss",
        ("industry", "rural_revitalisation"),
        ("unemployment", "new_jobs", "income"),
    ),
    DemoTask(
        "people_care",
        A.LIVELIHOOD,
        "发展普惠托育和养老服务",
        "新增托位1800个，建设街道综合养老服务中心和农村互助养老点，扩大养老保险覆盖面。",
        "civil_affairs",
        ("health", "hrss"),
        ("childcare", "pension"),
    ),
    # 区域开放合作
    DemoTask(
        "open_platforms",
        A.OPENING,
        "建设内陆港和开放平台",
        "建设内陆港和保税物流中心（B型），开通铁海联运班列，争创国家级经济技术开发区。",
        "commerce",
        ("transport", "investment"),
        ("trade",),
        ("infra_rail", "industry_equipment"),
        ("adv_equipment",),
    ),
    DemoTask(
        "open_cooperation",
        A.OPENING,
        "深化区域合作和精准招商",
        "与长三角园区共建飞地，实施乡贤回归工程，围绕主导产业链开展精准招商。",
        "investment",
        ("commerce", "drc"),
        ("foreign_investment",),
        (),
        ("adv_entrepreneurs", "adv_land_reserve"),
    ),
    # 深化改革
    DemoTask(
        "reform_business",
        A.REFORM,
        "打造一流营商环境",
        "推进政务服务“一网通办”，实行企业投资项目承诺制和“标准地”出让。",
        "administrative_approval",
        ("market", "data", "justice"),
        ("market_entities", "online_services"),
    ),
    DemoTask(
        "reform_factors",
        A.REFORM,
        "推进要素市场化配置和国资国企改革",
        "深化“亩均论英雄”改革，整合县属国有平台公司，稳妥化解政府隐性债务。",
        "finance",
        ("drc", "natural_resources"),
        ("debt_ratio", "fiscal_revenue"),
        ("reform_business",),
        ("adv_land_reserve",),
        LONG,
    ),
)

POLICY_TOOLS: tuple[DemoPolicyTool, ...] = (
    DemoPolicyTool(
        "中央预算内投资和地方政府专项债券",
        PolicyTool.Origin.HIGHER,
        PolicyTool.Kind.INVESTMENT,
        "国家发展改革委、财政部",
        "重点支持城际铁路配套、城乡供水、学校医院等具备条件的公益性项目。",
        ("infra_rail", "infra_energy_water", "people_education", "people_health"),
    ),
    DemoPolicyTool(
        "高标准农田建设补助和耕地地力保护补贴",
        PolicyTool.Origin.HIGHER,
        PolicyTool.Kind.FISCAL,
        "农业农村部、省农业农村厅",
        "按亩补助高标准农田新建和改造提升，补贴资金与耕地保护责任挂钩。",
        ("rural_farmland",),
    ),
    DemoPolicyTool(
        "东湖流域横向生态保护补偿",
        PolicyTool.Origin.HIGHER,
        PolicyTool.Kind.ENVIRONMENTAL,
        "省财政厅、省生态环境厅",
        "按出境断面水质与邻县相互补偿，资金用于流域污染治理和生态修复。",
        ("ecology_lake",),
    ),
    DemoPolicyTool(
        "示范县产业发展引导基金",
        PolicyTool.Origin.OWN,
        PolicyTool.Kind.FINANCIAL,
        "县人民政府",
        "县财政出资5亿元，吸引社会资本组建子基金，投向智能装备、新材料和绿色食品项目。",
        ("industry_equipment", "industry_materials", "innovation_firms"),
    ),
    DemoPolicyTool(
        "“示范英才”人才新政",
        PolicyTool.Origin.OWN,
        PolicyTool.Kind.TALENT,
        "县委人才工作领导小组",
        "对引进的高层次人才和团队给予安家补贴、项目资助和子女入学保障。",
        ("innovation_platforms", "innovation_firms"),
    ),
    DemoPolicyTool(
        "工业用地“标准地”出让和“亩均论英雄”评价",
        PolicyTool.Origin.OWN,
        PolicyTool.Kind.LAND,
        "县人民政府",
        "新增工业用地按投资强度、亩均税收等标准出让，按亩均效益分档配置用地、用能和信贷。",
        ("reform_factors", "industry_equipment"),
    ),
    DemoPolicyTool(
        "科技创新券",
        PolicyTool.Origin.OWN,
        PolicyTool.Kind.TECHNOLOGY,
        "县科学技术局、县财政局",
        "企业购买检验检测、研发设计等科技服务可按比例抵扣，每家每年最高20万元。",
        ("innovation_firms", "innovation_scenarios"),
    ),
    DemoPolicyTool(
        "普惠金融“首贷户”培育和政府性融资担保",
        PolicyTool.Origin.OWN,
        PolicyTool.Kind.FINANCIAL,
        "县财政局、人民银行示范县支行",
        "为小微企业和新型农业经营主体提供首贷贴息和担保，降低融资成本。",
        ("rural_industries", "reform_business"),
    ),
)
