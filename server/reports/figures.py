"""The figures after the meeting, from its facts: the statistics of one meeting, those across
meetings, and what the public results page shows. Pure: no Flask, no SQL."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..domain.model import FOLLOWED_UP, Meeting
from . import minutes, vn
from .facts import citizen_of, facts


def statistics(meeting: Meeting) -> dict[str, Any]:
    """The figures of the meeting's results report, for charts and tables on screen."""
    f = facts(meeting)
    return {
        "started_at": f.started_at,
        "ended_at": f.ended_at,
        "invited": f.invited,
        "present": f.present,
        "speakers": f.speakers,
        "opinions": len(f.opinions),
        "by_category": dict(f.by_category.most_common()),
        "by_outcome": {str(k): v for k, v in f.by_outcome.items()},
        "by_kind": dict(f.by_kind),
        "attendance": [vars(x) for x in f.attendance],
        "turns": [
            {
                "name": t.speaker.name,
                "xom": t.speaker.xom,
                "official": t.speaker.official,
                "started_at": t.started_at,
                "spoken_seconds": t.spoken_seconds,
                "requested_seconds": t.speaker.requested_seconds,
                "overrun_seconds": t.overrun_seconds,
            }
            for t in f.turns
        ],
        "stages": [
            {"title": s.stage.title, "planned_minutes": s.stage.planned_minutes, "elapsed_seconds": s.elapsed_seconds}
            for s in f.stages
        ],
        "still_open": len(f.still_open),
        "without_outcome": len(f.without_outcome),
        "published_at": meeting.published_at,
    }


def across(meetings: list[Meeting], today: str) -> dict[str, Any]:
    """Across meetings: the opinions still open by unit, the overdue ones, and the categories
    raised at more than one meeting (repeated topics)."""
    open_by_unit: Counter = Counter()
    overdue = []
    meetings_by_category: dict[str, set[int]] = {}
    for meeting in meetings:
        for o in meeting.opinions:
            meetings_by_category.setdefault(o.category or "", set()).add(meeting.id)
            if o.outcome in FOLLOWED_UP and o.closed_at is None:
                open_by_unit[o.unit or o.forwarded_to or ""] += 1
                if o.deadline and o.deadline < today:
                    name, xom = citizen_of(meeting, o)
                    overdue.append(
                        {
                            "meeting_id": meeting.id,
                            "meeting": meeting.title,
                            "summary": o.summary,
                            "citizen": name,
                            "xom": xom,
                            "unit": o.unit or o.forwarded_to,
                            "deadline": o.deadline,
                        }
                    )
    repeated = {c: len(ids) for c, ids in meetings_by_category.items() if c and len(ids) > 1}
    return {
        "open_by_unit": dict(open_by_unit.most_common()),
        "overdue": sorted(overdue, key=lambda o: o["deadline"]),
        "repeated": dict(sorted(repeated.items(), key=lambda kv: -kv[1])),
    }


def public_results(meeting: Meeting | None) -> dict[str, Any] | None:
    """What the public results page shows of the meeting, once published (else None): each
    opinion's citizen (unless the names are hidden) and xóm, summary, outcome and what was decided;
    nothing private."""
    if meeting is None or meeting.published_at is None or meeting.status == "deleted":
        return None
    f = facts(meeting)
    hide = meeting.paperwork.hide_names
    items = []
    for o in f.opinions:
        name, xom = citizen_of(meeting, o)
        reply = None
        if o.reply_date or o.reply_summary:  # the written reply, as the follow-up records it
            reply = {"date": vn.ddmmyyyy(o.reply_date), "summary": o.reply_summary, "ref": o.reply_ref}
        items.append(
            {
                "who": "" if hide else name,
                "xom": xom,
                "summary": o.summary,
                "outcome": vn.OUTCOME.get(o.outcome, ""),
                "detail": minutes.outcome_text(f, o),
                "status": _followup_status(o),
                "closed": o.closed_at is not None,
                "reply": reply,
            }
        )
    return {"meeting": meeting, "facts": f, "items": items, "vn": vn}


def _followup_status(o: Any) -> str:
    """Where an assigned or forwarded opinion stands, as the follow-up records it ("" otherwise)."""
    if o.outcome not in FOLLOWED_UP:
        return ""
    if o.closed_at is not None:
        return "Đã giải quyết xong"
    return "Đã có văn bản trả lời" if o.reply_date else "Đang giải quyết"
