"""Signals of the listings domain, handled by higher layers (cms writes guide pages)."""

from django.dispatch import Signal

# Sent (on commit, in the tenant's schema) when an entry is published: arguments item, version.
item_published = Signal()
# Sent when an entry stops being live (suspended, catalogue matter cancelled): argument item.
item_withdrawn = Signal()
