"""Signals of the read model, answered by the layer that owns guide pages (cms)."""

from django.dispatch import Signal

# Sent in a tenant's schema by ``rebuild_projection``; each receiver returns a list of the live
# guides it knows: dicts {snapshot, version, url, published_at}.
collect_live_guides = Signal()
