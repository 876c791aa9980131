"""示范县's risk register, plan linkages, research topics and governance measures."""

from dataclasses import dataclass

from apps.governance.models import GovernanceMeasure, PlanLinkage, ResearchTopic, Risk

RD = Risk.Domain
DF = Risk.DrillFrequency
LL = PlanLinkage.Level
LK = PlanLinkage.Kind
LD = PlanLinkage.Direction
RS = ResearchTopic.Stage
ST = ResearchTopic.Status
G = GovernanceMeasure.Group


@dataclass(frozen=True)
class DemoRisk:
    domain: str
    title: str
    description: str
    source_control: str
    warning_indicator: str
    emergency_plan: str
    drill_frequency: str
    lead: str  # catalogue code


@dataclass(frozen=True)
class DemoLinkage:
    linked_plan: str
    level: str
    kind: str
    direction: str
    points: str


@dataclass(frozen=True)
class DemoResearch:
    title: str
    stage: str
    status: str
    lead_unit: str
    findings: str


@dataclass(frozen=True)
class DemoMeasure:
    group: str
    title: str
    description: str
    public_participation: bool = False


RISKS: tuple[DemoRisk, ...] = (
    DemoRisk(
        RD.ECONOMIC,
        "主导产业订单大幅波动",
        "农机和物流装备出口占比较高，外需收缩或贸易摩擦可能导致订单骤减、企业停产。",
        "引导企业开拓国内和多元市场，培育关键零部件本地配套，建立重点企业运行监测名单。",
        "规模以上工业产值月度同比降幅超过10%",
        "重点产业链企业稳产保供应急预案",
        DF.YEARLY,
        "industry",
    ),
    DemoRisk(
        RD.FINANCIAL,
        "政府隐性债务和平台公司偿债风险",
        "城市建设和开发区投入较大，平台公司集中到期债务偿付压力较高。",
        "严格政府投资项目审批，整合平台公司，制定隐性债务化解方案并按年度落实。",
        "政府债务率超过100%，或平台公司单月到期债务超过5亿元",
        "地方政府性债务风险应急处置预案",
        DF.HALF_YEARLY,
        "finance",
    ),
    DemoRisk(
        RD.SOCIAL,
        "征地拆迁和重大项目引发的群体性矛盾",
        "城东新区、城际铁路等项目征迁量大，补偿安置不到位可能引发信访和群体性事件。",
        "落实重大决策社会稳定风险评估，公开补偿标准，推行阳光征收。",
        "同一事项集体访连续两月上升",
        "群体性事件应急处置预案",
        DF.YEARLY,
        "justice",
    ),
    DemoRisk(
        RD.ECOLOGICAL,
        "东湖蓝藻水华和水质下降",
        "入湖污染负荷偏高，夏季高温少雨时可能暴发蓝藻水华，影响饮用水源和湿地生态。",
        "削减农业面源和生活污水入湖负荷，建设湖滨缓冲带，实施藻类应急打捞。",
        "东湖总磷浓度超过0.05毫克/升或叶绿素a浓度快速上升",
        "东湖蓝藻水华应急处置预案",
        DF.YEARLY,
        "ecology",
    ),
    DemoRisk(
        RD.INFORMATION,
        "政务数据泄露和关键信息基础设施攻击",
        "政务云和公共数据平台集中了大量个人和企业信息，一旦被攻击或泄露影响面广。",
        "落实网络安全等级保护，数据分级分类管理，关键系统异地备份。",
        "高危漏洞未修复超过7天，或出现异常批量数据访问",
        "网络与信息安全突发事件应急预案",
        DF.HALF_YEARLY,
        "data",
    ),
    DemoRisk(
        RD.PUBLIC_HEALTH,
        "重大传染病疫情",
        "人员和物流往来频繁，输入性传染病疫情风险长期存在，县域医疗救治能力有限。",
        "健全发热门诊和哨点监测网络，储备医疗物资，建设可转换的平急两用设施。",
        "发热门诊就诊人数或聚集性病例明显增加",
        "突发公共卫生事件应急预案",
        DF.HALF_YEARLY,
        "health",
    ),
    DemoRisk(
        RD.WORK_SAFETY,
        "危险化学品和建筑施工安全事故",
        "开发区涉及危险化学品使用的企业增多，在建项目多，高处坠落和有限空间作业风险较高。",
        "推进化工企业入园集中管理，落实企业安全生产主体责任和隐患排查治理双重预防机制。",
        "重大事故隐患未按期整改，或一季度内发生两起以上较大险情",
        "生产安全事故综合应急预案",
        DF.QUARTERLY,
        "emergency",
    ),
    DemoRisk(
        RD.NATURAL_DISASTER,
        "汛期洪涝和城市内涝",
        "县境河网密布，强降雨集中时中小河流和低洼片区易发洪涝，县城老城区排水能力不足。",
        "完成东湖水库除险加固和中小河流治理，建设排涝泵站，划定城市易涝点清单。",
        "东湖水库水位超过汛限水位，或24小时降雨量超过100毫米",
        "防汛抗旱应急预案",
        DF.YEARLY,
        "water",
    ),
    DemoRisk(
        RD.FOOD_ENERGY,
        "粮食生产波动和迎峰度夏电力缺口",
        "极端天气可能导致粮食减产；夏季用电高峰时段电力供应偏紧，影响企业生产。",
        "稳定粮食播种面积，完善储备粮轮换；推进分布式光伏和需求侧响应，制定有序用电方案。",
        "粮食播种面积同比下降超过3%，或电网负荷率超过95%",
        "粮食应急保障预案和有序用电方案",
        DF.YEARLY,
        "drc",
    ),
)

