"""示范县's positioning, comparative advantages, development paths and regional links."""

from dataclasses import dataclass

from apps.positioning.models import (
    ComparativeAdvantage,
    DevelopmentPath,
    PositioningStatement,
    RegionalLink,
)

PK = PositioningStatement.Kind
EF = PositioningStatement.EconomicFunction
AK = ComparativeAdvantage.Kind
F = ComparativeAdvantage.Factor
TR = ComparativeAdvantage.Trend
U = ComparativeAdvantage.Utilisation
TB = ComparativeAdvantage.TierBasis
RK = RegionalLink.Kind


@dataclass(frozen=True)
class DemoStatement:
    kind: str
    title: str
    description: str
    economic_function: str = ""


@dataclass(frozen=True)
class DemoAdvantage:
    ref: str
    name: str
    kind: str
    factor: str
    trend: str
    utilisation: str
    description: str
    tier_basis: str = ""
    partner_regions: str = ""


@dataclass(frozen=True)
class DemoPath:
    path: str
    focus: str
    rationale: str


@dataclass(frozen=True)
class DemoRegionalLink:
    partner_region: str
    kind: str
    content: str
    mechanism: str


STATEMENTS: tuple[DemoStatement, ...] = (
    DemoStatement(
        PK.MISSION,
        "全省粮食安全“压舱石”",
        "稳定粮食播种面积和产量，建设国家级现代农业产业园，在农业现代化上走在全市前列。",
    ),
    DemoStatement(
        PK.MISSION,
        "都市圈东北部生态屏障的守护者",
        "守护东湖湿地和西岭山地两大生态空间，为都市圈提供优质生态产品。",
    ),
    DemoStatement(
        PK.FUNCTION,
        "农产品主产区：以保障农产品供给为首要任务",
        "北部五个乡镇以农业生产为主体功能，严格控制开发强度，工业和城镇功能集中在县城和开发区。",
    ),
    DemoStatement(
        PK.FUNCTION,
        "都市圈先进制造业配套基地",
        "承接市中心城区和长三角的装备制造配套环节，建设智能农机和高端石英材料产业基地。",
    ),
    DemoStatement(
        PK.SPECIALISED,
        "城际铁路站点和公铁联运带动的枢纽经济",
        "依托北塘站和公铁联运物流园，发展农产品冷链、装备零部件集散和多式联运服务。",
        EF.HUB,
    ),
    DemoStatement(
        PK.SPECIALISED,
        "县域消费中心",
        "改造提升县城商圈，发展东湖文旅和夜间经济，吸引周边乡镇和邻县消费回流。",
        EF.CONSUMPTION,
    ),
    DemoStatement(
        PK.SPECIALISED,
        "智慧农业和智能制造应用场景开放县",
        "每年发布应用场景清单，吸引人工智能、物联网企业在农业、工厂和城市治理中开展示范应用。",
        EF.NEW_TECH_SCENARIO,
    ),
)

