"""Drift between entries and guide pages, reported to the consistency check."""

from core.published.consistency import Drift

from .guide_page import GuidePage


def page_drift(region, live: dict) -> list:
    """Live entries without a live page or with a page under another code, and live pages of
    entries that are not live."""
    pages = {
        p["entry_id"]: p
        for p in GuidePage.objects.values("entry_id", "live", "implementation_code")
    }
    s = region.schema_name
    drifts = []
    for entry_id, (code, _version) in live.items():
        page = pages.get(entry_id)
        if page is None or not page["live"]:
            drifts.append(Drift("page_missing", s, entry_id, code))
        elif page["implementation_code"] != code:
            drifts.append(Drift("page_stale", s, entry_id, code, page["implementation_code"]))
    for entry_id, page in pages.items():
        if page["live"] and entry_id not in live:
            drifts.append(Drift("page_orphan", s, entry_id, page["implementation_code"]))
    return drifts