LINKAGES: tuple[DemoLinkage, ...] = (
    DemoLinkage(
        "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要",
        LL.NATIONAL,
        LK.DEVELOPMENT,
        LD.UPPER,
        "对接国家主要指标体系、乡村振兴和新型城镇化部署，约束性指标不低于国家要求。",
    ),
    DemoLinkage(
        "省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
        LL.PROVINCIAL,
        LK.DEVELOPMENT,
        LD.UPPER,
        "落实省定粮食生产功能区和都市圈建设任务，争取重大项目纳入省级规划。",
    ),
    DemoLinkage(
        "市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
        LL.MUNICIPAL,
        LK.DEVELOPMENT,
        LD.UPPER,
        "衔接全市产业布局和城际铁路、国省干线规划，落实市下达的能耗和环境质量目标。",
    ),
    DemoLinkage(
        "省国土空间规划（2021—2035年）",
        LL.PROVINCIAL,
        LK.TERRITORIAL,
        LD.UPPER,
        "落实耕地保有量、永久基本农田和生态保护红线等控制指标。",
    ),
    DemoLinkage(
        "示范县国土空间总体规划（2021—2035年）",
        LL.COUNTY,
        LK.TERRITORIAL,
        LD.SAME,
        "同步编制，相互衔接开发区扩区、城东新区和重大基础设施的用地布局。",
    ),
    DemoLinkage(
        "示范县“十四五”综合交通运输发展规划",
        LL.COUNTY,
        LK.SPECIAL,
        LD.SAME,
        "落实城际铁路配套、国省干线和农村公路建设任务及项目。",
    ),
    DemoLinkage(
        "示范县“十四五”生态环境保护规划",
        LL.COUNTY,
        LK.SPECIAL,
        LD.SAME,
        "细化东湖流域治理、大气污染防治和碳达峰任务，目标不低于本规划。",
    ),
    DemoLinkage(
        "示范县“十四五”教育事业发展规划",
        LL.COUNTY,
        LK.SPECIAL,
        LD.SAME,
        "落实新增学位、职业教育中心新校区和受教育年限指标。",
    ),
    DemoLinkage(
        "东湖流域综合治理规划",
        LL.COUNTY,
        LK.REGIONAL,
        LD.SAME,
        "与邻县共同编制，统一流域水质目标和生态补偿办法。",
    ),
    DemoLinkage(
        "各乡镇“十四五”发展规划",
        LL.TOWNSHIP,
        LK.DEVELOPMENT,
        LD.LOWER,
        "按主体功能定位确定乡镇发展方向，重大项目和约束性指标与本规划衔接。",
    ),
)

