"""Reading JSON exchange files and checking the JSON types of a record's elements."""

import json

from core.domain.errors import Problem

from . import limits
from .layout import JsonLocator, Record
from .problems import ImportFailed, Located

TYPE_NAMES = {list: "列表", dict: "对象", str: "文本", int: "整数", bool: "true/false"}


def _parse(path, name: str, list_key: str) -> tuple[dict, list[Located]]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        if problems := limits.json_depth_problems(raw, name):  # json would recurse that deep
            return {}, problems
        top = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return {}, [Located(name, "文件不是 UTF-8 编码的文本")]
    except json.JSONDecodeError as error:
        where = f"文本第{error.lineno}行第{error.colno}列"
        return {}, [Located(name, f"JSON 语法错误（{where}）：{error.msg}")]
    except OSError as error:  # deleted or unreadable between the two passes
        return {}, [Located(name, f"无法读取文件（{error.strerror}）")]
    if not isinstance(top, dict) or not isinstance(top.get(list_key), list):
        return {}, [Located(name, f"文件应为 JSON 对象，且 {list_key} 为列表", path=list_key)]
    if problems := limits.json_rows_problems(top[list_key], name, list_key):
        return {}, problems
    return top, []


class JsonSource:
    """A JSON exchange file ``{…, list_key: [...]}``: ``problems`` found on opening (syntax,
    shape, items that are not objects) and ``records()``, parsed again on every call and
    handed out one at a time, so no more than one parsed copy is ever held."""

    cell_problems: list = []  # JSON has no cells; every problem is known on opening

    def __init__(self, path, name: str, list_key: str, key_of):
        self.path, self.name, self.list_key = path, name, list_key
        top, self.problems = _parse(path, name, list_key)
        items = top.pop(list_key, [])
        self.top = top  # the top-level object without its list
        self._firsts = set()
        for index, data in enumerate(items):
            if not isinstance(data, dict):
                locator = JsonLocator(name, list_key, index)
                self.problems.append(locator.locate("", "每一项应为 JSON 对象"))
            elif isinstance(first := key_of(data)[0], str):
                self._firsts.add(first)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass  # nothing stays open between passes

    def first_keys(self) -> set:
        return self._firsts

    def read_problems(self) -> list[Located]:
        return list(self.problems)

    def records(self):
        top, problems = _parse(self.path, self.name, self.list_key)
        if problems:
            raise ImportFailed(problems)
        items = top[self.list_key]
        for index, data in enumerate(items):
            items[index] = None  # handed out: the caller's reference is the only one left
            if isinstance(data, dict):
                yield Record(index, data, JsonLocator(self.name, self.list_key, index))


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
