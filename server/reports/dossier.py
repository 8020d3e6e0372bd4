"""The archive dossier of a meeting (hồ sơ lưu trữ): one .zip with the documents made after it and a
manifest that lets anyone check, later, that none of them changed.

``manifest.json`` lists every file with its size and SHA-256, the meeting's title, date and hamlet,
and when the dossier was made. Every zip entry has the same fixed date (the day the meeting was held,
``Meeting.meeting_date``, at midnight) and attributes, and the files are stored in Vietnamese name
order (``domain.collation.sort_key``: "dự-thảo" before "đơn" before "e"), so the same files give the same
zip apart from the manifest's ``made_at``. ``verify_dossier`` reads a dossier back and lists what
does not match. The hashes detect damage and changes; they do not say who made the file (anyone can
rebuild a manifest), which is what the signed paper originals are for.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..domain.collation import sort_key
from ..domain.model import Meeting
from .facts import local

MANIFEST = "manifest.json"
FORMAT = "hoi-nghi-doi-thoai/dossier"
FORMAT_VERSION = 1
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def _entry_date(meeting: Meeting) -> tuple[int, int, int, int, int, int]:
    """The fixed date of every entry: the day the meeting was held (the planned day before it
    starts), or 1980-01-01 if it has none."""
    try:
        day = date.fromisoformat(meeting.meeting_date())
    except ValueError:
        return _EPOCH
    return (day.year, day.month, day.day, 0, 0, 0) if day.year >= 1980 else _EPOCH


def _in_order(names: Iterable[str]) -> list[str]:
    """File names in Vietnamese order, the code points breaking a tie (so the order is total)."""
    return sorted(names, key=lambda name: (sort_key(name), name))


def _check_name(name: str) -> None:
    """A file's name in the dossier: relative, forward slashes, no "..", not the manifest's."""
    parts = name.split("/")
    if (
        not name
        or name == MANIFEST
        or name.startswith("/")
        or "\\" in name
        or any(p in ("", ".", "..") for p in parts)
        or ":" in parts[0]
    ):
        raise ValueError(f"not a file name for the dossier: {name!r}")


def _entry(name: str, when: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # the same on every system (else 0 on Windows, 3 elsewhere)
    info.external_attr = 0o644 << 16
    return info


def manifest(files: dict[str, bytes], meeting: Meeting, made_at: float) -> dict[str, Any]:
    """What ``manifest.json`` says: the meeting, when the dossier was made, every file's size and hash."""
    made = local(made_at)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "meeting": {
            "title": meeting.title,
            "date": meeting.meeting_date(),
            "hamlet": meeting.hamlet,
            "place": meeting.place,
        },
        "made_at": made.isoformat(timespec="seconds") if made else None,
        "files": [
            {"name": name, "size": len(files[name]), "sha256": hashlib.sha256(files[name]).hexdigest()}
            for name in _in_order(files)
        ],
    }


def dossier_zip(files: dict[str, bytes], meeting: Meeting, made_at: float | None = None) -> bytes:
    """The dossier of ``meeting``: the given ``files`` (name → bytes: the finalised documents, the
    register, the timeline, the log as JSON…), in name order, and ``manifest.json`` first.
    ``made_at`` (a timestamp; by default now) is the only thing that differs between two dossiers
    of the same files. Raises ValueError for a name that is not a plain relative path."""
    for name in files:
        _check_name(name)
    when = _entry_date(meeting)
    listed = manifest(files, meeting, time.time() if made_at is None else made_at)
    text = json.dumps(listed, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(_entry(MANIFEST, when), text.encode("utf-8"), compresslevel=9)
        for name in _in_order(files):
            zf.writestr(_entry(name, when), files[name], compresslevel=9)
    return out.getvalue()


def verify_dossier(data: bytes) -> list[str]:
    """The problems found in a dossier, one sentence each (English, for the log and the office);
    empty when it is a zip whose manifest lists exactly its files and every size and SHA-256 matches."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return ["not a zip file"]
    with zf:
        names = zf.namelist()
        if MANIFEST not in names:
            return [f"no {MANIFEST}"]
        try:
            listed = json.loads(zf.read(MANIFEST).decode("utf-8"))
            entries = {f["name"]: f for f in listed["files"]}
        except Exception:  # damaged in any way: the manifest cannot be trusted
            return [f"{MANIFEST} cannot be read"]
        problems = []
        for name in _in_order(entries):
            if name not in names:
                problems.append(f"{name}: listed in the manifest but missing")
                continue
            try:
                content = zf.read(name)
            except Exception:  # a damaged entry: bad CRC, broken deflate stream, truncated file
                problems.append(f"{name}: damaged, cannot be read")
                continue
            if len(content) != entries[name].get("size"):
                problems.append(f"{name}: size differs from the manifest")
            if hashlib.sha256(content).hexdigest() != entries[name].get("sha256"):
                problems.append(f"{name}: SHA-256 differs from the manifest")
        problems += [f"{n}: not listed in the manifest" for n in names if n != MANIFEST and n not in entries]
        if len(names) != len(set(names)):
            problems.append("a file appears twice in the zip")
        return problems
