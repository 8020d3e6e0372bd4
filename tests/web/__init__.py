"""The edges: HTTP routes and Socket.IO events (access, refusals, pages, uploads, documents), in
process and on the real server."""
