"""The meeting's rules through the one command pipeline (directly, or through the in-process Socket.IO test client)."""
