"""Shared machinery of the API: settings, limits, persisted operations, loaders, pagination."""
