"""Signals the tenants layer sends so that higher layers can act without being imported here."""

from django.dispatch import Signal

# Sent inside the region's schema after provisioning wrote its public rows.
# Arguments: region, config (dict), dry_run (bool). Receivers return a list of change
# descriptions (empty when nothing had to change) so provisioning can report idempotency.
region_provisioned = Signal()

# Sent inside the transaction that activates or deactivates a region (public schema).
# Arguments: region, active (bool). The read model withdraws or restores the region's guides.
region_activity_changed = Signal()

# Sent inside the transaction that changed a region's public rows (name, departments, halls,
# windows, service points) during provisioning. Argument: region. Guides showing them resync.
region_changed = Signal()
