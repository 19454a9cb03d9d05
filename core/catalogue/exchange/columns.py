"""The catalogue's exchange formats: record keys (JSON) and the xlsx layout (sheets, headers)."""

from core.domain import codes

from ..validation import LABELS
from .cells import Boolean, Code, CodeList, Date, Integer, Number, Text, TextList
from .layout import Column, Sheet, Workbook

# Keys of a matter in the JSON format, in the order the exporter writes them.
MATTER_KEYS = (
    "basic_code", "name", "type", "parent_code", "levels", "department", "service_objects",
    "themes", "life_events", "legal_basis", "statutory_limit", "case_type", "description",
    "conditions", "materials", "steps", "result", "fee", "faqs", "aliases", "status",
    "effective_date", "cancel_date",
)  # fmt: skip
MATTER_TYPES = {
    "basic_code": str, "name": str, "type": str, "parent_code": str, "levels": list,
    "department": str, "service_objects": list, "themes": dict, "life_events": list,
    "legal_basis": list, "statutory_limit": dict, "case_type": str, "description": str,
    "conditions": str, "materials": list, "steps": list, "result": dict, "fee": dict,
    "faqs": list, "aliases": list, "status": str, "effective_date": str, "cancel_date": str,
}  # fmt: skip
ELEMENT_LABELS = {**LABELS, "basic_code": "基本编码", "parent_code": "上级事项编码"}


def _codes(vocabulary: dict) -> str:
    return "、".join(f"{code} {label}" for code, label in vocabulary.items())


SOURCES = _codes(codes.MATERIAL_SOURCES)


def _key(header="基本编码"):
    return Column(header, "basic_code", Code(width=12), 16, key=True)


def material_columns() -> tuple[Column, ...]:
    return (
        Column("材料名称", "name", Text(), 36),
        Column(
            "材料类型",
            "kind",
            Text(),
            hint="、".join(codes.MATERIAL_KINDS),
            choices=codes.MATERIAL_KINDS,
        ),
        Column(
            "材料形式",
            "form",
            Text(),
            hint="、".join(codes.MATERIAL_FORMS),
            choices=codes.MATERIAL_FORMS,
        ),
        Column("原件份数", "original_copies", Integer(empty=0), 10),
        Column("复印件份数", "copies", Integer(empty=0), 10),
        Column(
            "必要性",
            "required",
            Text(),
            10,
            hint="、".join(codes.MATERIAL_REQUIRED),
            choices=codes.MATERIAL_REQUIRED,
        ),
        Column("来源渠道", "source", Code(codes.MATERIAL_SOURCES, 2), 10, hint=SOURCES),
        Column("来源渠道说明", "source_note", Text(), 30),
        Column("纸张规格", "paper_size", Text(), 10),
        Column("备注", "notes", Text(), 30),
        Column("适用情形", "situation", Text(empty=None), 20, hint="空白表示所有情形都需提交"),
        Column("可由电子证照替代", "e_license", Boolean(), 10, hint="是、否"),
    )


def step_columns() -> tuple[Column, ...]:
    return (
        Column("环节名称", "name", Text(), 14),
        Column("环节时限", "limit.value", Number(), 10),
        Column(
            "环节时限单位",
            "limit.unit",
            Text(),
            12,
            hint="、".join(codes.LIMIT_UNITS),
            choices=codes.LIMIT_UNITS,
        ),
        Column("环节说明", "description", Text(), 60),
    )


def fee_item_columns() -> tuple[Column, ...]:
    return (
        Column("收费项目名称", "name", Text(), 24),
        Column("收费标准", "standard", Text(), 30),
        Column("收费依据", "basis", Text(), 30),
        Column("是否允许减免", "reducible", Boolean(), 10, hint="是、否"),
        Column("减免依据", "reduction_basis", Text(), 30),
    )


def faq_columns() -> tuple[Column, ...]:
    return (Column("问题", "question", Text(), 40), Column("解答", "answer", Text(), 80))


def result_and_fee_columns() -> tuple[Column, ...]:
    return (
        Column(
            "审批结果类型",
            "result.type",
            Text(),
            10,
            hint="、".join(codes.RESULT_TYPES),
            choices=codes.RESULT_TYPES,
        ),
        Column("审批结果名称", "result.name", Text(), 20),
        Column("审批结果样本", "result.sample", Text(), 20),
        Column("是否收费", "fee.charged", Boolean(), 8, hint="是、否"),
        Column("收费依据", "fee.basis", Text(), 30),
        Column("是否支持网上支付", "fee.online_payment", Boolean(), 8, hint="是、否"),
    )


