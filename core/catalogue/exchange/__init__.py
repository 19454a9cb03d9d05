"""Exchange formats of the catalogue (JSON and xlsx): reading, validating, importing, exporting.

The generic pieces (located problems, cell conversion, sheet layouts, file readers) live here
too and are reused by ``core.listings.exchange``.
"""
