"""服务主题 in one encoding: ``p090`` is 自然人 theme 090, ``l005`` is 法人 theme 005.

Search documents, search facets, the GraphQL API and the portal's links all use it. A bare code
(``030``) means that code under either audience. The portal's earlier links said
``person:090`` / ``legal:005``; they are public (bookmarks, other sites), so ``parse`` still
accepts them.
"""

import re
from dataclasses import dataclass

from django.db.models import Q

from . import codes

PERSON, LEGAL = "person", "legal"
PREFIX = {PERSON: "p", LEGAL: "l"}
LABELS = {PERSON: codes.PERSON_THEMES, LEGAL: codes.LEGAL_THEMES}
_FORMS = re.compile(r"^(?:(?P<prefix>[pl])|(?P<word>person|legal):)?(?P<code>\d{3})$")


@dataclass(frozen=True)
class Theme:
    audience: str | None  # None: either audience
    code: str

    @property
    def keys(self) -> list[str]:
        audiences = [self.audience] if self.audience else [PERSON, LEGAL]
        return [key(audience, self.code) for audience in audiences]

    @property
    def value(self) -> str:
        """The encoding: ``p090`` / ``l005``, or the bare code for either audience."""
        return key(self.audience, self.code) if self.audience else self.code

    @property
    def label(self) -> str:
        audiences = [self.audience] if self.audience else [PERSON, LEGAL]
        return next((LABELS[a][self.code] for a in audiences if self.code in LABELS[a]), self.code)

    def q(self) -> Q:
        """Published guides (``person_themes`` / ``legal_themes``) under this theme."""
        audiences = [self.audience] if self.audience else [PERSON, LEGAL]
        found = Q(pk__in=[])
        for audience in audiences:
            found |= Q(**{f"{audience}_themes__contains": [self.code]})
        return found


def key(audience: str, code: str) -> str:
    return f"{PREFIX[audience]}{code}"


def parse(value: str) -> Theme:
    """``p090`` / ``l005`` / ``090`` (and the old ``person:090``); ValueError says what is wrong."""
    found = _FORMS.match((value or "").strip())
    if not found:
        raise ValueError(
            f"服务主题“{value}”无效：应为 p090（自然人主题）、l005（法人主题）或三位主题代码"
        )
    if found["prefix"]:
        return Theme(PERSON if found["prefix"] == "p" else LEGAL, found["code"])
    return Theme(found["word"], found["code"])


def theme_error(value: str) -> str | None:
    """What is wrong with a theme value, or None."""
    try:
        parse(value)
    except ValueError as error:
        return str(error)
    return None


def keys_of(person_themes, legal_themes) -> list[str]:
    """The encoded themes of a guide."""
    return [key(PERSON, c) for c in person_themes] + [key(LEGAL, c) for c in legal_themes]


def labels() -> dict[str, str]:
    """Label of every encoded theme."""
    return {key(a, c): label for a, table in LABELS.items() for c, label in table.items()}
