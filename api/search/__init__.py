"""Unified search (统一搜索) and suggestions, delegated to the search service."""
