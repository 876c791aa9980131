"""Typical departments of a county-level government.

Counties differ in naming and in which bureaus are merged, so this is a starting
list a coordinator picks from, not a fixed structure. ``code`` is stable and lets
features recognise a department's field (the planning office, finance, …) whatever
the county calls it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogueDepartment:
    code: str
    name: str
    field: str


DEPARTMENT_CATALOGUE: tuple[CatalogueDepartment, ...] = (
    CatalogueDepartment("drc", "发展和改革局", "综合规划、重大项目、价格与能源"),
    CatalogueDepartment("education", "教育局", "各级各类教育"),
    CatalogueDepartment("science", "科学技术局", "科技创新与成果转化"),
    CatalogueDepartment("industry", "工业和信息化局", "工业、信息化与中小企业"),
    CatalogueDepartment("finance", "财政局", "财政收支、政府债务"),
    CatalogueDepartment("hrss", "人力资源和社会保障局", "就业、社会保险、人才"),
    CatalogueDepartment("natural_resources", "自然资源局", "国土空间规划与耕地保护"),
    CatalogueDepartment("ecology", "生态环境分局", "污染防治与生态保护"),
    CatalogueDepartment("housing", "住房和城乡建设局", "城乡建设与住房保障"),
    CatalogueDepartment("transport", "交通运输局", "综合交通"),
    CatalogueDepartment("water", "水利局", "水资源与水利工程"),
    CatalogueDepartment("agriculture", "农业农村局", "农业、乡村振兴"),
    CatalogueDepartment("commerce", "商务局", "商贸流通与对外开放"),
    CatalogueDepartment("culture_tourism", "文化和旅游局", "文化事业与旅游产业"),
    CatalogueDepartment("health", "卫生健康局", "医疗卫生与人口"),
    CatalogueDepartment("civil_affairs", "民政局", "社会救助、养老服务、社区治理"),
    CatalogueDepartment("emergency", "应急管理局", "安全生产、防灾减灾"),
    CatalogueDepartment("market", "市场监督管理局", "市场主体与质量安全"),
    CatalogueDepartment("statistics", "统计局", "统计数据"),
    CatalogueDepartment("audit", "审计局", "审计监督"),
    CatalogueDepartment("forestry", "林业局", "森林资源与湿地"),
    CatalogueDepartment("data", "大数据中心", "数字政府与数据资源"),
    CatalogueDepartment("investment", "投资促进局", "招商引资"),
    CatalogueDepartment("rural_revitalisation", "乡村振兴局", "巩固脱贫成果"),
    CatalogueDepartment("public_security", "公安局", "社会治安"),
    CatalogueDepartment("justice", "司法局", "法治政府"),
    CatalogueDepartment("veterans", "退役军人事务局", "退役军人服务"),
    CatalogueDepartment("medical_insurance", "医疗保障局", "医疗保障"),
    CatalogueDepartment("sports", "体育局", "全民健身"),
    CatalogueDepartment("administrative_approval", "行政审批服务局", "政务服务与营商环境"),
)

CATALOGUE_BY_CODE = {entry.code: entry for entry in DEPARTMENT_CATALOGUE}
