"""示范县's back-cast: 2035 vision items → 2025 stage targets → main indicators.

The demo is meant to show the back-cast page at work, so a few gaps are deliberate:
the culture vision item has no stage target, the services target has no indicator,
the retail-sales indicator serves no target, and the patents indicator is about 21%
above the steady path from its baseline to its 2035 value (every other indicator
with a 2035 value lies within a few per cent of its path).
"""

from dataclasses import dataclass

from apps.targets.models import Indicator, VisionItem

D = VisionItem.Dimension
LEVEL, ANNUAL, CUMULATIVE = (
    Indicator.Expression.LEVEL,
    Indicator.Expression.ANNUAL,
    Indicator.Expression.CUMULATIVE,
)
EXPECTED, BINDING = Indicator.Attribute.EXPECTED, Indicator.Attribute.BINDING


@dataclass(frozen=True)
class DemoVision:
    ref: str
    dimension: str
    title: str
    description: str


@dataclass(frozen=True)
class DemoTarget:
    ref: str
    vision: str
    title: str
    description: str


@dataclass(frozen=True)
class DemoIndicator:
    ref: str
    category: str
    name: str
    unit: str
    baseline: str | None
    target: str  # as a drafter types it: 65, ≥6.5, 〔13.5〕 or a phrase
    expression: str
    attribute: str
    department: str  # catalogue code of the data source
    period_target: str | None
    vision: str | None = None
    data_year: int | None = None
    national_code: str = ""
    note: str = ""


VISION_ITEMS: tuple[DemoVision, ...] = (
    DemoVision(
        "v_economy",
        D.ECONOMY,
        "经济实力大幅跃升，地区生产总值比2020年翻一番以上",
        "到2035年，地区生产总值达到720亿元左右，人均地区生产总值达到13.5万元，"
        "县域经济综合实力进入全省第一方阵。",
    ),
    DemoVision(
        "v_innovation",
        D.INNOVATION,
        "基本建成创新型县份",
        "研发投入强度达到3.2%左右，关键领域形成一批有竞争力的创新平台和科技型企业，"
        "数字经济成为县域经济的重要支撑。",
    ),
    DemoVision(
        "v_industry",
        D.INDUSTRY,
        "形成“两主一特”现代产业体系",
        "智能装备、新材料产业集群跻身全省先进制造业集群行列，绿色食品产业链条完整，"
        "现代服务业增加值占比明显提高。",
    ),
    DemoVision(
        "v_urban_rural",
        D.URBAN_RURAL,
        "城乡融合发展格局全面形成",
        "常住人口城镇化率达到70%左右，县城综合承载能力显著增强，农业农村现代化基本实现。",
    ),
    DemoVision(
        "v_ecology",
        D.ECOLOGY,
        "建成人与自然和谐共生的美丽示范县",
        "细颗粒物平均浓度降到25微克/立方米左右，东湖水质稳定达标，碳排放达峰后稳中有降。",
    ),
    DemoVision(
        "v_culture",
        D.CULTURE,
        "文化软实力显著增强",
        "东湖渔耕文化和西岭茶文化得到系统保护和传承，公共文化服务体系覆盖城乡，"
        "文明示范县创建成果巩固提升。",
    ),
    DemoVision(
        "v_livelihood",
        D.LIVELIHOOD,
        "人民生活更加富裕美好",
        "城乡居民人均收入比2020年翻一番以上，基本公共服务实现均等化，中等收入群体显著扩大。",
    ),
    DemoVision(
        "v_governance",
        D.GOVERNANCE,
        "基本实现县域治理现代化",
        "法治政府、数字政府基本建成，营商环境进入全省前列，社会治理共同体更加完善。",
    ),
    DemoVision(
        "v_security",
        D.SECURITY,
        "安全发展基础更加巩固",
        "粮食综合生产能力稳定提升，重大风险防控体系健全，平安示范县建设达到更高水平。",
    ),
    DemoVision(
        "v_opening",
        D.OPENING,
        "建成都市圈东北部开放合作高地",
        "开放平台能级全面提升，深度融入长三角和省会都市圈分工体系，开放型经济规模翻番。",
    ),
)

