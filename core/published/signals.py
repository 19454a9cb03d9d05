"""Signals of the read model: the steps of a guide's sync that higher layers own.

Both are sent by ``core.published.sync.sync_guide`` inside its transaction, in the tenant's
schema, and their receivers must be idempotent functions of the state they are given.
"""

from django.dispatch import Signal

# "Make the guide page of this entry match": arguments entry_id, guide (a ``GuideState`` or
# None when the guide must not be live). The page layer returns a dict {url, additions} for a
# live guide (additions: the editors' approved notes, attachments and FAQs) or None.
guide_page_sync = Signal()

# "The read model of these guides is final for this sync": arguments implementation_codes and
# schema_name (the tenant the guides belong to).
# Search makes each code's document match the projection row (or removes it).
guide_synced = Signal()

# "Report your drift": sent by the consistency check in each active tenant's schema with
# arguments region, live (dict entry_id → (implementation_code, version) of the guides that
# should be live) and rows (dict entry_id → PublishedGuide of the region). Receivers return a
# list of ``Drift``; their ``entry_id`` or ``implementation_code`` says what to sync.
collect_drift = Signal()