MAIN = Sheet(
    "事项",
    (
        _key(),
        Column("事项名称", "name", Text(), 30),
        Column("事项类型", "type", Code(codes.MATTER_TYPES, 2), 10, hint=_codes(codes.MATTER_TYPES)),
        Column("上级事项编码", "parent_code", Code(width=12, empty=None), 16,
               hint="子项填写主项编码（子项编码前9位 + 00Y），主项留空"),
        Column("行使层级", "levels", CodeList(codes.LEVELS, 1), 10, hint=_codes(codes.LEVELS)),
        Column("主管部门", "department", Text(), 14),
        Column("服务对象", "service_objects", CodeList(codes.SERVICE_OBJECTS, 1), 10,
               hint=_codes(codes.SERVICE_OBJECTS)),
        Column("自然人主题", "themes.person", CodeList(codes.PERSON_THEMES, 3), 12,
               hint="三位代码，见 GB/T 39046 附录A，如 010 户籍办理"),
        Column("法人主题", "themes.legal", CodeList(codes.LEGAL_THEMES, 3), 12,
               hint="三位代码，如 005 设立变更"),
        Column("一件事", "life_events", TextList(), 12),
        Column("日常用语", "aliases", TextList(), 30),
        Column("事项说明", "description", Text(), 40),
        Column("法定办结时限", "statutory_limit.value", Number(), 10, hint="数值；即办填 0"),
        Column("法定办结时限单位", "statutory_limit.unit", Text(), 10,
               hint="、".join(codes.LIMIT_UNITS), choices=codes.LIMIT_UNITS),
        Column("法定办结时限说明", "statutory_limit.note", Text(), 30),
        Column("办件类型", "case_type", Code(codes.CASE_TYPES, 1), 8, hint=_codes(codes.CASE_TYPES)),
        Column("受理条件", "conditions", Text(), 50),
        *result_and_fee_columns(),
        Column("事项状态", "status", Text(empty="在用"), 8, hint="、".join(codes.STATUSES),
               choices=codes.STATUSES),
        Column("计划生效日期", "effective_date", Date(), 12, hint="YYYY-MM-DD"),
        Column("计划取消日期", "cancel_date", Date(), 12, hint="YYYY-MM-DD"),
    ),
    compact=("statutory_limit", "result"),
)  # fmt: skip

LEGAL_BASIS = Sheet(
    "设定依据",
    (
        _key(),
        Column("法律法规名称", "law", Text(), 30),
        Column("依据文号", "number", Text(), 18),
        Column("条款号", "article", Text(), 10),
        Column("条款内容", "content", Text(), 80),
        Column("颁布机关", "issuer", Text(), 14),
        Column("实施日期", "effective_date", Date(empty=""), 12, hint="YYYY-MM-DD"),
    ),
    list_path="legal_basis",
)

LISTS = (
    LEGAL_BASIS,
    Sheet("申请材料", (_key(), *material_columns()), list_path="materials"),
    Sheet("办理流程", (_key(), *step_columns()), list_path="steps", compact=("limit",)),
    Sheet("收费项目", (_key(), *fee_item_columns()), list_path="fee.items"),
    Sheet("常见问题", (_key(), *faq_columns()), list_path="faqs"),
)


def notes(main: Sheet, lists: tuple[Sheet, ...], intro: tuple[str, ...]) -> tuple:
    """The 填写说明 sheet: how to fill the file in, then every column with its allowed values."""
    rows = [("填写说明", line) for line in intro] + [("", ""), ("工作表 / 列", "说明、可选值")]
    for sheet in (main, *lists):
        rows += [(f"{sheet.title} / {c.header}", c.hint) for c in sheet.columns if c.hint]
    return tuple(rows)


INTRO = (
    "“事项”表每行一个目录事项；其余各表每行一条列表要素，用“基本编码”与事项对应，同一事项的多行按顺序排列。",
    "代码列按文本填写（如 01、000131106000），也可填写代码名称（如 行政许可）；"
    "一个单元格内多个值用“、”或“；”分隔。",
    "是否类的列填写“是”或“否”；日期填写 YYYY-MM-DD；时限填写数值，即办填 0。",
    "导入时整个文件校验通过才会写入；任何一处错误都会列出工作表、行、列和原因，且不写入任何数据。",
)

CATALOGUE = Workbook(
    MAIN, LISTS, key_of=lambda data: (data.get("basic_code"),), notes=notes(MAIN, LISTS, INTRO)
)
