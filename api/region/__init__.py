"""Regions (区划): the tree, departments, themes and life events."""
