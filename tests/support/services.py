"""The programs that the tests and the benchmarks start besides the server: a throwaway
redis-server, and a real nginx on the shipped ``deploy/nginx.conf``. Importable without pytest
(``bench/load.py`` uses them too)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import IO

from .live_server import ROOT, free_port, stop_process

SHIPPED_NGINX = ROOT / "deploy" / "nginx.conf"
_NGINX_TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def find_binary(name: str, *fallbacks: str) -> str | None:
    """The program on the PATH, or at one of ``fallbacks`` (Debian puts nginx in /usr/sbin)."""
    return shutil.which(name) or next((f for f in fallbacks if os.access(f, os.X_OK)), None)


def nginx_site(listen: int, upstreams: tuple[int, int] | list[int], text: str | None = None) -> str:
    """deploy/nginx.conf (or ``text``) with its listen port and its two upstream ports replaced."""
    text = SHIPPED_NGINX.read_text() if text is None else text
    text, count = re.subn(r"\blisten 80\b", f"listen 127.0.0.1:{listen}", text)
    if count != 1:
        raise RuntimeError("deploy/nginx.conf should listen on port 80, once")
    ports = {"5001": upstreams[0], "5002": upstreams[1]}
    text, count = re.subn(r"server 127\.0\.0\.1:(5001|5002);", lambda m: f"server 127.0.0.1:{ports[m[1]]};", text)
    if count != 2:
        raise RuntimeError("deploy/nginx.conf should name the upstreams 127.0.0.1:5001 and 127.0.0.1:5002")
    return text


class RedisServer:
    """A throwaway redis-server on a free loopback port, publish/subscribe only."""

    def __init__(self, workdir: Path, binary: str):
        self.workdir, self.binary, self.port = workdir, binary, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None
        self.client = None

    def start(self) -> RedisServer:
        import redis

        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                return self
            except redis.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def wait_for_subscribers(self, count: int, timeout: float = 15) -> None:
        """Until ``count`` server processes listen to Flask-SocketIO's channel (before any screen
        connects: a broadcast published earlier would not reach them)."""
        deadline = time.monotonic() + timeout
        while dict(self.client.pubsub_numsub("flask-socketio")).get(b"flask-socketio", 0) < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the {count} server processes did not subscribe to the message queue")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.client is not None:
            self.client.close()
        stop_process(self.proc)


class Nginx:
    """nginx in the foreground on a site (``nginx_site``), everything it writes inside ``prefix``.

    No ``user`` directive is needed: as root, nginx runs its workers as nobody, and they need no
    file of ours (the master opens the logs). Nobody cannot enter pytest's tmp_path (its base
    directory is 0700), so responses must not spill to temp files: ``proxy_max_temp_file_size 0``
    makes nginx wait for the client instead. The access log records which process served each
    request (``$upstream_addr``)."""

    def __init__(self, prefix: Path, binary: str, site_text: str, port: int, screens: int = 0):
        self.prefix, self.binary, self.port = prefix, binary, port
        self.url = f"http://127.0.0.1:{port}"
        self.access_log = prefix / "access.log"
        self.error_log = prefix / "error.log"
        (prefix / "temp").mkdir(parents=True, exist_ok=True)  # nginx makes the directories inside
        temp = "".join(f"    {kind}_temp_path {prefix / 'temp' / kind};\n" for kind in _NGINX_TEMP_KINDS)
        connections = 2 * screens + 256  # a screen on a websocket holds two; any one worker may get them all
        self.conf = prefix / "nginx.conf"
        self.conf.write_text(
            ("worker_processes auto;\n" if screens else "worker_processes 1;\n")
            + f"worker_rlimit_nofile {2 * connections};\n"
            f"pid {prefix / 'nginx.pid'};\n"
            f"error_log {self.error_log} info;\n"
            f"events {{ worker_connections {connections}; }}\n"
            "http {\n"
            f"{temp}"
            "    proxy_max_temp_file_size 0;\n"
            "    log_format upstream '$remote_addr|$upstream_addr|$status|$request_method|$uri|$arg_transport';\n"
            f"    access_log {self.access_log} upstream;\n"
            f"{site_text}\n"
            "}\n"
        )
        self.proc: subprocess.Popen | None = None
        self.stderr: IO | None = None

    def start(self) -> Nginx:
        args = [self.binary, "-p", f"{self.prefix}/", "-c", str(self.conf), "-e", str(self.error_log)]
        check = subprocess.run([*args, "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed on {self.conf}:\n{check.stderr}")
        self.stderr = (self.prefix / "stderr.log").open("w")
        self.proc = subprocess.Popen([*args, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=self.stderr)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    errors = self.errors()
                    self.stop()
                    raise RuntimeError(f"nginx did not start: {errors}") from None
                time.sleep(0.05)

    def errors(self) -> str:
        return "\n".join(p.read_text() for p in (self.error_log, self.prefix / "stderr.log") if p.exists())

    def entries(self, start: int = 0) -> list[dict[str, str]]:
        """The access log's requests from the ``start``-th on, one dict each. ``upstream`` is
        ``$upstream_addr``: every process tried, the one that answered last."""
        if not self.access_log.exists():
            return []
        keys = ("remote", "upstream", "status", "method", "uri", "transport")
        lines = self.access_log.read_text().splitlines()[start:]
        return [dict(zip(keys, line.split("|"), strict=True)) for line in lines]

    def wait_for_entries(self, predicate, timeout: float = 10.0) -> list[dict[str, str]]:
        """nginx logs a request when it ends (a websocket when it closes): wait for the lines."""
        deadline = time.monotonic() + timeout
        while True:
            found = [e for e in self.entries() if predicate(e)]
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"no such access-log line in {self.entries()}")
            time.sleep(0.05)

    def probe(self, address: str) -> None:
        """GET /healthz through nginx from ``address`` (the access log then says where it went)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10, source_address=(address, 0))
        try:
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"/healthz through nginx from {address}: {response.status}")
        finally:
            conn.close()

    def stop(self) -> None:
        stop_process(self.proc, *([self.stderr] if self.stderr else []))
