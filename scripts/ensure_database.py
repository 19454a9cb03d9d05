"""Create the application database if it is missing, with UTF-8 encoding and LC_CTYPE.

pg_trgm makes no trigrams for Chinese text under the C locale, so the database must be created
from template0 with a UTF-8 ctype. Reads DATABASE_URL from the environment, else from the
project's ``.env`` (as the Django settings do), else the local server's database zwfw.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

import environ
import psycopg

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zwfw"
ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


def database_url() -> str:
    """The settings' rule: the environment wins, then ``.env``, then the default."""
    environ.Env.read_env(ENV_FILE, overwrite=False)
    return os.environ.get("DATABASE_URL", DEFAULT_URL)


def _available_utf8_locale(conn) -> str:
    rows = conn.execute(
        "SELECT collname FROM pg_collation WHERE collencoding IN (-1, 6)"
    ).fetchall()
    names = {row[0] for row in rows}
    for candidate in (
        "C.UTF-8",
        "C.utf8",
        "en_US.UTF-8",
        "en_US.utf8",
        "zh_CN.UTF-8",
        "zh_CN.utf8",
    ):
        if candidate in names:
            return candidate
    sys.exit("No UTF-8 locale is available on the PostgreSQL server (install locales).")


def main() -> None:
    url = urlparse(database_url())
    name = url.path.lstrip("/")
    admin_url = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT pg_encoding_to_char(encoding), datctype FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
        if row:
            encoding, ctype = row
            if encoding != "UTF8" or "utf" not in ctype.lower():
                sys.exit(
                    f"Database {name} exists with encoding {encoding}, LC_CTYPE {ctype}: "
                    "search needs UTF8 with a UTF-8 LC_CTYPE. Recreate it."
                )
            print(f"database {name}: present ({encoding}, LC_CTYPE {ctype})")
            return
        locale = _available_utf8_locale(conn)
        conn.execute(
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE '{locale}' "
            f"LC_CTYPE '{locale}' TEMPLATE template0"
        )
        print(f"database {name}: created (UTF8, LC_CTYPE {locale})")


if __name__ == "__main__":
    main()
