"""The implementation lists' exchange formats: record keys (JSON) and the xlsx layout."""

from core.catalogue.exchange.cells import Boolean, Code, CodeList, Integer, Number, Text, TextList
from core.catalogue.exchange.columns import (
    faq_columns,
    fee_item_columns,
    material_columns,
    notes,
    result_and_fee_columns,
    step_columns,
)
from core.catalogue.exchange.layout import Column, Sheet, Workbook
from core.domain import codes

from ..models import LOCAL_ELEMENTS, ImplementationItem

# Keys of an entry in the JSON format, in the order the exporter writes them.
# "revision": the entry's revision when exported (optional on import; see ``importer``).
# "implementation_code": read-only, checked against the code derived from the three keys.
ITEM_KEYS = (
    "basic_code", "department", "level", "implementation_code", *LOCAL_ELEMENTS, "publish",
    "revision",
)  # fmt: skip
ITEM_TYPES = {
    "basic_code": str, "department": str, "level": str, "implementation_code": str,
    "promised_limit": dict,
    "case_type": str, "visits": int, "onsite_reason": str, "online_depth": int, "forms": list,
    "online_url": str, "fee": dict, "windows": list, "service_points": list,
    "consult_phone": str, "complaint_phone": str, "hours": str, "conditions": str,
    "materials": list, "steps": list, "special_procedures": list, "result": dict, "faqs": list,
    "aliases": list, "appointment": bool, "express": bool, "self_service": bool, "tongban": str,
    "publish": bool, "revision": int,
}  # fmt: skip
LABELS = {
    **{name: str(ImplementationItem._meta.get_field(name).verbose_name) for name in LOCAL_ELEMENTS},
    "basic_code": "基本编码", "department": "实施主体", "level": "行使层级",
    "implementation_code": "实施编码", "publish": "发布",
    "revision": "修订号",
}  # fmt: skip


def _codes(vocabulary: dict) -> str:
    return "、".join(f"{code} {label}" for code, label in vocabulary.items())


KEYS = (
    Column("基本编码", "basic_code", Code(width=12), 16, key=True),
    Column("实施主体", "department", Text(), 14, key=True,
           hint="部门的统一社会信用代码、全称或简称（须为本区划的部门）"),
    Column("行使层级", "level", Code(codes.LEVELS, 1), 8, key=True, hint=_codes(codes.LEVELS)),
)  # fmt: skip

MAIN = Sheet(
    "实施清单",
    (
        KEYS[0],
        Column("事项名称", "name", Text(), 30, read=False, hint="仅供查看，导入时以目录为准"),
        *KEYS[1:],
        Column("实施编码", "implementation_code", Code(), 34, optional=True,
               hint="只读：实施主体统一社会信用代码（18位）+ 行使层级（1位）+ 基本编码（12位），"
                    "导入时核对，请勿修改"),
        Column("承诺办结时限", "promised_limit.value", Number(), 10, hint="数值；即办填 0"),
        Column("承诺办结时限单位", "promised_limit.unit", Text(), 10,
               hint="、".join(codes.LIMIT_UNITS), choices=codes.LIMIT_UNITS),
        Column("承诺办结时限说明", "promised_limit.note", Text(), 20),
        Column("办件类型", "case_type", Code(codes.CASE_TYPES, 1), 8, hint=_codes(codes.CASE_TYPES)),
        Column("到办事现场次数", "visits", Integer(vocabulary=codes.VISITS), 8,
               hint="0、1、2、3（多次）"),
        Column("必须现场办理原因", "onsite_reason", Text(), 24),
        Column("网上办理深度", "online_depth", Integer(vocabulary=codes.ONLINE_DEPTHS), 8,
               hint="1 Ⅰ级（网上咨询）、2 Ⅱ级（网上预审）、3 Ⅲ级（网上受理）、4 Ⅳ级（全程网办）"),
        Column("办理形式", "forms", CodeList(codes.HANDLING_FORMS, 1), 10,
               hint=_codes(codes.HANDLING_FORMS)),
        Column("网上办理地址", "online_url", Text(), 30),
        *result_and_fee_columns(),
        Column("办理窗口", "windows", TextList(), 16, hint="大厅标识/窗口编号，如 main/A01"),
        Column("便民服务点", "service_points", CodeList(), 16, hint="乡镇9位或村（社区）12位区划代码"),
        Column("咨询电话", "consult_phone", Text(), 14, hint="带区号，如 0551-65301234"),
        Column("监督投诉电话", "complaint_phone", Text(), 14, hint="带区号，与咨询电话不同"),
        Column("办理时间", "hours", Text(), 20),
        Column("受理条件", "conditions", Text(), 50),
        Column("日常用语", "aliases", TextList(), 24),
        Column("支持预约", "appointment", Boolean(), 8, hint="是、否"),
        Column("支持物流快递", "express", Boolean(), 8, hint="是、否"),
        Column("支持自助终端", "self_service", Boolean(), 8, hint="是、否"),
        Column("通办范围", "tongban", Text(), 8, hint="空白、" + "、".join(codes.TONGBAN[1:]),
               choices=codes.TONGBAN[1:]),
        Column("发布", "publish", Boolean(), 6, hint="是：导入后直接发布；否：保存为草稿"),
        Column("修订号", "revision", Integer(), 8, optional=True,
               hint="导出时的修订号，请勿修改：导出后他人改过的事项不会被本文件覆盖"),
    ),
    compact=("promised_limit", "result"),
)  # fmt: skip

SPECIAL_PROCEDURES = Sheet(
    "特别程序",
    (
        *KEYS,
        Column("程序名称", "name", Text(), 16, hint="听证、检验、检测、鉴定、专家评审等"),
        Column("时限", "limit.value", Number(), 8),
        Column(
            "时限单位",
            "limit.unit",
            Text(),
            10,
            hint="、".join(codes.LIMIT_UNITS),
            choices=codes.LIMIT_UNITS,
        ),
        Column("是否计入办结时限", "counted", Boolean(), 10, hint="是、否"),
        Column("说明", "description", Text(), 50),
    ),
    list_path="special_procedures",
    compact=("limit",),
)

LISTS = (
    Sheet("申请材料", (*KEYS, *material_columns()), list_path="materials"),
    Sheet("办理流程", (*KEYS, *step_columns()), list_path="steps", compact=("limit",)),
    SPECIAL_PROCEDURES,
    Sheet("收费项目", (*KEYS, *fee_item_columns()), list_path="fee.items"),
    Sheet("常见问题", (*KEYS, *faq_columns()), list_path="faqs"),
)

INTRO = (
    "“实施清单”表每行一个清单事项（基本编码 × 实施主体 × 行使层级）；其余各表每行一条列表要素，"
    "用这三列与事项对应（基本编码在本文件中唯一时，后两列可留空），同一事项的多行按顺序排列。",
    "代码列按文本填写，也可填写代码名称；一个单元格内多个值用“、”或“；”分隔；是否类的列填写“是”或“否”。",
    "“发布”为“是”的事项导入后直接发布，须通过全部发布规则；为“否”的保存为草稿，只校验格式。",
    "导入时整个文件校验通过才会写入；任何一处错误都会列出工作表、行、列和原因，且不写入任何数据。",
)

LISTING = Workbook(
    MAIN,
    LISTS,
    key_of=lambda data: (data.get("basic_code"), data.get("department"), data.get("level")),
    notes=notes(MAIN, LISTS, INTRO),
)
