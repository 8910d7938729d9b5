"""The command line: one module per command group, each a thin wrapper over Archive."""
