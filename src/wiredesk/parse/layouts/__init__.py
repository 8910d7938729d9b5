"""Page layouts of the portal, one module each."""
