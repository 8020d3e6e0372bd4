"""Entry point: ``python -m server [--host H] [--port P] [--db PATH] [--async-mode MODE]``.

The async server belongs here alone: eventlet (the default) monkey-patches the
standard library, so it is imported and patched before anything else, and only
in this process. Every option has an environment variable.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for the checker: Flask may be imported only after the monkey-patching
    from flask import Flask
    from flask_socketio import SocketIO


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m server", description="Live dialogue-meeting server.")
    parser.add_argument("--host", default=env("DIALOGUE_HOST", "0.0.0.0"), help="address to listen on [DIALOGUE_HOST]")
    parser.add_argument("--port", type=int, default=int(env("DIALOGUE_PORT", "5000")), help="port [DIALOGUE_PORT]")
    parser.add_argument("--db", default=env("DIALOGUE_DB", "dialogue.db"), help="SQLite file [DIALOGUE_DB]")
    parser.add_argument(
        "--async-mode",
        default=env("DIALOGUE_ASYNC_MODE", "eventlet"),
        choices=("eventlet", "gevent", "threading"),
        help="Socket.IO async mode [DIALOGUE_ASYNC_MODE]",
    )
    parser.add_argument(
        "--message-queue",
        default=env("DIALOGUE_MESSAGE_QUEUE") or None,
        help="e.g. redis://127.0.0.1:6379/0, to share broadcasts between processes [DIALOGUE_MESSAGE_QUEUE]",
    )
    parser.add_argument("--no-demo", action="store_true", help="do not create the demo meeting in an empty database")
    parser.add_argument(
        "--behind-proxy",
        action="store_true",
        default=env("DIALOGUE_BEHIND_PROXY", "") not in ("", "0"),
        help="trust the X-Forwarded-For of one reverse proxy (nginx, docs/deploy.md) [DIALOGUE_BEHIND_PROXY]",
    )
    parser.add_argument(
        "--commit-in-thread",
        choices=("on", "off"),
        default=env("DIALOGUE_COMMIT_IN_THREAD", "off"),
        help="run each commit's fsync in a worker thread, off the event loop [DIALOGUE_COMMIT_IN_THREAD]",
    )
    parser.add_argument(
        "--backup-dir",
        default=env("DIALOGUE_BACKUP_DIR") or None,
        help="where the backups of the database go (default: backups next to the database) [DIALOGUE_BACKUP_DIR]",
    )
    parser.add_argument(
        "--backup-every",
        type=float,
        metavar="MINUTES",
        default=float(env("DIALOGUE_BACKUP_EVERY", "10")),
        help="back up the database at start and every MINUTES while serving; 0: never [DIALOGUE_BACKUP_EVERY]",
    )
    args = parser.parse_args(argv)
    if args.backup_every < 0:
        parser.error("--backup-every: minutes, 0 or more")
    return args


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, as the hall's screens would use them."""
    import socket

    found = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if not address.startswith("127.") and address not in found:
                found.append(address)
    except OSError:
        pass
    return found


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    # Warnings (wrong PINs, refused floods, an unreachable Redis) and backups, with the time.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.async_mode == "eventlet":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # eventlet's own deprecation notice (docs/stack-notes.md)
            import eventlet

        eventlet.monkey_patch()
    elif args.async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()

    from .app import create_app, socketio
    from .backup import default_directory, schedule

    app = create_app(
        {
            "DATABASE": args.db,
            "ASYNC_MODE": args.async_mode,
            "SEED_DEMO": not args.no_demo,
            "MESSAGE_QUEUE": args.message_queue,
            "BEHIND_PROXY": args.behind_proxy,
            "COMMIT_OFFLOAD": off_loop(args.async_mode) if args.commit_in_thread == "on" else None,
            # Documents and exports are always built off the event loop.
            "READ_OFFLOAD": off_loop(args.async_mode),
            "BACKUP_DIR": args.backup_dir or str(default_directory(args.db)),
            "BACKUP_EVERY": args.backup_every,
        }
    )
    print_screens(app, args.host, args.port)
    schedule(app, socketio, args.backup_every)  # copies the database off the event loop (server/backup.py)
    try:
        serve(app, socketio, args.host, args.port, args.async_mode)
    except OSError as exc:  # most often: the port is taken by another program
        sys.exit(f"Cannot listen on {args.host}:{args.port}: {exc.strerror or exc}. Choose another with --port.")


