"""Store: persistence behind one interface (the I/O edge)."""
