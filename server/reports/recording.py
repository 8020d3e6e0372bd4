"""For the commune radio: the meeting's speaking turns as marks on its own recording.

The radio records the meeting and then cuts and captions it. From the moment an operator marked as
the start of the recording (``recording.mark``), every turn that took place becomes one entry, in
the order spoken, its times in seconds from that mark:

- ``labels.txt``: Audacity's label track (File › Import › Labels…): one line per turn, ``start``,
  tab, ``end``, tab, ``speaker — xóm — topic`` (an official: name — title), times in seconds with
  six decimals as Audacity writes them, UTF-8;
- ``chapters.vtt``: WebVTT chapters (``<track kind="chapters">``, and the chapter lists of video
  editors and players): one cue per turn, numbered, ``hh:mm:ss.ttt --> hh:mm:ss.ttt`` and the same
  words, with ``&``, ``<`` and ``>`` escaped as the format asks.

A turn over before the mark is not on the recording and is left out; one that began before it
starts at 0. A turn still running ends where its spoken time does.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.model import Meeting
from .facts import facts


class NoMark(Exception):
    """Nobody has marked when the recording started."""


@dataclass(frozen=True)
class Entry:
    start: float  # seconds from the mark
    end: float
    label: str


def _words(*parts: str) -> str:
    """The non-empty parts joined by " — ", on one line (no tab either: it separates the columns)."""
    return " — ".join(" ".join(p.split()) for p in parts if p and p.strip())


def entries(meeting: Meeting) -> list[Entry]:
    """One entry per turn on the recording, in the order spoken. Raises ``NoMark``."""
    mark = meeting.recording_started_at
    if mark is None:
        raise NoMark
    out = []
    for turn in facts(meeting).turns:
        s = turn.speaker
        end = turn.ended_at if turn.ended_at is not None else turn.started_at + turn.spoken_seconds
        if end <= mark:
            continue
        label = _words(s.name, s.topic) if s.official else _words(s.name, s.xom, s.topic)
        out.append(Entry(max(0.0, turn.started_at - mark), end - mark, label))
    return out


def label_track(meeting: Meeting) -> bytes:
    """Audacity's label track of the recording (see the module). Raises ``NoMark``."""
    lines = [f"{e.start:.6f}\t{e.end:.6f}\t{e.label}\n" for e in entries(meeting)]
    return "".join(lines).encode("utf-8")


def _timestamp(seconds: float) -> str:
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _cue_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chapters_vtt(meeting: Meeting) -> bytes:
    """WebVTT chapters of the recording, one cue per turn (see the module). Raises ``NoMark``."""
    out = ["WEBVTT\n"]
    for n, e in enumerate(entries(meeting), 1):
        end = max(e.end, e.start + 0.001)  # a cue ends after it starts
        out.append(f"\n{n}\n{_timestamp(e.start)} --> {_timestamp(end)}\n{_cue_text(e.label)}\n")
    return "".join(out).encode("utf-8")
