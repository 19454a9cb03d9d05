"""基本编码, 实施编码 and the national code lists (GB/T 39046 Annex A).

Code lists that provinces number differently are data, not logic: a province can override a
label set in its tenant config under ``code_lists`` (see ``labels``).
"""

import re

from tenants.codes import uscc_error

BASIC_CODE_LENGTH = 12
IMPLEMENTATION_CODE_LENGTH = 31

MATTER_TYPES = {
    "01": "行政许可", "02": "行政处罚", "03": "行政强制", "04": "行政征收", "05": "行政给付",
    "06": "行政检查", "07": "行政确认", "08": "行政奖励", "09": "行政裁决", "10": "其他行政权力",
    "11": "行政备案", "20": "公共服务",
}  # fmt: skip
LEVELS = {
    "1": "国家级", "2": "省级", "3": "市级", "4": "县级", "5": "镇（乡、街道）级",
    "6": "村（社区）级", "7": "分级管理",
}  # fmt: skip
# The 行使层级 at which a region of each tenant level implements matters by default.
REGION_EXERCISE_LEVEL = {"province": "2", "city": "3", "county": "4"}
SERVICE_OBJECTS = {
    "1": "自然人", "2": "企业法人", "3": "事业法人", "4": "社会组织法人", "5": "行政机关",
    "6": "其他组织",
}  # fmt: skip
PERSON_OBJECTS = {"1"}
HANDLING_FORMS = {
    "1": "窗口办理",
    "2": "电脑端网上办理",
    "3": "移动端网上申请",
    "4": "快递申请",
    "9": "其他",
}
CASE_TYPES = {"1": "即办件", "2": "承诺件", "9": "其他"}
VISITS = {0: "0次", 1: "1次", 2: "2次", 3: "多次"}
ONLINE_DEPTHS = {
    1: "Ⅰ级（网上咨询）",
    2: "Ⅱ级（网上预审）",
    3: "Ⅲ级（网上受理）",
    4: "Ⅳ级（全程网办）",
}
LIMIT_UNITS = ("工作日", "自然日")
MATERIAL_KINDS = ("原件", "复印件", "原件和复印件")
MATERIAL_FORMS = ("纸质", "电子", "纸质和电子")
MATERIAL_REQUIRED = ("必要", "非必要", "容缺后补")
MATERIAL_SOURCES = {"10": "申请人自备", "20": "政府部门核发", "99": "其他"}
RESULT_TYPES = ("出证", "出文", "审批办结", "其他")
TONGBAN = ("", "全国", "跨省", "跨市", "跨县")
PERSON_THEMES = {
    "005": "生育收养", "010": "户籍办理", "015": "民族宗教", "020": "教育科研", "030": "就业创业",
    "035": "设立变更", "040": "准营准办", "045": "抵押质押", "050": "职业资格", "055": "行政缴费",
    "060": "婚姻登记", "065": "优待抚恤", "070": "规划建设", "075": "住房保障", "080": "社会救助",
    "085": "社会保障", "090": "证件办理", "095": "交通出行", "100": "旅游观光", "105": "出境入境",
    "110": "消费维权", "115": "公共安全", "120": "司法公证", "125": "知识产权", "130": "环保绿化",
    "135": "文化体育", "140": "公用事业", "145": "医疗卫生", "150": "离职退休", "155": "死亡殡葬",
    "998": "地方特色", "999": "其他",
}  # fmt: skip
LEGAL_THEMES = {
    "005": "设立变更", "010": "准营准办", "015": "资质认证", "020": "年检年审", "025": "税收财务",
    "030": "人力资源", "035": "社会保障", "040": "投资审批", "045": "融资信贷", "050": "抵押质押",
    "055": "商务贸易", "060": "招标拍卖", "065": "海关口岸", "070": "涉外服务", "075": "农林牧渔",
    "080": "国有资产", "085": "国土和规划建设", "090": "交通运输", "095": "环保绿化", "100": "应对气候变化",
    "105": "水务气象", "110": "医疗卫生", "115": "科技创新", "120": "文体教育", "125": "知识产权",
    "130": "民族宗教", "135": "质量技术", "140": "检验检疫", "145": "安全生产", "150": "公安消防",
    "155": "司法公证", "160": "公用事业", "165": "法人注销", "998": "地方特色", "999": "其他",
}  # fmt: skip
LIFE_EVENTS = {
    "person": ("出生", "教育", "就业", "生活", "置业", "出行", "就医", "救助", "养老", "身后事"),
    "legal": ("准入准营", "招聘用工", "纳税缴费", "经营发展", "工程建设", "注销退出"),
}
STATUSES = ("在用", "挂起", "取消", "草稿")

# Department codes in positions 5–6 and the sequence in 7–9 may use letters when digits run
# out, never I, O, Z, S or V.
_BASIC_CODE_RE = re.compile(
    r"^(?P<origin>\d{2})(?P<type>\d{2})(?P<main>[0-9A-HJ-NP-RT-UW-Y]{5})(?P<sub>\d{3}|00Y)$"
)


def basic_code_error(code: str, matter_type: str | None = None) -> str | None:
    """Say what is wrong with a 12-character 基本编码 (optionally checking its type part)."""
    if not isinstance(code, str) or len(code) != BASIC_CODE_LENGTH:
        return "基本编码应为12位"
    match = _BASIC_CODE_RE.match(code)
    if not match:
        return (
            "基本编码格式错误：第1–4位为数字，第5–9位为数字或字母（不含 I、O、Z、S、V），"
            "第10–12位为000、00Y或001–999"
        )
    if match["type"] not in MATTER_TYPES:
        return f"基本编码第3–4位 {match['type']} 不是有效的事项类型代码"
    if matter_type and match["type"] != matter_type:
        return f"基本编码第3–4位 {match['type']} 与事项类型 {matter_type} 不一致"
    return None


def is_national(code: str) -> bool:
    """Items of the national catalogue start with 00; local items with the province prefix."""
    return code.startswith("00")


def is_main_with_subitems(code: str) -> bool:
    return code.endswith("00Y")


def is_subitem(code: str) -> bool:
    return code[-3:] not in ("000", "00Y")


def main_item_code(code: str) -> str:
    """The code of the main item a sub-item belongs to."""
    return code[:9] + "00Y"


def implementation_code(uscc: str, level: str, basic_code: str) -> str:
    """实施编码 = 实施主体 USCC (18) + 行使层级 (1) + 基本编码 (12)."""
    if message := uscc_error(uscc):
        raise ValueError(message)
    if level not in LEVELS:
        raise ValueError(f"行使层级代码 {level} 无效")
    if message := basic_code_error(basic_code):
        raise ValueError(message)
    return f"{uscc}{level}{basic_code}"


def limit_in_working_days(limit: dict) -> float:
    """Compare limits across units: 5 working days ≈ 7 natural days."""
    value = float(limit.get("value") or 0)
    return value * 5 / 7 if limit.get("unit") == "自然日" else value


def format_limit(limit: dict | None) -> str:
    if not limit:
        return ""
    return "即办" if not limit.get("value") else f"{limit['value']}个{limit.get('unit', '工作日')}"
