"""Backups of the database during a live meeting, and their restore.

``backup(store, directory)`` copies the database online with SQLite's backup API, from a read-only
connection of its own on the same file: the store's connection is never used, so commands keep
going. That connection holds one read transaction for the whole copy, which in WAL mode blocks no
writer and gives the copy one consistent moment (without it, every commit made meanwhile would make
SQLite start the copy again, for ever during a busy meeting). The pages are copied a few at a time
with a short pause between steps, so the disk and the event loop are never taken for long. The copy
is written as ``dialogue-YYYYMMDD-HHMMSS.db.part`` (local time), made a single self-contained file
(journal mode DELETE), checked (``PRAGMA integrity_check``: "ok"), synced to the disk, then renamed
``dialogue-YYYYMMDD-HHMMSS.db``: a name without ``.part`` is always a checked, complete copy. A copy
that fails the check is deleted and ``BackupError`` raised. The last ``KEEP`` backups are kept.

``restore(backup, database)`` puts a backup in place of the database, **with the server stopped**:
the old file (and its ``-wal``, which holds its latest commits) is moved aside as
``<database>.before-restore``, the stale ``-shm`` removed.

The server makes a backup at start and then every ``--backup-every`` minutes (``schedule``),
skipping one when nothing was written since; the office makes one on demand (``POST
/office/backup``) and lists them (``GET /office/backups``). The command line::

    python -m server.backup --db dialogue.db --to backups/          # make one now
    python -m server.backup --restore backups/dialogue-….db --db dialogue.db
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import re
import shlex
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app

from .access import caller
from .domain import OFFICE
from .domain.errors import Problem
from .i18n.refusals import error_ack

log = logging.getLogger(__name__)

KEEP = 20  # backups kept in the directory, the newest
PAGES = 256  # pages copied per step (1 MB at SQLite's default 4 KB page)
PAUSE = 0.005  # seconds between steps
STALE_PART = 3600  # seconds after which a ``.part`` left by a crash is removed
NAME = re.compile(r"^dialogue-(\d{8})-(\d{6})(?:-(\d+))?\.db$")


class BackupError(Exception):
    """A backup or a restore that could not be made; nothing was left half-done."""


# ---------------------------------------------------------------- making a backup


def default_directory(database: str | os.PathLike[str]) -> Path:
    """Where backups go unless told: a ``backups`` folder next to the database."""
    return Path(database).parent / "backups"


def backup(store: Any, directory: str | os.PathLike[str], keep: int = KEEP) -> Path:
    """Copy the database of ``store`` (a ``Store``, or the database's path) into ``directory`` as
    ``dialogue-YYYYMMDD-HHMMSS.db``, checked, and keep the last ``keep`` backups; return the copy.
    Blocking (seconds for a big file): run it off the event loop. Raises ``BackupError`` (or
    ``sqlite3.Error``, ``OSError``); a failed copy leaves no file behind."""
    source = _database_of(store)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    part, final = _claim(folder)
    try:
        _copy(source, part)
        problems = integrity_check(part)
        if problems != ["ok"]:
            raise BackupError(f"the copy of {source} failed its integrity check: {'; '.join(problems[:5])}")
        _sync(part)
        os.replace(part, final)
        _sync(folder)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    rotate(folder, keep)
    return final


def _database_of(store: Any) -> Path:
    """The file of a ``Store`` (asked of its connection, under its lock), or the path given."""
    if isinstance(store, (str, os.PathLike)):
        path = str(store)
    else:
        with store.lock:
            path = store.conn.execute("PRAGMA database_list").fetchone()[2]
    if not path or path == ":memory:":
        raise BackupError("an in-memory database has no file to back up")
    return Path(path)


def _claim(folder: Path) -> tuple[Path, Path]:
    """A new ``.part`` file and the name it will take: two backups in the same second (the schedule
    and the office's button) each get their own (``-1``, ``-2``…, above any of that second, even one
    rotated away since), created exclusively."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    same = (NAME.match(p.name.removesuffix(".part")) for p in folder.glob(f"dialogue-{stamp}*"))
    used = [int(m.group(3) or 0) for m in same if m]
    for n in itertools.count(max(used) + 1 if used else 0):
        final = folder / f"dialogue-{stamp}{f'-{n}' if n else ''}.db"
        part = final.with_name(final.name + ".part")
        if final.exists():
            continue
        try:
            os.close(os.open(part, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return part, final
    raise AssertionError("unreachable")


def _copy(source: Path, target: Path) -> None:
    """Copy ``source`` into the (empty) file ``target`` with the backup API, at one moment."""
    conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=10)
    try:
        # One read transaction for the whole copy: its snapshot is what is copied (see the module).
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        copy = sqlite3.connect(target, isolation_level=None)
        try:
            conn.backup(copy, pages=PAGES, progress=lambda status, remaining, total: _sleep(PAUSE))
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, without -wal and -shm
        finally:
            copy.close()
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def _sleep(seconds: float) -> None:
    """The operating system's sleep: the copy runs in a worker thread, where the green sleep that
    eventlet or gevent patch into ``time`` does not belong."""
    if "eventlet" in sys.modules:
        from eventlet.patcher import original

        original("time").sleep(seconds)
    elif "gevent.monkey" in sys.modules:
        from gevent.monkey import get_original

        get_original("time", "sleep")(seconds)
    else:
        time.sleep(seconds)


def integrity_check(path: str | os.PathLike[str]) -> list[str]:
    """``PRAGMA integrity_check`` of the file, read-only: ``["ok"]``, or what is wrong."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            return [row[0] for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:  # not a database at all
        return [str(exc)]


def _sync(path: Path) -> None:
    """Flush a file, or a directory's entries (a rename), to the disk (a directory: not on Windows,
    which cannot open one)."""
    if os.name == "nt" and path.is_dir():
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- the backups kept


def _order(path: Path) -> tuple[str, str, int]:
    found = NAME.match(path.name)
    assert found is not None
    return found.group(1), found.group(2), int(found.group(3) or 0)


def backups(directory: str | os.PathLike[str]) -> list[Path]:
    """The backups in ``directory``, newest first (by the time in their names)."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if NAME.match(p.name) and p.is_file()), key=_order, reverse=True)


def listing(directory: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Each backup's name, size and time (Unix, when it was written), newest first."""
    found = []
    for path in backups(directory):
        try:
            stat = path.stat()
        except FileNotFoundError:  # rotated away meanwhile
            continue
        found.append({"name": path.name, "bytes": stat.st_size, "at": stat.st_mtime})
    return found


def rotate(directory: str | os.PathLike[str], keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups (at least one is kept), and ``.part`` files that
    a crash left over an hour ago; return the backups deleted."""
    gone = backups(directory)[max(keep, 1) :]
    for path in gone:
        path.unlink(missing_ok=True)
    for part in Path(directory).glob("dialogue-*.db.part"):
        try:
            if time.time() - part.stat().st_mtime > STALE_PART:
                part.unlink()
        except FileNotFoundError:
            pass
    return gone


# ---------------------------------------------------------------- restoring


def restore(backup_path: str | os.PathLike[str], database_path: str | os.PathLike[str]) -> Path | None:
    """Put the backup in place of the database. **Only with the server stopped**: a running server
    keeps writing to the file it opened. The backup is checked first; the old database (and its
    ``-wal``, with its latest commits) is moved aside as ``<database>.before-restore`` (or
    ``.before-restore-<time>`` if that exists already), never deleted; its ``-shm`` is removed.
    Returns the file moved aside, or None if there was no database."""
    source, database = Path(backup_path), Path(database_path)
    if not source.is_file():
        raise BackupError(f"no such backup: {source}")
    problems = integrity_check(source)
    if problems != ["ok"]:
        raise BackupError(f"{source} failed its integrity check: {'; '.join(problems[:5])}")
    part = database.with_name(database.name + ".restore-part")
    try:  # first a copy next to the database: one that fails changes nothing
        shutil.copyfile(source, part)
        _sync(part)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    aside = None
    if database.exists():
        aside = database.with_name(database.name + ".before-restore")
        if aside.exists():
            aside = aside.with_name(f"{aside.name}-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(database, aside)
        for suffix in ("-wal", "-journal"):
            extra = Path(f"{database}{suffix}")
            if extra.exists():
                os.replace(extra, f"{aside}{suffix}")
    Path(f"{database}-shm").unlink(missing_ok=True)
    os.replace(part, database)
    _sync(database.parent)
    return aside


# ---------------------------------------------------------------- on a schedule (python -m server)


def _log_mark(database: str) -> tuple[int, int]:
    """What the log holds (its last seq and its rows): every change the server writes is logged."""
    conn = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        return tuple(conn.execute("select coalesce(max(seq), 0), count(*) from log").fetchone())
    finally:
        conn.close()


def _scheduled(database: str, directory: str, keep: int, mark: Any) -> tuple[Any, Path | None]:
    """One scheduled backup, unless the log is as it was at the last one (``mark``)."""
    now = _log_mark(database)
    if now == mark:
        return mark, None
    return now, backup(database, directory, keep)


def schedule(app: Flask, socketio: Any, minutes: float) -> None:
    """A background task that backs up the database at start and then every ``minutes`` (skipping a
    time when nothing was written since the last one), the copy itself off the event loop (the
    app's ``READ_OFFLOAD``). A failure is logged and the next time tried again: it never stops the
    server. ``minutes`` 0 disables it."""
    if not minutes or minutes <= 0:
        return
    offload: Callable[..., Any] = app.config.get("READ_OFFLOAD") or (lambda fn, *args: fn(*args))
    database, directory, keep = app.config["DATABASE"], str(directory_of(app)), app.config.get("BACKUP_KEEP", KEEP)

    def run() -> None:
        mark = None
        while True:
            try:
                mark, made = offload(_scheduled, database, directory, keep, mark)
                if made is not None:
                    log.info("backup %s", made)
            except Exception:
                log.exception("The scheduled backup into %s failed; trying again in %s minutes", directory, minutes)
            socketio.sleep(minutes * 60)

    socketio.start_background_task(run)


# ---------------------------------------------------------------- on demand (the office page)

bp = Blueprint("backups", __name__)


def directory_of(app: Flask) -> Path:
    """The app's backup directory: ``BACKUP_DIR``, else ``backups`` next to the database."""
    return Path(app.config.get("BACKUP_DIR") or default_directory(app.config["DATABASE"]))


@bp.post("/office/backup")
def backup_now():
    """A backup now, for the office: ``{"ok": true, "file", "bytes", "at"}``."""
    caller(None, {OFFICE})
    app = current_app
    offload = app.config.get("READ_OFFLOAD") or (lambda fn, *args: fn(*args))
    try:
        made = offload(backup, app.config["DATABASE"], str(directory_of(app)), app.config.get("BACKUP_KEEP", KEEP))
        stat = made.stat()
    except Exception:
        log.exception("The backup asked by the office failed")
        return error_ack(Problem("server_error")), 500
    return {"ok": True, "file": made.name, "bytes": stat.st_size, "at": stat.st_mtime}


@bp.get("/office/backups")
def backups_list():
    """The backups kept, newest first, where they are, how often they are made, and the command
    that restores the newest."""
    caller(None, {OFFICE})
    folder = directory_of(current_app)
    kept = listing(folder)
    newest = folder / (kept[0]["name"] if kept else "dialogue-YYYYMMDD-HHMMSS.db")
    database = shlex.quote(current_app.config["DATABASE"])
    command = f"python -m server.backup --restore {shlex.quote(str(newest))} --db {database}"
    return {
        "ok": True,
        "directory": str(folder),
        "every_minutes": current_app.config.get("BACKUP_EVERY", 0),
        "backups": kept,
        "restore": command,
    }


# ---------------------------------------------------------------- the command line


def main(argv: list[str] | None = None) -> int:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        prog="python -m server.backup",
        description="Back up the dialogue database (safe while the server runs), or restore a backup "
        "(with the server stopped).",
    )
    parser.add_argument("--db", default=env("DIALOGUE_DB", "dialogue.db"), help="the SQLite file [DIALOGUE_DB]")
    parser.add_argument(
        "--to", default=env("DIALOGUE_BACKUP_DIR") or None, help="backup directory (default: backups next to --db)"
    )
    parser.add_argument("--keep", type=int, default=KEEP, help=f"backups kept in that directory (default {KEEP})")
    parser.add_argument("--restore", metavar="BACKUP", help="put this backup in place of --db (server stopped!)")
    args = parser.parse_args(argv)
    if args.restore:
        try:
            aside = restore(args.restore, args.db)
        except (BackupError, sqlite3.Error, OSError) as exc:
            print(f"Restore of {args.restore} failed: {exc}", file=sys.stderr)
            return 1
        print(f"Restored {args.restore} as {args.db}.")
        if aside is not None:
            print(f"The previous database is kept as {aside}.")
        return 0
    try:
        made = backup(args.db, args.to or default_directory(args.db), args.keep)
    except (BackupError, sqlite3.Error, OSError) as exc:
        print(f"Backup of {args.db} failed: {exc}", file=sys.stderr)
        return 1
    print(f"Backup: {made} ({made.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
