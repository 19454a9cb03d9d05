"""Keys of the identity service: field encryption, lookup hashing and the OIDC signing key.

Production takes them from the environment (docs/identity.md). Development and tests generate
them once into ``.identity/dev-keys.json`` (ignored by git); a system check refuses that file
under production settings. Imported by the settings: no Django imports here.
"""

import base64
import json
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def _new_rsa_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def new_keys() -> dict:
    """A fresh set of every identity key (development file, tests, a first deployment)."""
    return {
        "field_keys": "dev1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "hash_key": base64.b64encode(secrets.token_bytes(32)).decode(),
        "client_secret_key": secrets.token_urlsafe(32),
        "rsa_private_key": _new_rsa_pem(),
    }


def dev_keys(base_dir: Path) -> dict:
    """The development keys, generated on first use (atomically: parallel processes agree)."""
    path = base_dir / ".identity" / "dev-keys.json"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(new_keys(), indent=1))
        try:
            os.link(tmp, path)  # fails if another process made it first: keep theirs
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return json.loads(path.read_text())


def parse_field_keys(value: str) -> list[tuple[str, bytes]]:
    """Parse "kid:base64,kid:base64" → [(kid, 32-byte key)], the first one encrypts."""
    found = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        kid, _, encoded = part.partition(":")
        key = base64.b64decode(encoded)
        if not kid or len(key) != 32:
            raise ValueError(f"IDENTITY_FIELD_KEYS: 密钥 {kid or part!r} 应为“编号:32字节base64”")
        found.append((kid, key))
    if not found:
        raise ValueError("IDENTITY_FIELD_KEYS 为空")
    return found
