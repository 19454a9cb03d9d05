"""Three-way merge of list elements (materials, steps, FAQs) item by item.

The rows of base, theirs and ours are aligned into *slots* by each row's identity (a material's
name and situation, a step's name, a question): an unchanged row is found even when rows were
inserted or reordered around it. Each slot is merged on its own, so the catalogue changing
material 2 and the county changing material 3 is no conflict; only a slot changed on both sides
differently (or changed on one side and deleted on the other) needs a decision.

The merged list keeps the county's order; rows the catalogue added follow the row that precedes
them in the catalogue's list.
"""

from dataclasses import dataclass

from core.domain.errors import DomainError, Problem

# list element → the fields that identify one of its rows
ROW_KEYS = {
    "materials": ("name", "situation"),
    "steps": ("name",),
    "faqs": ("question",),
}
OURS, THEIRS = "ours", "theirs"


def is_list_element(element: str) -> bool:
    return element in ROW_KEYS


@dataclass(eq=False)  # slots are told apart by identity, never by content
class Slot:
    """One row across the three sides (``None`` where a side does not have it)."""

    base: dict | None = None
    theirs: dict | None = None
    ours: dict | None = None

    @property
    def conflict(self) -> bool:
        return not (self.theirs == self.base or self.ours == self.theirs or self.ours == self.base)

    def merged(self, decision: str | None = None) -> dict | None:
        """The row as merged; ``decision`` settles a conflicting slot."""
        if self.conflict:
            return self.theirs if decision == THEIRS else self.ours
        if self.theirs == self.base or self.ours == self.theirs:
            return self.ours
        return self.theirs

    @property
    def change(self) -> str:
        """What happened to the row, for people: 目录修改, 本地新增, 双方修改 …"""
        sides = []
        for side, label in ((self.theirs, "目录"), (self.ours, "本地")):
            if side == self.base:
                continue
            verb = "新增" if self.base is None else "删除" if side is None else "修改"
            sides.append(label + verb)
        if len(sides) == 2 and self.theirs == self.ours:
            return "双方相同修改"
        return "，".join(sides) or "未变"


def _identity(element: str, row) -> tuple:
    if not isinstance(row, dict):
        return (repr(row),)
    return tuple(str(row.get(key) or "") for key in ROW_KEYS[element])


def _match(element: str, base: list, other: list) -> dict[int, int]:
    """{index in ``other``: index in ``base``}: equal rows first, then rows of the same
    identity, each base row used once, in list order."""
    matched: dict[int, int] = {}
    for same in (lambda a, b: a == b, lambda a, b: _identity(element, a) == _identity(element, b)):
        used = set(matched.values())
        for i, row in enumerate(other):
            if i in matched:
                continue
            for j, candidate in enumerate(base):
                if j not in used and same(candidate, row):
                    matched[i] = j
                    used.add(j)
                    break
    return matched


def _insert_after_predecessor(order: list, slot: Slot, predecessors: list) -> None:
    for previous in reversed(predecessors):
        if previous in order:
            order.insert(order.index(previous) + 1, slot)
            return
    order.insert(0, slot)


def slots(element: str, base, theirs, ours) -> list[Slot]:
    """The aligned rows, in the order of the merged list (rows deleted on a side included).
    A row both sides added with the same identity is one slot."""
    base, theirs, ours = list(base or []), list(theirs or []), list(ours or [])
    by_base = [Slot(base=row) for row in base]
    theirs_slots = _side_slots(element, by_base, theirs, "theirs")
    added = [slot for slot in theirs_slots if slot.base is None]
    ours_slots = _side_slots(element, by_base + added, ours, "ours")
    order = list(ours_slots)
    for i, slot in enumerate(theirs_slots):
        if slot not in order:
            _insert_after_predecessor(order, slot, theirs_slots[:i])
    for i, slot in enumerate(by_base):
        if slot not in order:
            _insert_after_predecessor(order, slot, by_base[:i])
    return order


def _side_slots(element: str, candidates: list[Slot], rows: list, side: str) -> list[Slot]:
    """Put each of a side's rows into the candidate slot it matches (by the slot's base row,
    or for rows the catalogue added, by the catalogue's row), or into a new slot."""
    known = [slot.base if slot.base is not None else slot.theirs for slot in candidates]
    matched = _match(element, known, rows)
    result = []
    for i, row in enumerate(rows):
        slot = candidates[matched[i]] if i in matched else Slot()
        setattr(slot, side, row)
        result.append(slot)
    return result


def conflicting(aligned: list[Slot]) -> list[int]:
    """1-based numbers of the slots that need a decision."""
    return [n for n, slot in enumerate(aligned, 1) if slot.conflict]


def merge_rows(aligned: list[Slot], decisions: dict[int, str] | None = None) -> list:
    """The merged list; ``decisions`` maps a conflicting slot's number to ours/theirs."""
    decisions = decisions or {}
    rows = [slot.merged(decisions.get(n)) for n, slot in enumerate(aligned, 1)]
    return [row for row in rows if row is not None]


def check_decisions(
    element: str, label: str, aligned: list[Slot], decisions: dict[int, str]
) -> None:
    """Every conflicting row decided, nothing else: else a DomainError naming the rows."""
    needed = conflicting(aligned)
    problems = [
        Problem(f"{element}[{n}]", f"{label}第 {n} 项：双方都有修改，请选择“采用目录”或“保留本地”")
        for n in needed
        if decisions.get(n) not in (OURS, THEIRS)
    ]
    problems += [
        Problem(f"{element}[{n}]", f"{label}第 {n} 项没有冲突，无需选择")
        for n in sorted(set(decisions) - set(needed))
    ]
    if problems:
        raise DomainError(problems)
