"""The starter list of 规范表述 a county may take into its own glossary (and then
edit): phrasings that a county outline should not use, with the wording that
official county documents use instead and why."""

from django.utils.translation import gettext_lazy as _

# (discouraged, preferred, reason)
STARTER: tuple[tuple[str, str, str], ...] = (
    ("GDP", "地区生产总值", _("县级规划统计口径为地区生产总值，不用英文缩写。")),
    ("国内生产总值", "地区生产总值", _("国内生产总值是全国口径，县域应称地区生产总值。")),
    ("单位GDP能耗", "单位地区生产总值能耗", _("统计公报和考核文件的规范名称。")),
    ("万元GDP", "万元地区生产总值", _("县域口径，不用英文缩写。")),
    ("PPP", "政府和社会资本合作", _("正式文件首次出现应写中文全称。")),
    ("双碳", "碳达峰碳中和", _("正式文件不用简称。")),
    ("新农村建设", "乡村振兴", _("现行政策表述为实施乡村振兴战略。")),
    ("高速度发展", "高质量发展", _("现行政策表述为推动高质量发展。")),
    ("农民工市民化", "农业转移人口市民化", _("规划文件称农业转移人口市民化。")),
    ("低保户", "最低生活保障对象", _("民政规范称谓。")),
)