RESEARCH_TOPICS: tuple[DemoResearch, ...] = (
    DemoResearch(
        "示范县“十四五”发展基本思路研究",
        RS.PREPARATION,
        ST.DONE,
        "县发展和改革局、省发展规划研究院",
        "提出“北部稳粮、南部兴工、东西两翼护生态”的总体思路和“两主一特”产业方向。",
    ),
    DemoResearch(
        "示范县融入省会都市圈和长三角分工的路径研究",
        RS.PREPARATION,
        ST.DONE,
        "县发展和改革局、省社会科学院",
        "建议以城际铁路站点和公铁联运为抓手，承接装备制造配套环节，共建飞地园区。",
    ),
    DemoResearch(
        "智能装备和新材料产业链图谱与招商路径研究",
        RS.DRAFTING,
        ST.ONGOING,
        "县工业和信息化局",
        "梳理产业链关键环节和缺失环节，形成目标企业清单。",
    ),
    DemoResearch(
        "示范县碳达峰路径与能耗双控研究",
        RS.IMPLEMENTATION,
        ST.PLANNED,
        "县发展和改革局、县生态环境分局",
        "测算重点行业排放趋势，提出分年度降碳目标和重大项目能耗保障方案。",
    ),
    DemoResearch(
        "人口变化趋势与公共服务设施配置研究",
        RS.IMPLEMENTATION,
        ST.PLANNED,
        "县统计局、县教育局、县卫生健康局",
        "研判人口老龄化和向县城集聚的趋势，优化学校、医院和养老设施布局。",
    ),
)

MEASURES: tuple[DemoMeasure, ...] = (
    DemoMeasure(
        G.STRATEGY,
        "建立国家和省市重大战略落实清单",
        "对粮食安全、乡村振兴、碳达峰等重大部署逐项明确牵头部门和年度任务，按季度调度。",
    ),
    DemoMeasure(
        G.STRATEGY,
        "健全规划实施年度评估和考核",
        "把规划主要指标和重点任务纳入部门和乡镇年度综合考核，评估结果向社会公开。",
        True,
    ),
    DemoMeasure(
        G.PEOPLE,
        "开展“我为规划建言献策”和民生实事票决",
        "规划编制和年度民生实事项目通过网络征集、代表票决等方式听取群众意见。",
        True,
    ),
    DemoMeasure(
        G.PEOPLE,
        "建设基层公共服务数据平台",
        "按常住人口和年龄结构动态配置教育、医疗、养老资源，提高决策精准度。",
    ),
    DemoMeasure(
        G.MARKET,
        "建立政企沟通“直通车”机制",
        "县领导定期走访企业，企业诉求限时办结并回访评价。",
    ),
    DemoMeasure(
        G.MARKET,
        "开展营商环境第三方评价",
        "每年委托第三方机构开展营商环境评价，邀请企业代表和行业协会参与。",
        True,
    ),
    DemoMeasure(
        G.SOCIAL,
        "推进县乡村组四级网格化治理",
        "整合综治、城管、应急等网格，实现一网统管，网格员全覆盖。",
    ),
    DemoMeasure(
        G.SOCIAL,
        "培育社区社会组织和志愿服务",
        "每个城市社区培育5个以上社区社会组织，支持其参与养老、托育和矛盾调解。",
        True,
    ),
    DemoMeasure(
        G.SOCIAL,
        "深化法治政府建设",
        "推行行政执法公示、执法全过程记录和重大执法决定法制审核制度。",
    ),
    DemoMeasure(
        G.RISK,
        "建立重大风险会商研判机制",
        "每半年由县委、县政府召开风险形势分析会，动态更新风险清单。",
    ),
    DemoMeasure(
        G.RISK,
        "健全基层应急管理体系",
        "乡镇全部建立应急管理站和应急救援队伍，每年组织综合应急演练。",
    ),
)
