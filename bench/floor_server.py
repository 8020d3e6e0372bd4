"""The stack's floor: a bare Flask-SocketIO server that does nothing but broadcast.

``python bench/floor_server.py --port P --async-mode eventlet|gevent|threading``

Screens send ``join`` (any payload) and enter one room. A ``fire`` event with ``{"size": n}``
makes the server emit ``patch`` ``{"version": k, "set": {"pad": "xxx…"}}`` to that room, padded so
that the packet's JSON is n bytes as python-socketio writes it (compact separators; the padding is
ASCII), and ack ``{"ok": true, "version": k}``. No validation, no database, one room: what is
left is the cost of one broadcast in this async mode, which ``bench/load.py`` compares with the
real server's fan-out of a payload of the same size.

Served like ``server/__main__.py`` serves the app (same WSGI server per mode, TCP_NODELAY
listener, eventlet's ``max_size`` raised), so that the difference is the application's own work.
"""

from __future__ import annotations

import argparse
import json
import warnings

ROOM = "screens"


def padded(version: int, size: int) -> dict:
    """A ``patch`` payload whose compact JSON is ``size`` bytes (or the smallest possible)."""
    payload = {"version": version, "set": {"pad": ""}}
    base = len(json.dumps(payload, separators=(",", ":")))
    payload["set"]["pad"] = "x" * max(0, size - base)
    return payload


def create(async_mode: str):
    from flask import Flask
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode=async_mode, cors_allowed_origins=None)
    state = {"version": 0}

    @app.get("/healthz")
    def healthz():
        return "ok"

    @socketio.on("join")
    def on_join(_data=None):
        join_room(ROOM)
        return {"ok": True}

    @socketio.on("fire")
    def on_fire(data):
        state["version"] += 1
        size = int(data.get("size", 0)) if isinstance(data, dict) else 0
        socketio.emit("patch", padded(state["version"], size), to=ROOM)
        return {"ok": True, "version": state["version"]}

    return app, socketio


def _listener(host: str, port: int, socket_module):
    """As ``server/__main__.py``: TCP_NODELAY on the listener, inherited by accepted sockets on Linux."""
    sock = socket_module.socket(socket_module.AF_INET, socket_module.SOCK_STREAM)
    sock.setsockopt(socket_module.SOL_SOCKET, socket_module.SO_REUSEADDR, 1)
    sock.setsockopt(socket_module.IPPROTO_TCP, socket_module.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--async-mode", default="eventlet", choices=("eventlet", "gevent", "threading"))
    args = parser.parse_args()
    if args.async_mode == "eventlet":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # eventlet's own deprecation notice
            import eventlet
        eventlet.monkey_patch()
    elif args.async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()

    app, socketio = create(args.async_mode)
    print(f"floor server ({args.async_mode}) on http://{args.host}:{args.port}/", flush=True)
    if args.async_mode == "eventlet":
        import eventlet.green.socket
        import eventlet.wsgi

        eventlet.wsgi.server(
            _listener(args.host, args.port, eventlet.green.socket), app, log_output=False, max_size=4096
        )
    elif args.async_mode == "gevent":
        import gevent.socket
        from gevent import pywsgi

        pywsgi.WSGIServer(_listener(args.host, args.port, gevent.socket), app, log=None).serve_forever()
    else:
        import socket

        from werkzeug.serving import WSGIRequestHandler

        class NoDelayHandler(WSGIRequestHandler):
            def setup(self) -> None:
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True, request_handler=NoDelayHandler)


if __name__ == "__main__":
    main()