def off_loop(async_mode: str) -> Callable[..., Any] | None:
    """How to run blocking work (a commit's fsync, building a document) in a worker thread under
    ``async_mode``: the event loop serves the screens meanwhile. Threading needs nothing: each
    request has its thread."""
    if async_mode == "eventlet":
        from eventlet import tpool

        execute: Callable[..., Any] = tpool.execute  # (eventlet is untyped)
        return execute
    if async_mode == "gevent":
        import gevent

        return lambda fn, *args: gevent.get_hub().threadpool.apply(fn, args)
    return None


def _listener(host: str, port: int, socket_module: ModuleType) -> Any:
    """A listening socket with TCP_NODELAY, which Linux passes on to accepted connections.

    Without it the ack of a command reaches the sender about 40 ms late: it is a small write
    right after the broadcast to the same socket, held back by Nagle's algorithm until the
    client's delayed ACK (found with a broadcast benchmark since folded into bench/load.py).
    """
    family = socket_module.AF_INET6 if ":" in host else socket_module.AF_INET
    sock = socket_module.socket(family, socket_module.SOCK_STREAM)
    sock.setsockopt(socket_module.SOL_SOCKET, socket_module.SO_REUSEADDR, 1)
    sock.setsockopt(socket_module.IPPROTO_TCP, socket_module.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def serve(app: Flask, socketio: SocketIO, host: str, port: int, async_mode: str) -> None:
    """Serve until stopped, on the server of the chosen async mode."""
    if app.config["MESSAGE_QUEUE"]:
        # python-socketio subscribes to the message queue on the first connection, so a broadcast
        # from another process in the moment before would be missed: subscribe now instead.
        # Neither python-socketio nor Flask-SocketIO has a public call for this (checked in 5.18.1 and
        # 5.7.0): the server does these same two steps in Server._handle_eio_connect, see
        # https://github.com/miguelgrinberg/python-socketio/blob/v5.18.1/src/socketio/server.py
        # Setting the flag first keeps that first connection from subscribing a second time.
        # tests/ops/test_scaleout.py fails if a release changes them.
        server = socketio.server  # type: ignore[attr-defined]  # set by init_app; types-Flask-SocketIO leaves it out
        if not server.manager_initialized:
            server.manager_initialized = True
            server.manager.initialize()
    if async_mode == "eventlet":
        import eventlet.green.socket
        import eventlet.wsgi

        # max_size: eventlet accepts 1,024 connections by default; a hall has ~100 phones.
        listener = _listener(host, port, eventlet.green.socket)
        eventlet.wsgi.server(listener, app, log_output=False, max_size=4096)
    elif async_mode == "gevent":
        import gevent.socket
        from gevent import pywsgi

        pywsgi.WSGIServer(_listener(host, port, gevent.socket), app, log=None).serve_forever()
    else:
        import socket

        from werkzeug.serving import WSGIRequestHandler

        class NoDelayHandler(WSGIRequestHandler):
            def setup(self) -> None:
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, request_handler=NoDelayHandler)


def print_screens(app: Flask, host: str, port: int) -> None:
    """One line per screen of each meeting, with its URL and PIN, for the operator of this laptop."""
    from . import context

    store = context.store(app)
    hosts = lan_addresses() if host in ("0.0.0.0", "") else [host]
    base = f"http://{(hosts or ['127.0.0.1'])[0]}:{port}"
    print(f"Server: {base}/  (local: http://127.0.0.1:{port}/)", flush=True)
    for meeting in [m for m in store.meetings() if m["phase"] != "archived"][:5]:
        mid = meeting["id"]
        demo = " [DEMO]" if meeting["is_demo"] else ""
        print(f"Meeting {mid}{demo} ({meeting['phase']}): {meeting['title']}")
        print(f"  chair      {base}/m/{mid}/chair      PIN {store.pin(mid, 'chair')}")
        print(f"  secretary  {base}/m/{mid}/secretary  PIN {store.pin(mid, 'secretary')}")
        print(f"  door       {base}/m/{mid}/door       PIN {store.pin(mid, 'door')}")
        print(f"  projector  {base}/m/{mid}/projector  (no PIN; phones: {base}/m/{mid}/phone)", flush=True)
    if not store.meeting_ids():
        print("No meeting yet: the commune office creates one on the page below.")
    office = f"Office: prepare meetings {base}/office, follow-up {base}/followup  office PIN {store.office_pin()}"
    print(office, flush=True)
    from .backup import directory_of

    every = app.config.get("BACKUP_EVERY") or 0
    when = f"every {every:g} min and on demand" if every > 0 else "on demand only"
    print(f"Backups: {directory_of(app)}  ({when}; restore: python -m server.backup --help)", flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
