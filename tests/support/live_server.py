"""Run the real server (``python -m server``, eventlet by default) in a subprocess.

The pytest process is never monkey-patched: a patched process makes
python-socketio's client hang on disconnect (docs/stack-notes.md).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def stop_process(proc: subprocess.Popen | None, *files) -> None:
    """Terminate ``proc`` (kill it if it does not stop within 10 s) and close its log files."""
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    for f in files:
        f.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, db: Path, port: int | None = None, async_mode: str = "eventlet", extra: tuple[str, ...] = ()):
        self.db, self.port, self.async_mode, self.extra = db, port or free_port(), async_mode, extra
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.pins: dict[str, str] = {}
        self.office_pin = ""

    def start(self) -> LiveServer:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.log_path = self.db.with_suffix(f".{self.port}.log")
        self.log_file = self.log_path.open("a")
        self.proc = subprocess.Popen(
            [
                # SERVER_PYTHON: run the server on another interpreter, e.g. a virtualenv with only
                # requirements.txt, to measure its memory as users run it (bench/README.md).
                os.environ.get("SERVER_PYTHON", sys.executable),
                "-m",
                "server",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--db",
                str(self.db),
                "--async-mode",
                self.async_mode,
                *self.extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        # A loaded machine can be slow to start a server: the deadline is a setting, and a server
        # that did not start is stopped, its log closed, rather than left running.
        deadline = time.monotonic() + float(os.environ.get("LIVE_SERVER_START_TIMEOUT", "60"))
        try:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited: {self.log_path.read_text()}")
                try:
                    with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                        if r.status == 200:
                            break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"server did not start: {self.log_path.read_text()}") from None
                    time.sleep(0.1)
        except BaseException:
            self.stop()
            raise
        out = self.log_path.read_text()
        self.pins = dict(re.findall(r"^\s+(chair|secretary|door)\s+\S+\s+PIN (\d+)", out, re.M))
        self.office_pin = re.search(r"office PIN (\d+)", out).group(1)
        return self

    def stop(self) -> None:
        stop_process(self.proc, *([self.log_file] if self.proc else []))
