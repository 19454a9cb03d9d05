"""Every rule of DOMAIN.md §5 on valid and invalid entries, and per-province switches."""

import pytest

from core.listings import rules

CATALOGUE = {
    "type": "01", "status": "在用", "levels": ["3", "4"], "service_objects": ["1"],
    "themes": {"person": ["090"], "legal": []}, "statutory_limit": {"value": 20, "unit": "工作日"},
}  # fmt: skip
GOOD = {
    "level": "4", "promised_limit": {"value": 10, "unit": "工作日"}, "case_type": "2", "visits": 1,
    "onsite_reason": "需现场采集指纹", "online_depth": 3, "forms": ["1", "2"],
    "fee": {"charged": False, "basis": "", "items": [], "online_payment": False},
    "consult_phone": "0551-65301234", "complaint_phone": "0551-12345",
    "materials": [{"name": "居民身份证", "situation": None}],
    "result": {"type": "出证", "name": "食品经营许可证", "sample": "样本.pdf"},
    "faqs": [{"question": "多久办结？", "answer": "10个工作日。"}],
    "steps": [{"name": "受理"}, {"name": "审查"}, {"name": "决定"}, {"name": "送达"}],
}  # fmt: skip


def problems(local_changes=None, catalogue_changes=None, config=None):
    local = {**GOOD, **(local_changes or {})}
    catalogue = {**CATALOGUE, **(catalogue_changes or {})}
    return [(p.rule, p.field, p.message) for p in rules.check(local, catalogue, config)]


def test_a_good_entry_passes_every_rule():
    assert problems() == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"promised_limit": {"value": 25, "unit": "工作日"}},
         ("promised_within_statutory", "promised_limit", "承诺办结时限（25个工作日）超过法定办结时限（20个工作日）：请缩短承诺时限")),
        ({"promised_limit": {"value": 29, "unit": "自然日"}},
         ("promised_within_statutory", "promised_limit", "承诺办结时限（29个自然日）超过法定办结时限（20个工作日）：请缩短承诺时限")),
        ({"promised_limit": {}},
         ("promised_within_statutory", "promised_limit", "承诺办结时限必填：填写数值和单位（工作日或自然日），即办填 0")),
        ({"promised_limit": {"value": 0, "unit": "工作日"}},
         ("immediate_case_type", "case_type", "承诺时限为即办，办件类型应为“即办件”：请修改办件类型或承诺时限")),
        ({"case_type": "1"},
         ("immediate_case_type", "case_type", "办件类型为“即办件”，承诺办结时限应为即办（0）：请修改其一")),
        ({"onsite_reason": ""},
         ("onsite_reason", "onsite_reason", "到办事现场次数大于0，须填写“必须现场办理原因”")),
        ({"visits": 0, "onsite_reason": ""},
         ("zero_visits_delivery", "forms", "到办事现场次数为0且非全程网办，办理形式须包含“快递申请”")),
        ({"online_depth": 4},
         ("full_online_zero_visits", "visits", "网上办理深度为Ⅳ级（全程网办），到办事现场次数应为0")),
        ({"fee": {"charged": False, "items": [], "online_payment": True}},
         ("fee", "fee.online_payment", "不收费事项的“支持网上支付”应为否")),
        ({"complaint_phone": "0551-65301234"},
         ("phones", "complaint_phone", "监督投诉电话不能与咨询电话相同")),
        ({"consult_phone": "65301234"},
         ("phones", "consult_phone", "咨询电话“65301234”格式错误：须带区号，如 0551-65301234")),
        ({"complaint_phone": ""}, ("phones", "complaint_phone", "监督投诉电话必填")),
        ({"materials": [{"name": "其他材料", "situation": None}]},
         ("catch_all_material", "materials[0].name",
          "材料“其他材料”过于笼统：请写明适用情形（situation）和具体材料（notes），或改用具体材料名称")),
        ({"result": {"type": "出文", "name": "食品经营许可证", "sample": "样本.pdf"}},
         ("certificate_result", "result.type", "结果名称“食品经营许可证”为证照，审批结果类型应为“出证”")),
        ({"result": {"type": "出证", "name": "食品经营许可证", "sample": ""}},
         ("certificate_result", "result.sample", "结果名称“食品经营许可证”为证照，须提供结果样本")),
        ({"faqs": []}, ("licence_faq_steps", "faqs", "行政许可事项须至少填写一条常见问题")),
        ({"steps": [{"name": "受理"}, {"name": "决定"}]},
         ("licence_faq_steps", "steps", "行政许可事项的办理流程缺少环节：审查、送达")),
        ({"level": "5"}, ("catalogue_consistency", "level", "行使层级 5 不在目录允许的层级内")),
    ],
)  # fmt: skip
def test_each_rule_rejects_with_field_and_fix(changes, expected):
    assert problems(changes) == [expected]


def test_charged_entry_needs_basis_and_items():
    assert problems(
        {"fee": {"charged": True, "basis": "", "items": [], "online_payment": True}}
    ) == [
        ("fee", "fee.basis", "收费事项须填写收费依据"),
        ("fee", "fee.items", "收费事项须至少填写一个收费项目（名称、标准、依据）"),
    ]


def test_zero_visits_with_express_or_full_online_passes():
    assert problems({"visits": 0, "onsite_reason": "", "forms": ["1", "4"]}) == []
    assert problems({"visits": 0, "onsite_reason": "", "online_depth": 4}) == []


def test_catch_all_material_naming_situation_and_document_passes():
    material = {"name": "其他材料", "situation": "委托办理", "notes": "授权委托书及受托人身份证"}
    assert problems({"materials": [material]}) == []


def test_audience_and_theme_must_agree():
    assert problems(catalogue_changes={"themes": {"person": ["090"], "legal": ["005"]}}) == [
        ("audience_theme", "themes", "服务对象为自然人，不应设置法人主题")
    ]
    assert problems(catalogue_changes={"service_objects": ["2"]}) == [
        ("audience_theme", "themes", "服务对象为法人或其他组织，不应设置自然人主题")
    ]


def test_non_licence_needs_no_faq():
    assert problems({"faqs": [], "steps": []}, {"type": "07"}) == []


def test_cancelled_catalogue_matter_cannot_be_published():
    assert problems(catalogue_changes={"status": "取消"}) == [
        ("catalogue_consistency", "base_version", "所依据的目录事项状态为“取消”，不能发布")
    ]


def test_province_can_switch_a_rule_off_or_change_its_parameters():
    bad_faq = {"faqs": []}
    assert problems(bad_faq, config={"licence_faq_steps": False}) == []
    assert problems(bad_faq, config={"licence_faq_steps": {"enabled": False}}) == []
    local_number = {"consult_phone": "65301234"}
    assert problems(local_number, config={"phones": {"area_code": False}}) == []
