"""Enrich: items -> places, entities, stories (pure; data shipped with packages)."""
