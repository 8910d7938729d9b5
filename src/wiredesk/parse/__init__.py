"""Parse: Page -> ParsedPage (pure, deterministic, no I/O)."""
