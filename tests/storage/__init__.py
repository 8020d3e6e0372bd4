"""The SQLite store: persistence, restarts, export and import."""
