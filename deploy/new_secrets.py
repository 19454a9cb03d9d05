"""Print fresh secrets for deploy/.env: the Django secret key and the identity keys.

    docker compose -f deploy/docker-compose.yml run --rm --no-deps migrate python deploy/new_secrets.py

Each run prints new values; paste them over the placeholders once, before the first start, and
keep them (changing IDENTITY_FIELD_KEYS or IDENTITY_HASH_KEY later needs the rotation in
docs/identity.md). Nothing is written anywhere.
"""

import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.identity.keys import new_keys


def main() -> None:
    keys = new_keys()
    lines = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "IDENTITY_FIELD_KEYS": keys["field_keys"].replace("dev1:", "k1:", 1),
        "IDENTITY_HASH_KEY": keys["hash_key"],
        "IDENTITY_CLIENT_SECRET_KEY": keys["client_secret_key"],
        # one line, "\n" between the PEM's lines (OIDC_RSA_PRIVATE_KEY is read with multiline)
        "OIDC_RSA_PRIVATE_KEY": keys["rsa_private_key"].strip().replace("\n", "\\n"),
    }
    for name, value in lines.items():
        print(f"{name}={value}")


if __name__ == "__main__":
    main()