PERIOD_TARGETS: tuple[DemoTarget, ...] = (
    DemoTarget(
        "t_growth",
        "v_economy",
        "经济保持中高速增长，2025年地区生产总值突破430亿元",
        "地区生产总值年均增长6.5%左右，财政收入与经济增长协调同步。",
    ),
    DemoTarget(
        "t_fiscal",
        "v_economy",
        "财政实力稳步增强",
        "一般公共预算收入达到28.5亿元，税收占比稳定在75%以上。",
    ),
    DemoTarget(
        "t_rd",
        "v_innovation",
        "研发投入和创新主体较快增长",
        "研发投入强度达到2.2%，高新技术企业数量翻一番以上。",
    ),
    DemoTarget(
        "t_digital",
        "v_innovation",
        "知识产权创造和数字化转型取得突破",
        "高价值发明专利较快增长，数字经济核心产业增加值占比达到7%。",
    ),
    DemoTarget(
        "t_clusters",
        "v_industry",
        "两大主导产业产值突破600亿元",
        "规模以上工业增加值年均增长8%，智能装备和新材料产业链关键环节补齐，"
        "绿色食品精深加工比重提高。",
    ),
    DemoTarget(
        "t_services",
        "v_industry",
        "现代服务业提质扩容",
        "现代物流、科技服务和文旅康养加快发展，县城商圈改造提升。",
    ),
    DemoTarget(
        "t_urban",
        "v_urban_rural",
        "以县城为载体的新型城镇化质量明显提高",
        "常住人口城镇化率达到60%，农业转移人口市民化全面推进。",
    ),
    DemoTarget(
        "t_rural",
        "v_urban_rural",
        "乡村振兴取得实质性进展",
        "脱贫攻坚成果巩固拓展，农村人居环境明显改善，农村生活污水治理率达到60%。",
    ),
    DemoTarget(
        "t_carbon",
        "v_ecology",
        "完成节能降碳目标任务",
        "能耗强度和碳排放强度完成上级下达的五年目标，为碳达峰打好基础。",
    ),
    DemoTarget(
        "t_environment",
        "v_ecology",
        "环境质量持续改善",
        "空气质量优良天数比率达到90%以上，考核断面水质全部达到或好于Ⅲ类。",
    ),
    DemoTarget(
        "t_green",
        "v_ecology",
        "生态屏障更加牢固",
        "西岭山地生态修复和国土绿化成效明显，森林覆盖率提高到32.5%。",
    ),
    DemoTarget(
        "t_income",
        "v_livelihood",
        "就业更加充分，收入稳步增长",
        "居民收入增长与经济增长基本同步，城镇登记失业率控制在3.5%以内。",
    ),
    DemoTarget(
        "t_services_public",
        "v_livelihood",
        "基本公共服务均等化水平明显提升",
        "教育、医疗、托育、养老等服务供给扩容提质，多层次社会保障体系更加健全。",
    ),
    DemoTarget(
        "t_business",
        "v_governance",
        "营商环境进入全市前列",
        "“一网通办”全面深化，市场主体数量增加到6.5万户。",
    ),
    DemoTarget(
        "t_digital_government",
        "v_governance",
        "数字政府和法治政府建设取得新进展",
        "政务服务事项全面实现网上可办，行政执法规范化水平明显提高。",
    ),
    DemoTarget(
        "t_food",
        "v_security",
        "粮食安全根基更加稳固",
        "粮食综合生产能力稳定在42万吨以上，耕地保有量不低于上级下达任务。",
    ),
    DemoTarget(
        "t_safety",
        "v_security",
        "安全生产和债务风险总体可控",
        "生产安全事故总量和死亡人数持续下降，政府债务率保持在警戒线以内。",
    ),
    DemoTarget(
        "t_trade",
        "v_opening",
        "外贸外资稳中提质",
        "进出口总额达到35亿元，跨境电商等新业态加快发展。",
    ),
    DemoTarget(
        "t_investment",
        "v_opening",
        "利用外资和飞地合作取得突破",
        "五年实际使用外资累计1.2亿美元，与长三角共建飞地园区投入运营。",
    ),
)

