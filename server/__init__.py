"""Live moderation for commune citizen-dialogue meetings (hội nghị tiếp xúc, đối thoại trực tiếp).

This file imports nothing on purpose: ``python -m server`` must be able to
monkey-patch the standard library (eventlet, gevent) before Flask is imported.
The app factory is ``server.app.create_app``.
"""