ADVANTAGES: tuple[DemoAdvantage, ...] = (
    DemoAdvantage(
        "adv_grain",
        "连片平原和优质粮食生产能力",
        AK.TRADITIONAL,
        F.LAND,
        TR.STRENGTHENING,
        U.ON_SITE,
        "耕地79.2万亩、高标准农田52万亩，优质稻米品牌已有一定知名度；重在延长加工链，就地增值。",
    ),
    DemoAdvantage(
        "adv_labour",
        "熟练产业工人和劳动力成本",
        AK.TRADITIONAL,
        F.LABOUR,
        TR.WEAKENING,
        U.ON_SITE,
        "常住人口老龄化加快、青年劳动力外流，成本优势逐步减弱，需以技能培训和机器换人弥补。",
    ),
    DemoAdvantage(
        "adv_quartz",
        "石英砂和建材矿产资源",
        AK.TRADITIONAL,
        F.ENERGY_MINERAL,
        TR.WEAKENING,
        U.ON_SITE,
        "西岭一带石英砂储量较大，过去以原矿外运为主；今后在生态约束下转向高纯石英就地精深加工。",
    ),
    DemoAdvantage(
        "adv_equipment",
        "智能农机和物流装备产业集聚",
        AK.NEW,
        F.CAPITAL,
        TR.STRENGTHENING,
        U.ATTRACTED,
        "开发区已集聚整机和零部件企业60余家，正吸引长三角资本和配套企业转移落户。",
        TB.DEVELOPMENT,
        "长三角核心城市、省会城市",
    ),
    DemoAdvantage(
        "adv_land_reserve",
        "开发区成片产业用地储备",
        AK.NEW,
        F.LAND,
        TR.STRENGTHENING,
        U.ON_SITE,
        "开发区可供工业用地约6平方公里，以“标准地”方式供给，承接中心城区外溢的制造环节。",
        TB.CITY_SIZE,
        "市中心城区",
    ),
    DemoAdvantage(
        "adv_scenarios",
        "县域数字化应用场景",
        AK.NEW,
        F.DATA,
        TR.EMERGING,
        U.ATTRACTED,
        "农业、制造和城市治理数据资源丰富，以开放场景吸引数字企业来县试点。",
        TB.FUNCTION,
        "省会城市、市中心城区",
    ),
    DemoAdvantage(
        "adv_ecology",
        "东湖湿地和西岭山水生态资源",
        AK.POTENTIAL,
        F.CULTURE_ECOLOGY,
        TR.EMERGING,
        U.ON_SITE,
        "东湖国家湿地公园和西岭茶山的生态价值尚未充分转化，可发展生态旅游、康养和生态产品交易。",
    ),
    DemoAdvantage(
        "adv_entrepreneurs",
        "在外乡贤的资本和经营经验",
        AK.POTENTIAL,
        F.MANAGEMENT,
        TR.EMERGING,
        U.ATTRACTED,
        "在长三角、珠三角创业的示范籍企业家约三千人，通过乡贤回归工程引导资本和管理经验回流。",
        TB.DEVELOPMENT,
        "长三角地区、珠三角地区",
    ),
    DemoAdvantage(
        "adv_agritech",
        "与省农科院所的农业科技合作",
        AK.POTENTIAL,
        F.TECHNOLOGY,
        TR.EMERGING,
        U.ATTRACTED,
        "依托省农科院在县设立的试验站，引入良种繁育和智慧农机技术，带动农业科技成果就地转化。",
        TB.ADMINISTRATIVE,
        "省会城市",
    ),
)

# DevelopmentPath is unique per plan and path, so these two are not multiplied by --scale.
PATHS: tuple[DemoPath, ...] = (
    DemoPath(
        DevelopmentPath.Path.GRAIN,
        "北部平原稳粮增效，发展优质稻米和农产品精深加工",
        "北部五个乡镇耕地集中连片、灌溉条件好，是全省粮食生产功能区，保障粮食安全是本县首要"
        "使命；同时粮食加工链条短，就地增值空间大。",
    ),
    DemoPath(
        DevelopmentPath.Path.INDUSTRY,
        "南部以开发区为平台发展智能装备和新材料",
        "开发区已形成装备制造产业基础，靠近高速公路和城际铁路站点，承接中心城区和长三角产业"
        "外溢条件较好；工业集中布局也能减轻对农业和生态空间的占用。",
    ),
)

REGIONAL_LINKS: tuple[DemoRegionalLink, ...] = (
    DemoRegionalLink(
        "长三角城市群核心区",
        RK.INDUSTRY_TRANSFER,
        "承接农机整机、物流装备零部件和石英材料加工环节转移，引进研发中试项目。",
        "每年举办产业链对接会，设立驻长三角招商联络处",
    ),
    DemoRegionalLink(
        "省会都市圈",
        RK.METRO_AREA,
        "共建城际公交和医疗联合体，参与职业教育联盟，共享创新平台。",
        "纳入都市圈同城化发展协调机制",
    ),
    DemoRegionalLink(
        "市中心城区",
        RK.URBAN_RURAL,
        "推动“研发在市区、制造在示范”分工，引导城市人才、资本下乡，农产品直供中心城区。",
        "市县联席会议每半年召开一次",
    ),
    DemoRegionalLink(
        "沿海港口城市",
        RK.LAND_SEA,
        "依托内陆港开通铁海联运班列，装备产品经港口出口，降低物流成本。",
        "与港口集团签订战略合作协议",
    ),
    DemoRegionalLink(
        "中亚和东南亚沿线国家",
        RK.BELT_AND_ROAD,
        "支持农机企业开拓沿线市场，建设海外仓和售后服务网点。",
        "依托省级境外经贸合作平台",
    ),
    DemoRegionalLink(
        "西部云岭县",
        RK.PAIRED_ASSISTANCE,
        "开展农产品产销对接、劳务协作和干部人才交流，共建消费帮扶专馆。",
        "东西部协作联席会议和年度协作协议",
    ),
)
