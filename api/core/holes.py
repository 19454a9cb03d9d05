"""Parts of a cached response that are refreshed on their own: a hit whose only stale stamps
guard such parts is patched (the parts recomputed, the rest of the text reused) instead of
executed again.

A resolver whose value is guarded by one stamp and can be recomputed from a few plain
arguments (a guide's rating summary: its 实施编码 and the selection below ``ratingSummary``)
records a *hole* — the value's response path, its stamp, a kind and the arguments — while the
response is computed (``record``). When the response is stored, each hole becomes a character
range of its JSON text (``split``). On a lookup where every stale stamp is a hole's stamp, the
holes of those stamps are recomputed by the kind's ``patchers`` entry and spliced in: the text
equals what an execution would send, because the JSON encoding is compositional.

A stamp is patchable only when every part of the response it guards was recorded as a hole
(``unpatchable`` marks the others); otherwise its change makes the response a miss.
"""

import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import NamedTuple

from .dependencies import Collected, current_collected

log = logging.getLogger(__name__)

# kind → patcher(list of args) → the JSON text of each hole's current value.
patchers: dict[str, Callable[[list], list[str]]] = {}


class Hole(NamedTuple):
    """A range of a stored response's JSON text, recomputed when ``stamp`` changes."""

    start: int
    end: int
    stamp: str
    kind: str
    args: tuple


def record(path: list, stamp: str, kind: str, args: tuple) -> None:
    """The value being resolved at ``path`` (response keys and list indexes) is guarded by
    ``stamp`` alone and recomputed by ``patchers[kind](…args…)``."""
    found = current_collected()
    if found is not None:
        found.holes.append((tuple(path), stamp, kind, tuple(args)))


def unpatchable(stamp: str) -> None:
    """Part of the response guarded by ``stamp`` cannot be recomputed as a hole."""
    found = current_collected()
    if found is not None:
        found.unpatchable.add(stamp)


def split(collected: Collected, data, encode) -> tuple[str, tuple[Hole, ...]]:
    """The JSON text of ``data`` and its holes (of patchable stamps) as character ranges."""
    recorded = [h for h in collected.holes if h[1] not in collected.unpatchable]
    if not recorded or not isinstance(data, dict):
        return encode(data), ()
    token = uuid.uuid4().hex
    marked, values = data, []
    for index, (path, *_rest) in enumerate(recorded):
        marked, value = _replaced(marked, path, f"\x00{token}:{index}\x00")
        values.append(value)
    pieces = re.split(re.escape(json.dumps("\x00" + token)[:-1]) + r":(\d+)\\u0000\"",
                      encode(marked))  # fmt: skip
    if len(pieces) != 2 * len(recorded) + 1:
        log.warning("response holes not found in the encoded response: cached whole")
        return encode(data), ()
    text, holes = pieces[0], []
    for at in range(1, len(pieces), 2):
        index = int(pieces[at])
        _path, stamp, kind, args = recorded[index]
        value = encode(values[index])
        holes.append(Hole(len(text), len(text) + len(value), stamp, kind, args))
        text += value + pieces[at + 1]
    return text, tuple(holes)


def _replaced(container, path: tuple, marker: str):
    """``container`` with the value at ``path`` replaced by ``marker`` (copies along the path
    only: the executed data, parts of which the body memo shares, is never changed)."""
    head, rest = path[0], path[1:]
    copy = dict(container) if isinstance(container, dict) else list(container)
    if rest:
        copy[head], value = _replaced(container[head], rest, marker)
    else:
        copy[head], value = marker, container[head]
    return copy, value


def patchable(holes: tuple[Hole, ...], stale: set[str]) -> bool:
    """Whether recomputing holes makes an entry whose ``stale`` stamps changed current."""
    return bool(stale) and stale <= {hole.stamp for hole in holes}


def patch(text: str, holes: tuple[Hole, ...], stale: set[str]) -> tuple[str, tuple[Hole, ...]]:
    """The text with the holes of ``stale`` stamps recomputed (read after those stamps)."""
    todo = [hole for hole in holes if hole.stamp in stale]
    fresh = {}
    for kind in {hole.kind for hole in todo}:
        of_kind = [hole for hole in todo if hole.kind == kind]
        fresh.update(zip(of_kind, patchers[kind]([h.args for h in of_kind]), strict=True))
    out, moved, at = [], [], 0
    for hole in holes:
        value = fresh.get(hole, text[hole.start : hole.end])
        out.append(text[at : hole.start])
        start = sum(map(len, out))
        out.append(value)
        moved.append(hole._replace(start=start, end=start + len(value)))
        at = hole.end
    out.append(text[at:])
    return "".join(out), tuple(moved)
