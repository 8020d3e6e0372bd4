"""The pure core's tests: the domain's rules and properties, and the pure document makers (no server)."""
