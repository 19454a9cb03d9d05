"""Public version stamps (see ``tenants.stamps``, where they live so host routing can use them)."""

from tenants.stamps import bump, bump_now_and_on_commit, public, read, read_one

__all__ = ["bump", "bump_now_and_on_commit", "public", "read", "read_one"]