ECONOMY, INNOVATION, LIVELIHOOD, GREEN, SECURITY = (
    "经济发展",
    "创新驱动",
    "民生福祉",
    "绿色生态",
    "安全保障",
)

# fmt: off
INDICATORS: tuple[DemoIndicator, ...] = (
    # 经济发展
    DemoIndicator(
        "gdp_growth", ECONOMY, "地区生产总值增长", "%", "3.6", "6.5", ANNUAL, EXPECTED,
        "statistics", "t_growth", national_code="CN14-01",
    ),
    DemoIndicator(
        "gdp", ECONOMY, "地区生产总值", "亿元", "318.5", "≥430", LEVEL, EXPECTED,
        "statistics", "t_growth", vision="720",
    ),
    DemoIndicator(
        "gdp_per_capita", ECONOMY, "人均地区生产总值", "万元", "6.06", "8.1", LEVEL, EXPECTED,
        "statistics", "t_growth", vision="13.5",
    ),
    DemoIndicator(
        "fiscal_revenue", ECONOMY, "一般公共预算收入", "亿元", "21.8", "28.5", LEVEL, EXPECTED,
        "finance", "t_fiscal",
    ),
    DemoIndicator(
        "industry_growth", ECONOMY, "规模以上工业增加值增长", "%", "4.2", "8", ANNUAL,
        EXPECTED, "industry", "t_clusters",
    ),
    DemoIndicator(
        "urbanisation", ECONOMY, "常住人口城镇化率", "%", "54.2", "60", LEVEL, EXPECTED,
        "statistics", "t_urban", vision="70", national_code="CN14-03",
    ),
    DemoIndicator(
        "market_entities", ECONOMY, "市场主体数量", "万户", "4.6", "6.5", LEVEL, EXPECTED,
        "market", "t_business",
    ),
    DemoIndicator(
        "retail", ECONOMY, "社会消费品零售总额增长", "%", "-3.2", "7", ANNUAL, EXPECTED,
        "commerce", None,
    ),
    DemoIndicator(
        "trade", ECONOMY, "进出口总额", "亿元", "24.5", "35", LEVEL, EXPECTED, "commerce",
        "t_trade",
    ),
    DemoIndicator(
        "foreign_investment", ECONOMY, "实际使用外资", "亿美元", None, "〔1.2〕", CUMULATIVE,
        EXPECTED, "investment", "t_investment",
    ),
    # 创新驱动
    DemoIndicator(
        "rd", INNOVATION, "研究与试验发展经费投入强度", "%", "1.62", "2.2", LEVEL, EXPECTED,
        "science", "t_rd", vision="3.2", data_year=2019,
    ),
    DemoIndicator(
        "hitech_firms", INNOVATION, "高新技术企业数", "家", "46", "≥100", LEVEL, EXPECTED,
        "science", "t_rd",
    ),
    # Deliberately ahead of its path to 2035 (about 21%), so the warning shows.
    DemoIndicator(
        "patents", INNOVATION, "每万人口高价值发明专利拥有量", "件", "1.3", "3", LEVEL,
        EXPECTED, "market", "t_digital", vision="9", national_code="CN14-05",
    ),
    DemoIndicator(
        "digital_economy", INNOVATION, "数字经济核心产业增加值占地区生产总值比重", "%", "4.1",
        "7", LEVEL, EXPECTED, "data", "t_digital", vision="12", national_code="CN14-06",
    ),
    DemoIndicator(
        "online_services", INNOVATION, "政务服务事项网上可办率", "%", "91", "100", LEVEL,
        EXPECTED, "administrative_approval", "t_digital_government",
    ),
    # 民生福祉
    DemoIndicator(
        "income", LIVELIHOOD, "居民人均可支配收入增长", "%", "5.8", "与经济增长基本同步",
        ANNUAL, EXPECTED, "statistics", "t_income", national_code="CN14-07",
    ),
    DemoIndicator(
        "unemployment", LIVELIHOOD, "城镇登记失业率", "%", "2.6", "<3.5", LEVEL, EXPECTED,
        "hrss", "t_income",
    ),
    DemoIndicator(
        "new_jobs", LIVELIHOOD, "城镇新增就业人数", "万人", None, "〔2.5〕", CUMULATIVE,
        EXPECTED, "hrss", "t_income",
    ),
    DemoIndicator(
        "schooling", LIVELIHOOD, "劳动年龄人口平均受教育年限", "年", "10.2", "10.8", LEVEL,
        BINDING, "education", "t_services_public", vision="11.8", national_code="CN14-09",
    ),
    DemoIndicator(
        "doctors", LIVELIHOOD, "每千人口拥有执业（助理）医师数", "人", "2.45", "3", LEVEL,
        EXPECTED, "health", "t_services_public", vision="3.8", data_year=2019,
        national_code="CN14-10",
    ),
    DemoIndicator(
        "pension", LIVELIHOOD, "基本养老保险参保率", "%", "92.5", "≥95", LEVEL, EXPECTED,
        "hrss", "t_services_public", national_code="CN14-11",
    ),
    DemoIndicator(
        "childcare", LIVELIHOOD, "每千人口拥有3岁以下婴幼儿托位数", "个", "1.2", "4.5",
        LEVEL, EXPECTED, "health", "t_services_public", national_code="CN14-12",
        note="含普惠性托育机构提供的托位",
    ),
    DemoIndicator(
        "life_expectancy", LIVELIHOOD, "人均预期寿命", "岁", "78.6", "〔1〕", CUMULATIVE,
        EXPECTED, "health", "t_services_public", data_year=2019, national_code="CN14-13",
    ),
    # 绿色生态
    DemoIndicator(
        "energy_intensity", GREEN, "单位地区生产总值能源消耗降低", "%", None, "〔14〕",
        CUMULATIVE, BINDING, "drc", "t_carbon", national_code="CN14-14",
        note="不低于市下达目标",
    ),
    DemoIndicator(
        "carbon_intensity", GREEN, "单位地区生产总值二氧化碳排放降低", "%", None, "〔18〕",
        CUMULATIVE, BINDING, "ecology", "t_carbon", national_code="CN14-15",
        note="不低于市下达目标",
    ),
    DemoIndicator(
        "air_quality", GREEN, "空气质量优良天数比率", "%", "88.5", "≥90", LEVEL, BINDING,
        "ecology", "t_environment", vision="95", national_code="CN14-16",
    ),
    DemoIndicator(
        "pm25", GREEN, "细颗粒物（PM2.5）平均浓度", "微克/立方米", "36", "≤31", LEVEL, BINDING,
        "ecology", "t_environment", vision="25",
    ),
    DemoIndicator(
        "water_quality", GREEN, "地表水达到或好于Ⅲ类水体比例", "%", "83.3", "100", LEVEL,
        BINDING, "ecology", "t_environment", national_code="CN14-17",
        note="6个省控以上考核断面",
    ),
    DemoIndicator(
        "forest_cover", GREEN, "森林覆盖率", "%", "31.6", "32.5", LEVEL, BINDING, "forestry",
        "t_green", vision="34", data_year=2019, national_code="CN14-18",
    ),
    DemoIndicator(
        "rural_sewage", GREEN, "农村生活污水治理率", "%", "38", "60", LEVEL, EXPECTED,
        "ecology", "t_rural",
    ),
    # 安全保障
    DemoIndicator(
        "grain", SECURITY, "粮食综合生产能力", "万吨", "41.3", ">42", LEVEL, BINDING,
        "agriculture", "t_food", national_code="CN14-19",
    ),
    DemoIndicator(
        "farmland", SECURITY, "耕地保有量", "万亩", "79.2", "≥78.6", LEVEL, BINDING,
        "natural_resources", "t_food", note="按国土空间规划下达任务",
    ),
    DemoIndicator(
        "work_safety", SECURITY, "亿元地区生产总值生产安全事故死亡率", "人/亿元", "0.032",
        "≤0.025", LEVEL, EXPECTED, "emergency", "t_safety",
    ),
    DemoIndicator(
        "debt_ratio", SECURITY, "政府债务率", "%", "86", "<100", LEVEL, EXPECTED, "finance",
        "t_safety",
    ),
)
# fmt: on
