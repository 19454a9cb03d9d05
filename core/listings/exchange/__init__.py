"""Exchange formats of implementation lists (JSON and xlsx): import and export per tenant.

The generic machinery (cells, sheet layouts, located problems) is ``core.catalogue.exchange``.
"""
