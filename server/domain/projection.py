"""What each role is sent of a meeting's state.

The public projection (projector, citizens' phones) is built field by field from
an allow-list, so a private field added to the model later cannot leak by default.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .commands import CHAIR, PUBLIC, SECRETARY
from .model import QUEUED, Meeting, Speaker

_PUBLIC_SPEAKER_FIELDS = ("id", "name", "xom", "topic", "requested_seconds", "status", "walk_in", "official")
_CHAIR_SPEAKER_FIELDS = _PUBLIC_SPEAKER_FIELDS + (
    "note",
    "registered_at",
    "started_at",
    "ended_at",
    "spoken_seconds",
    "answers",
    "follows_opinion_id",
)


def _speaker(speaker: Speaker, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(speaker, f) for f in fields}


def _common(state: Meeting) -> dict[str, Any]:
    return {
        "id": state.id,
        "version": state.version,
        "title": state.title,
        "banner": list(state.banner),
        "organiser": state.organiser,
        "hamlet": state.hamlet,
        "place": state.place,
        "starts_at": state.starts_at,
        "is_demo": state.is_demo,
        "settings": asdict(state.settings),
        "stages": [asdict(s) for s in state.stages],
        "delegates": [asdict(d) for d in state.delegates],
        "stage_id": state.stage_id,
        "stage_started_at": state.stage_started_at,
        "started_at": state.started_at,
        "speaker_id": state.speaker_id,
        "timer": asdict(state.timer),
        "message": state.message,
        "focus": _focus(state),
    }


def _focus(state: Meeting) -> dict[str, Any] | None:
    """The opinion being answered, as the hall sees it: what was asked, by whom, who answers."""
    opinion = None if state.focus_opinion_id is None else state.opinion(state.focus_opinion_id)
    if opinion is None:
        return None
    speaker = state.speaker(opinion.speaker_id) if opinion.speaker_id is not None else None
    return {
        "opinion_id": opinion.id,
        "summary": opinion.summary,
        "citizen": speaker.name if speaker else opinion.citizen,
        "answerer": opinion.answerer,
    }


def project(state: Meeting, role: str) -> dict[str, Any]:
    """The snapshot of ``state`` that ``role`` may see."""
    view = _common(state)
    if role == SECRETARY:
        view["speakers"] = [asdict(s) for s in state.speakers]
        view["opinions"] = [asdict(o) for o in state.opinions]
    elif role == CHAIR:
        view["speakers"] = [_speaker(s, _CHAIR_SPEAKER_FIELDS) for s in state.speakers]
        view["opinions"] = [asdict(o) for o in state.opinions]
    elif role == PUBLIC:
        # Only who is speaking and who is waiting: not who withdrew or was skipped.
        view["speakers"] = [
            _speaker(s, _PUBLIC_SPEAKER_FIELDS)
            for s in state.speakers
            if s.status == QUEUED or s.id == state.speaker_id
        ]
    else:
        raise ValueError(f"unknown role {role!r}")
    view["role"] = role
    return view
