"""Domain errors that say what is wrong and where."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem with an element: ``field`` is the element name (dotted for nested values)."""

    field: str
    message: str
    rule: str = ""

    def __str__(self):
        return f"{self.field}：{self.message}"


class DomainError(Exception):
    """A business rule refused an operation; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        self.problems = problems
        super().__init__("；".join(str(p) if p.field else p.message for p in problems))
