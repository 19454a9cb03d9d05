"""Signals of the catalogue domain."""

from django.dispatch import Signal

# Sent on commit after an import wrote matters in bulk (bulk_create sends no post_save):
# argument province.
catalogue_imported = Signal()
