"""Sources: bytes in -> Page (the I/O edge; never parses news)."""
