"""Django's ``{# … #}`` comments end at the line's end: one spanning lines is printed verbatim
to citizens (a guide's action bar once showed its own developer note). Use ``{% comment %}``."""

import re
from pathlib import Path

from django.conf import settings

UNCLOSED_COMMENT = re.compile(r"\{#(?!.*#\})")


def template_files():
    root = Path(settings.BASE_DIR)
    for folder in ("cms", "core", "api", "search", "tenants"):
        yield from (root / folder).rglob("templates/**/*.html")
        yield from (root / folder).rglob("templates/**/*.txt")


def test_no_template_opens_a_one_line_comment_it_does_not_close_on_that_line():
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in template_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if UNCLOSED_COMMENT.search(line)
    ]
    assert offenders == []


def test_the_check_finds_a_comment_spanning_two_lines():
    assert UNCLOSED_COMMENT.search("{# starts here and")
    assert not UNCLOSED_COMMENT.search("{# one line #} <p>")
