"""示范县's 60 major projects: 10 要事, 33 大事 and 17 实事.

Investment is in 万元. ``funding`` gives the shares (%) of government money, special
bonds, social capital, bank loans and other money; most add up to 100, a few
projects still at the preparatory stage have only part of their money secured.
"""

from dataclasses import dataclass

from apps.delivery.models import MajorProject

KEY, MAJOR, PRACTICAL = (
    MajorProject.Significance.KEY_MATTER,
    MajorProject.Significance.MAJOR,
    MajorProject.Significance.PRACTICAL,
)
C = MajorProject.Category
I = MajorProject.NewInfraKind  # noqa: E741 - short alias for the table below
N = MajorProject.Nature
L = MajorProject.Level


@dataclass(frozen=True)
class DemoProject:
    name: str
    significance: str
    category: str
    location: str
    content: str
    years: tuple[int, int]
    total: int
    period: int
    funding: tuple[int, int, int, int, int]
    lead_unit: str
    task: str | None
    nature: str = N.NEW
    level: str = L.COUNTY
    new_infra: str = ""


# fmt: off
PROJECTS: tuple[DemoProject, ...] = (
    # 要事: strategic and reform matters
    DemoProject(
        "县域数字化改革综合集成工程", KEY, C.REFORM, "全县",
        "建设“一网通办”“一网统管”“一网协同”三大平台，打通部门业务系统52个，归集公共数据1.2亿条。",
        (2021, 2023), 18000, 18000, (100, 0, 0, 0, 0), "县大数据中心", "reform_business",
    ),
    DemoProject(
        "示范经济开发区管理体制改革", KEY, C.REFORM, "示范经济开发区",
        "推行“管委会+公司”运营模式，组建开发区投资运营公司，实施全员聘任和绩效薪酬改革。",
        (2021, 2022), 5000, 5000, (60, 0, 40, 0, 0), "示范经济开发区管委会", "reform_factors",
    ),
    DemoProject(
        "农村集体经营性建设用地入市试点", KEY, C.REFORM, "北塘镇、柳营镇",
        "完成集体经营性建设用地调查确权，建设农村产权交易平台，首批入市地块约800亩。",
        (2021, 2024), 12000, 12000, (30, 0, 70, 0, 0), "县自然资源局", "reform_factors",
    ),
    DemoProject(
        "国家级经济技术开发区创建工程", KEY, C.PLATFORM, "示范经济开发区",
        "完善道路、管网和污水处理等基础设施，新增标准厂房40万平方米，建设企业服务中心和人才公寓。",
        (2021, 2025), 260000, 260000, (15, 25, 45, 15, 0), "示范经济开发区管委会",
        "open_platforms", level=L.PROVINCIAL,
    ),
    DemoProject(
        "碳达峰先行示范工程", KEY, C.ECOLOGY, "全县",
        "建设县域能源和碳排放监测平台，实施重点企业节能降碳改造30项，开展近零碳园区试点。",
        (2022, 2025), 46000, 46000, (20, 0, 60, 20, 0), "县发展和改革局", "ecology_carbon",
    ),
    DemoProject(
        "东湖湿地生态产品价值实现机制试点", KEY, C.ECOLOGY, "东湖镇",
        "开展湿地生态系统生产总值核算，建设生态产品交易平台，修复湿地8平方公里。",
        (2021, 2025), 35000, 35000, (50, 30, 20, 0, 0), "县生态环境分局", "ecology_lake",
        level=L.PROVINCIAL,
    ),
    DemoProject(
        "县属国有企业整合重组", KEY, C.REFORM, "城关镇",
        "整合县属平台公司7家，组建城市发展、产业投资和农业发展三大集团，推动市场化转型。",
        (2021, 2022), 3000, 3000, (100, 0, 0, 0, 0), "县财政局", "reform_factors",
    ),
    DemoProject(
        "长三角产业合作飞地园区", KEY, C.PLATFORM, "示范经济开发区",
        "与长三角合作园区共建飞地园区3平方公里，建设标准厂房20万平方米，按约定比例分享税收。",
        (2022, 2025), 80000, 80000, (10, 0, 70, 20, 0), "县投资促进局", "open_cooperation",
        level=L.MUNICIPAL,
    ),
    DemoProject(
        "数字乡村试点县建设", KEY, C.NEW_INFRA, "全县",
        "建设农田物联网监测点600个、智慧农机调度平台和农村公共服务数字化平台，覆盖11个乡镇。",
        (2021, 2024), 30000, 30000, (50, 20, 30, 0, 0), "县农业农村局", "innovation_scenarios",
        level=L.PROVINCIAL, new_infra=I.IOT,
    ),
    DemoProject(
        "县域医共体综合改革", KEY, C.REFORM, "全县",
        "以县人民医院、县中医院为龙头组建两个医共体，统一人员、财务和药品管理，实行医保总额付费。",
        (2021, 2023), 8000, 8000, (100, 0, 0, 0, 0), "县卫生健康局", "people_health",
    ),
    # 大事: platforms, parks and major infrastructure
    DemoProject(
        "城际铁路示范县段及北塘站配套工程", MAJOR, C.TRANSPORT, "北塘镇",
        "配合建设城际铁路示范县段32公里，新建北塘站站前广场、公交换乘中心和停车场。",
        (2020, 2025), 450000, 380000, (10, 20, 0, 0, 70), "县交通运输局", "infra_rail",
        nature=N.CONTINUING, level=L.PROVINCIAL,
    ),
    DemoProject(
        "国道示范县城区段改线工程", MAJOR, C.TRANSPORT, "城关镇、石门镇",
        "按一级公路标准改建18.6公里，同步建设绿道和慢行系统。",
        (2021, 2024), 96000, 96000, (40, 30, 0, 0, 30), "县交通运输局", "infra_roads",
        level=L.PROVINCIAL,
    ),
    DemoProject(
        "省道东湖镇至清溪镇段提升工程", MAJOR, C.TRANSPORT, "东湖镇、清溪镇",
        "按二级公路标准提升改造24公里，新建桥梁3座。",
        (2022, 2025), 58000, 58000, (40, 30, 0, 0, 30), "县交通运输局", "infra_roads",
    ),
    DemoProject(
        "公铁联运物流园", MAJOR, C.TRANSPORT, "石门镇",
        "建设铁路专用线3.5公里、仓储设施12万平方米和多式联运信息平台。",
        (2021, 2025), 150000, 150000, (10, 0, 60, 30, 0), "县商务局", "industry_logistics",
        level=L.MUNICIPAL,
    ),
    DemoProject(
        "内陆港和保税物流中心（B型）", MAJOR, C.PLATFORM, "石门镇",
        "建设海关监管作业场所、保税仓库5万平方米和跨境电商监管中心。",
        (2022, 2025), 68000, 68000, (0, 30, 50, 20, 0), "县商务局", "open_platforms",
        level=L.PROVINCIAL,
    ),
    DemoProject(
        "县城北外环路", MAJOR, C.TRANSPORT, "城关镇",
        "新建城市主干路9.2公里，双向六车道，配套桥梁2座。",
        (2024, 2027), 72000, 36000, (30, 30, 0, 0, 0), "县住房和城乡建设局", "space_layout",
        nature=N.PREPARATORY,
    ),
    DemoProject(
        "220千伏东湖输变电工程", MAJOR, C.ENERGY, "东湖镇",
        "新建220千伏变电站1座，主变容量2×180兆伏安，架设线路42公里。",
        (2021, 2023), 36000, 36000, (0, 0, 0, 0, 100), "国网示范县供电公司",
        "infra_energy_water", level=L.PROVINCIAL,
    ),
    DemoProject(
        "整县屋顶分布式光伏开发", MAJOR, C.ENERGY, "全县",
        "利用党政机关、学校、工商业厂房和农户屋顶建设分布式光伏200兆瓦。",
        (2021, 2025), 90000, 90000, (0, 0, 70, 30, 0), "县发展和改革局", "ecology_carbon",
    ),
    DemoProject(
        "开发区生物质热电联产项目", MAJOR, C.ENERGY, "示范经济开发区",
        "建设2台30兆瓦生物质发电机组及供热管网，年消纳秸秆等农林废弃物40万吨。",
        (2022, 2024), 55000, 55000, (0, 0, 40, 60, 0), "县发展和改革局", "ecology_carbon",
    ),
    DemoProject(
        "东湖水库除险加固工程", MAJOR, C.WATER, "东湖镇",
        "加固大坝，改建溢洪道和放水设施，完善水雨情监测系统。",
        (2021, 2022), 21000, 21000, (40, 20, 0, 0, 40), "县水利局", "infra_energy_water",
    ),
    DemoProject(
        "城乡供水一体化工程", MAJOR, C.WATER, "全县",
        "新建日供水10万吨水厂1座，新建和改造供水管网460公里，实现城乡同网同质同价。",
        (2021, 2024), 68000, 68000, (0, 40, 40, 20, 0), "县水利局", "infra_energy_water",
    ),
    DemoProject(
        "中小河流综合治理工程", MAJOR, C.WATER, "南桥镇、白沙镇、清溪镇",
        "治理清溪河、柳河等河道56公里，新建和加固堤防38公里。",
        (2021, 2025), 32000, 32000, (60, 0, 0, 0, 40), "县水利局", "ecology_lake",
    ),
    DemoProject(
        "北部灌区续建配套与节水改造", MAJOR, C.WATER, "北塘镇、柳营镇、白沙镇",
        "改造干支渠126公里，配套渠系建筑物420座，新增节水灌溉面积15万亩。",
        (2021, 2025), 42000, 42000, (50, 0, 0, 0, 50), "县水利局", "rural_farmland",
        level=L.PROVINCIAL,
    ),
    DemoProject(
        "5G网络建设工程", MAJOR, C.NEW_INFRA, "全县",
        "新建5G基站1200个，实现县城、开发区和重点镇5G网络连续覆盖。",
        (2021, 2025), 60000, 60000, (0, 0, 100, 0, 0), "县大数据中心", "infra_digital",
        new_infra=I.FIVE_G,
    ),
    DemoProject(
        "农机装备行业工业互联网标识解析二级节点", MAJOR, C.NEW_INFRA, "示范经济开发区",
        "建设面向农机装备行业的标识解析二级节点和工业互联网平台，接入企业200家以上。",
        (2021, 2023), 12000, 12000, (30, 0, 70, 0, 0), "县工业和信息化局",
        "industry_equipment", new_infra=I.INDUSTRIAL_INTERNET,
    ),
    DemoProject(
        "示范县政务云平台", MAJOR, C.NEW_INFRA, "城关镇",
        "建设政务云平台，提供计算和存储资源，承载部门业务系统迁移上云。",
        (2021, 2022), 9000, 9000, (100, 0, 0, 0, 0), "县大数据中心", "reform_business",
        new_infra=I.CLOUD,
    ),
    DemoProject(
        "县域边缘数据中心", MAJOR, C.NEW_INFRA, "示范经济开发区",
        "建设标准机架500个的边缘数据中心，电能利用效率控制在1.3以下。",
        (2022, 2024), 26000, 26000, (0, 0, 60, 40, 0), "县大数据中心", "infra_digital",
        new_infra=I.DATA_CENTER,
    ),
    DemoProject(
        "城市运行AI视觉中枢和智慧交通", MAJOR, C.NEW_INFRA, "城关镇",
        "建设城市运行AI视频分析平台、智能信号灯和智慧停车系统，覆盖县城主要路口120个。",
        (2022, 2024), 15000, 15000, (50, 0, 50, 0, 0), "县大数据中心", "innovation_scenarios",
        new_infra=I.AI,
    ),
    DemoProject(
        "农产品质量安全区块链追溯平台", MAJOR, C.NEW_INFRA, "全县",
        "建设覆盖稻米、水产和茶叶的区块链追溯平台，纳入生产经营主体800家。",
        (2021, 2022), 4500, 4500, (60, 0, 40, 0, 0), "县农业农村局", "industry_food",
        new_infra=I.BLOCKCHAIN,
    ),
    DemoProject(
        "智能农机装备产业园", MAJOR, C.INDUSTRY, "示范经济开发区",
        "引进整机和关键零部件企业20家，新建厂房35万平方米，形成年产各类农机5万台能力。",
        (2021, 2025), 320000, 320000, (0, 0, 80, 20, 0), "示范经济开发区管委会",
        "industry_equipment", level=L.MUNICIPAL,
    ),
    DemoProject(
        "高端石英材料产业园", MAJOR, C.INDUSTRY, "石门镇",
        "建设高纯石英砂、石英玻璃和半导体石英制品生产线，年产高纯石英砂3万吨。",
        (2021, 2025), 280000, 280000, (0, 0, 75, 25, 0), "县工业和信息化局",
        "industry_materials", level=L.MUNICIPAL,
    ),
    DemoProject(
        "工业机器人关键零部件项目", MAJOR, C.INDUSTRY, "示范经济开发区",
        "建设精密减速器和伺服电机生产线，年产精密减速器10万台套。",
        (2022, 2025), 120000, 120000, (0, 0, 70, 30, 0), "示范经济开发区管委会",
        "industry_equipment",
    ),
    DemoProject(
        "绿色食品产业园和中央厨房", MAJOR, C.INDUSTRY, "南桥镇",
        "建设稻米精深加工、预制菜和冷链仓储设施，年加工农产品30万吨。",
        (2021, 2024), 86000, 86000, (10, 0, 70, 20, 0), "县农业农村局", "industry_food",
    ),
    DemoProject(
        "东湖文旅康养度假区", MAJOR, C.CULTURE_TOURISM, "东湖镇",
        "建设湿地观光、康养酒店、研学基地和环湖绿道，规划面积12平方公里。",
        (2022, 2027), 220000, 150000, (0, 0, 60, 20, 0), "县文化和旅游局", "industry_tourism",
    ),
    DemoProject(
        "示范县科技创新中心", MAJOR, C.PLATFORM, "城关镇",
        "建设孵化器、众创空间和公共技术服务平台5.6万平方米。",
        (2021, 2023), 38000, 38000, (40, 40, 20, 0, 0), "县科学技术局", "innovation_platforms",
    ),
    DemoProject(
        "智能装备研究院和中试基地", MAJOR, C.PLATFORM, "示范经济开发区",
        "与省内高校共建研究院，建设检测认证和中试验证平台。",
        (2021, 2023), 22000, 22000, (50, 0, 50, 0, 0), "县科学技术局", "innovation_platforms",
    ),
    DemoProject(
        "现代农业产业园创建工程", MAJOR, C.PLATFORM, "北塘镇、柳营镇",
        "建设优质稻米育种、烘干仓储、农机服务和农产品展销设施，辐射面积30万亩。",
        (2021, 2025), 95000, 95000, (20, 10, 60, 10, 0), "县农业农村局", "rural_industries",
        level=L.NATIONAL,
    ),
    DemoProject(
        "城东新区综合开发", MAJOR, C.URBAN_RURAL, "城关镇",
        "建设道路、管网、学校和公园等配套设施，开发面积6.5平方公里。",
        (2021, 2028), 360000, 240000, (0, 20, 50, 20, 0), "县城市发展集团有限公司",
        "space_layout",
    ),
    DemoProject(
        "县城地下管网和排水防涝工程", MAJOR, C.URBAN_RURAL, "城关镇",
        "新建和改造雨污水管网180公里，建设排涝泵站4座。",
        (2021, 2024), 65000, 65000, (20, 60, 0, 20, 0), "县住房和城乡建设局", None,
    ),
    DemoProject(
        "东湖入湖河道综合整治", MAJOR, C.ECOLOGY, "东湖镇、清溪镇",
        "整治入湖河道9条共72公里，建设生态缓冲带和人工湿地1200亩。",
        (2021, 2024), 48000, 48000, (40, 40, 0, 0, 20), "县生态环境分局", "ecology_lake",
    ),
    DemoProject(
        "西岭山地生态修复和废弃矿山治理", MAJOR, C.ECOLOGY, "西岭镇、青山乡",
        "修复废弃矿山26处，实施国土绿化3.5万亩。",
        (2021, 2025), 30000, 30000, (50, 0, 20, 0, 30), "县自然资源局", None,
    ),
    DemoProject(
        "开发区污水处理厂扩建和中水回用", MAJOR, C.ECOLOGY, "示范经济开发区",
        "污水处理能力由每日3万吨扩建到6万吨，建设每日2万吨中水回用设施。",
        (2021, 2023), 26000, 26000, (0, 50, 50, 0, 0), "示范经济开发区管委会", "ecology_lake",
    ),
    DemoProject(
        "高标准农田建设工程", MAJOR, C.AGRICULTURE, "北塘镇、柳营镇、白沙镇、南桥镇、龙泉乡",
        "新建和改造提升高标准农田20万亩，配套田间道路、灌排和农田防护设施。",
        (2021, 2025), 60000, 60000, (70, 0, 0, 0, 30), "县农业农村局", "rural_farmland",
        level=L.PROVINCIAL,
    ),
    # 实事: what residents see and use
    DemoProject(
        "城区中小学和幼儿园建设工程", PRACTICAL, C.SOCIAL, "城关镇、石门镇",
        "新建中小学4所、幼儿园6所，新增学位9600个。",
        (2021, 2025), 120000, 120000, (50, 50, 0, 0, 0), "县教育局", "people_education",
    ),
    DemoProject(
        "县职业教育中心新校区", PRACTICAL, C.SOCIAL, "城关镇",
        "新建校舍和实训基地12万平方米，在校生规模6000人。",
        (2021, 2023), 45000, 45000, (40, 60, 0, 0, 0), "县教育局", "people_education",
    ),
    DemoProject(
        "县人民医院新院区", PRACTICAL, C.SOCIAL, "城关镇",
        "新建床位1000张的综合医院，建筑面积15万平方米。",
        (2021, 2024), 150000, 150000, (30, 50, 0, 20, 0), "县卫生健康局", "people_health",
    ),
    DemoProject(
        "县疾控中心和公共卫生应急能力提升", PRACTICAL, C.SOCIAL, "城关镇",
        "新建县疾控中心业务楼和生物安全二级实验室，建设发热门诊和医疗应急物资储备库。",
        (2021, 2022), 12000, 12000, (60, 40, 0, 0, 0), "县卫生健康局", "people_health",
    ),
    DemoProject(
        "乡镇卫生院和村卫生室标准化建设", PRACTICAL, C.SOCIAL, "全县",
        "改造提升乡镇卫生院11所、村卫生室180个。",
        (2021, 2025), 16000, 16000, (100, 0, 0, 0, 0), "县卫生健康局", "people_health",
    ),
    DemoProject(
        "普惠托育服务体系建设", PRACTICAL, C.SOCIAL, "城关镇、石门镇",
        "新建公办托育中心3个、社区托育点20个，新增托位1800个。",
        (2021, 2025), 9600, 9600, (60, 0, 40, 0, 0), "县卫生健康局", "people_care",
    ),
    DemoProject(
        "居家和社区养老服务设施", PRACTICAL, C.SOCIAL, "全县",
        "建设街道综合养老服务中心4个、农村互助养老点120个。",
        (2021, 2025), 18000, 18000, (50, 0, 50, 0, 0), "县民政局", "people_care",
    ),
    DemoProject(
        "城镇老旧小区改造", PRACTICAL, C.URBAN_RURAL, "城关镇",
        "改造2000年前建成的老旧小区86个、1.2万户，加装电梯200部。",
        (2021, 2025), 54000, 54000, (30, 40, 10, 0, 20), "县住房和城乡建设局", None,
    ),
    DemoProject(
        "保障性租赁住房", PRACTICAL, C.URBAN_RURAL, "城关镇、示范经济开发区",
        "筹集保障性租赁住房3000套，重点面向新市民和青年职工。",
        (2022, 2025), 60000, 60000, (0, 0, 60, 40, 0), "县住房和城乡建设局", None,
    ),
    DemoProject(
        "农村生活污水治理提升工程", PRACTICAL, C.ECOLOGY, "全县",
        "新建和改造农村污水处理设施260处，配套管网680公里。",
        (2021, 2025), 28000, 28000, (50, 50, 0, 0, 0), "县生态环境分局", "rural_living",
    ),
    DemoProject(
        "“四好农村路”提档升级", PRACTICAL, C.TRANSPORT, "全县",
        "新建和改建农村公路320公里，改造危桥40座。",
        (2021, 2025), 48000, 48000, (70, 0, 0, 0, 30), "县交通运输局", "infra_roads",
    ),
    DemoProject(
        "城乡公交一体化", PRACTICAL, C.TRANSPORT, "全县",
        "更新新能源公交车120辆，建设城乡公交首末站12个、候车亭300个。",
        (2021, 2023), 9000, 9000, (50, 0, 50, 0, 0), "县交通运输局", "infra_roads",
    ),
    DemoProject(
        "全民健身中心和体育公园", PRACTICAL, C.SOCIAL, "城关镇",
        "建设全民健身中心2.2万平方米、体育公园3处，新建社区健身设施150处。",
        (2022, 2024), 22000, 22000, (60, 40, 0, 0, 0), "县体育局", None,
    ),
    DemoProject(
        "县图书馆和文化馆新馆", PRACTICAL, C.SOCIAL, "城关镇",
        "新建图书馆、文化馆3.2万平方米，配套建设乡镇分馆11个。",
        (2022, 2025), 26000, 26000, (100, 0, 0, 0, 0), "县文化和旅游局", None,
    ),
    DemoProject(
        "城乡农贸市场改造提升", PRACTICAL, C.URBAN_RURAL, "全县",
        "改造提升城乡农贸市场18个，推行智慧化管理。",
        (2021, 2023), 7200, 7200, (30, 0, 70, 0, 0), "县商务局", "industry_logistics",
    ),
    DemoProject(
        "县应急指挥中心和应急物资储备库", PRACTICAL, C.SOCIAL, "城关镇",
        "建设县应急指挥中心、应急物资储备库和乡镇应急避难场所11处。",
        (2021, 2023), 15000, 15000, (60, 40, 0, 0, 0), "县应急管理局", None,
    ),
    DemoProject(
        "零工市场和返乡创业园", PRACTICAL, C.SOCIAL, "石门镇",
        "建设零工市场1处、返乡创业园5万平方米，年培训劳动者1万人次。",
        (2021, 2023), 6000, 6000, (50, 0, 50, 0, 0), "县人力资源和社会保障局", "people_jobs",
    ),
)
# fmt: on
