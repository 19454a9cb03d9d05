"""Persisted operations: the documents in graphql/operations, addressed by id or hash.

Each file holds one named operation (plus the fragments it uses). Its id is the operation name
(the file stem); its hash is the SHA-256 of the file's UTF-8 text. Clients send
``{"id": "GuideDetail"}``, ``{"id": "sha256:<hex>"}`` or Apollo's
``{"extensions": {"persistedQuery": {"sha256Hash": "<hex>"}}}``.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

from graphql import DocumentNode, OperationDefinitionNode, parse

OPERATIONS_DIR = Path(settings.BASE_DIR) / "graphql" / "operations"


@dataclass(frozen=True)
class Operation:
    id: str
    sha256: str
    text: str
    path: Path
    document: DocumentNode = field(compare=False, repr=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(path: Path) -> Operation:
    """Read and parse one operation file; its single operation must be named like the file."""
    text = path.read_text(encoding="utf-8")
    document = parse(text)
    names = [d.name.value for d in document.definitions
             if isinstance(d, OperationDefinitionNode) and d.name]  # fmt: skip
    if names != [path.stem]:
        raise ValueError(f"{path.name}：应只含一个名为 {path.stem} 的操作，实际为 {names}")
    return Operation(path.stem, sha256(text), text, path, document)


@cache
def operations() -> dict[str, Operation]:
    """Every persisted operation, keyed by id and by hash (read once per process)."""
    found = {}
    for path in sorted(OPERATIONS_DIR.glob("*.graphql")):
        op = load(path)
        found[op.id] = found[op.sha256] = op
    return found


@cache
def document_ids() -> frozenset[int]:
    """Ids of the persisted documents (alive as long as the process)."""
    return frozenset(id(op.document) for op in operations().values())


@cache
def operation_node_ids() -> frozenset[int]:
    """Ids of the persisted operations' nodes (alive as long as the process): an execution of
    one of these is of a persisted document."""
    return frozenset(id(d) for op in operations().values() for d in op.document.definitions
                     if isinstance(d, OperationDefinitionNode))  # fmt: skip


def find(key: str) -> Operation | None:
    """The operation for an id, a hash or ``sha256:<hash>``."""
    key = key.removeprefix("sha256:").strip()
    return operations().get(key)


def manifest() -> list[dict]:
    """What clients need: id and hash of every operation."""
    unique = {op.id: op for op in operations().values()}
    return [{"id": op.id, "sha256": op.sha256, "file": f"graphql/operations/{op.path.name}"}
            for op in sorted(unique.values(), key=lambda o: o.id)]  # fmt: skip
