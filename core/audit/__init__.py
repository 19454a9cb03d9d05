"""The audit trail of staff changes, on Wagtail's own log entries (one table per tenant schema).

- ``log.record`` writes one entry for a change made through the domain services;
- ``actions`` names our actions (registered with Wagtail's ``register_log_actions`` hook);
- ``receivers`` adds the client address to every entry (Wagtail's too), records logins and
  provisioning, and refuses self-approval of Wagtail workflow tasks (``four_eyes``);
- ``views`` lets a province admin read and export the entries of its regions.
"""
