"""Catalog entries, one module per group the team knows."""
