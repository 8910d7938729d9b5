"""Serve: the HTTP API and the web UI over an Archive."""
