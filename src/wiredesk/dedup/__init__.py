"""Dedup: ParsedItem stream -> canonical items, versions and sightings (pure core)."""
