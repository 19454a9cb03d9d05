"""Reading JSON exchange files and checking the JSON types of a record's elements."""

import json

from core.domain.errors import Problem

from .layout import JsonLocator, Record
from .problems import Located

TYPE_NAMES = {list: "列表", dict: "对象", str: "文本", int: "整数", bool: "true/false"}


def read(path, name: str, list_key: str) -> tuple[dict, list[Record], list[Located]]:
    """(the top-level object, its records, problems) of a JSON file ``{…, list_key: [...]}``."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            top = json.load(handle)
    except UnicodeDecodeError:
        return {}, [], [Located(name, "文件不是 UTF-8 编码的文本")]
    except json.JSONDecodeError as error:
        where = f"文本第{error.lineno}行第{error.colno}列"
        return {}, [], [Located(name, f"JSON 语法错误（{where}）：{error.msg}")]
    if not isinstance(top, dict) or not isinstance(top.get(list_key), list):
        return {}, [], [Located(name, f"文件应为 JSON 对象，且 {list_key} 为列表", path=list_key)]
    records, problems = [], []
    for index, data in enumerate(top[list_key]):
        locator = JsonLocator(name, list_key, index)
        if isinstance(data, dict):
            records.append(Record(index, data, locator))
        else:
            problems.append(locator.locate("", "每一项应为 JSON 对象"))
    return top, records, problems


def type_problems(data: dict, types: dict, allowed: tuple[str, ...]) -> list[Problem]:
    """Unknown keys and values of the wrong JSON type (``types``: element → Python type)."""
    problems = [
        Problem(key, "未知字段（请对照数据格式说明）") for key in data if key not in allowed
    ]
    for key, expected in types.items():
        value = data.get(key)
        if value is None:
            continue
        if expected is int:
            wrong = isinstance(value, bool) or not isinstance(value, int | float)
        else:
            wrong = not isinstance(value, expected)
        if wrong:
            problems.append(Problem(key, f"应为{TYPE_NAMES[expected]}"))
    return problems
