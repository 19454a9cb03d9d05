"""Vocabulary shared by the catalogue and the implementation lists (DOMAIN.md §2–§4)."""
