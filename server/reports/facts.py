"""What happened at a meeting, as the documents tell it: read from the meeting's state, pure.

Every document after the meeting (the minutes, the conclusion notice, the results report, the
register, the timeline, the statistics page, the public results) is made from ``facts(meeting)``,
so they all say the same thing: the same counts, the same order of speakers, the same outcomes.
Times are the wall-clock timestamps of the record; ``local`` turns them into the hall's local time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.collation import sort_key
from ..domain.model import FOLLOWED_UP, Meeting, Opinion, Speaker, Stage
from ..domain.projection import attendance


def local(ts: float | None) -> datetime | None:
    """A record's timestamp as the hall's local date and time (the server's clock is the hall's)."""
    return None if ts is None else datetime.fromtimestamp(ts)


@dataclass
class Turn:
    """One speaking turn that took place: a citizen's, or an official's answer."""

    speaker: Speaker
    started_at: float
    ended_at: float | None
    spoken_seconds: float
    overrun_seconds: float  # beyond the turn's allowance, as the hall's timer showed it (0 if within it)
    opinions: list[Opinion] = field(default_factory=list)  # raised in this turn
    answers: list[Opinion] = field(default_factory=list)  # (an official's turn) the opinions it answers


@dataclass
class StageFacts:
    stage: Stage
    elapsed_seconds: float
    turns: list[Turn] = field(default_factory=list)


@dataclass
class XomAttendance:
    xom: str
    allocated: int | None  # the plan's allocation, if the office entered one
    invited: int  # on the invitation list
    present: int  # checked in at the door
    speakers: int
    spoken_seconds: float


@dataclass
class Facts:
    meeting: Meeting
    started_at: float | None
    ended_at: float | None
    stages: list[StageFacts]
    turns: list[Turn]  # every turn that took place, in the order spoken
    opinions: list[Opinion]  # in the order raised
    delegates_present: dict[str, list[Any]]  # by group, in table order (all of them if none is marked)
    attendance: list[XomAttendance]
    invited: int  # the plan's number (or the list's length if none was typed)
    present: int | None  # checked in, or None when nobody was checked in (check-in not used)
    by_category: Counter  # in Vietnamese order (so most_common() lists equal counts in that order)
    by_outcome: Counter  # outcome → count; None for those without an outcome yet
    by_kind: Counter
    without_outcome: list[Opinion]
    still_open: list[Opinion]  # assigned or forwarded and not closed, or without an outcome
    speaking_seconds_per_xom: dict[str, float]
    overruns: list[Turn]

    @property
    def citizen_turns(self) -> list[Turn]:
        return [t for t in self.turns if not t.speaker.official]

    @property
    def speakers(self) -> int:
        """Citizens who spoke (a citizen who spoke twice counts once)."""
        return len({(t.speaker.name, t.speaker.xom) for t in self.citizen_turns})


def citizen_of(meeting: Meeting, opinion: Opinion) -> tuple[str, str]:
    """Who raised an opinion and from which xóm: the speaking turn's, or the written form's."""
    speaker = meeting.speaker(opinion.speaker_id) if opinion.speaker_id is not None else None
    return (speaker.name, speaker.xom) if speaker else (opinion.citizen, opinion.xom)


def _stage_at(meeting: Meeting, ts: float) -> Stage | None:
    """The stage that was running at ``ts`` (the last one started before it, otherwise)."""
    best: tuple[float, Stage] | None = None
    for stage in meeting.stages:
        for start, end in stage.runs:
            if start is not None and start <= ts and (end is None or ts <= end):
                return stage
            if start is not None and start <= ts and (best is None or start > best[0]):
                best = (start, stage)
    return best[1] if best else None


def facts(meeting: Meeting, now: float | None = None) -> Facts:
    """Everything the documents say of ``meeting``, from its record (``now``: the time running
    stages are counted to; by default when it ended, or its last recorded moment)."""
    end = meeting.ended_at or now or _last_moment(meeting)
    raised_in: dict[int, list[Opinion]] = {}
    for o in meeting.opinions:
        if o.speaker_id is not None:
            raised_in.setdefault(o.speaker_id, []).append(o)
    turns = []
    for s in sorted((s for s in meeting.speakers if s.started_at is not None), key=lambda s: s.started_at or 0):
        spoken = meeting.timer.elapsed_at(end) if s.id == meeting.speaker_id else s.spoken_seconds
        allowed = _allowance(meeting, s)
        turns.append(
            Turn(
                speaker=s,
                started_at=s.started_at or 0.0,
                ended_at=s.ended_at,
                spoken_seconds=round(spoken, 1),
                overrun_seconds=round(max(0.0, spoken - allowed), 1),
                opinions=raised_in.get(s.id, []),
                answers=[a for i in s.answers if (a := meeting.opinion(i)) is not None],
            )
        )
    stages = [StageFacts(st, round(st.elapsed_at(end), 1)) for st in meeting.stages]
    by_stage = {sf.stage.id: sf for sf in stages}
    for turn in turns:
        stage = _stage_at(meeting, turn.started_at)
        if stage is not None:
            by_stage[stage.id].turns.append(turn)

    present_delegates = [d for d in meeting.delegates if d.present] or list(meeting.delegates)
    groups: dict[str, list[Any]] = {}
    for d in present_delegates:
        groups.setdefault(d.group, []).append(d)

    opinions = sorted(meeting.opinions, key=lambda o: (o.raised_at, o.id))
    per_xom_seconds: dict[str, float] = {}
    for t in turns:
        if not t.speaker.official:
            xom = t.speaker.xom or ""
            per_xom_seconds[xom] = per_xom_seconds.get(xom, 0) + t.spoken_seconds
    checked_in = sum(1 for c in meeting.citizens if c.present)
    return Facts(
        meeting=meeting,
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        stages=stages,
        turns=turns,
        opinions=opinions,
        delegates_present=groups,
        attendance=_attendance(meeting, turns),
        invited=meeting.invited_count or len(meeting.citizens),
        present=checked_in if checked_in else None,
        # most_common() keeps the insertion order among equal counts: the Vietnamese order
        by_category=Counter(sorted((o.category or "" for o in opinions), key=sort_key)),
        by_outcome=Counter(o.outcome for o in opinions),
        by_kind=Counter(o.kind for o in opinions),
        without_outcome=[o for o in opinions if o.outcome is None],
        still_open=[o for o in opinions if o.outcome is None or (o.outcome in FOLLOWED_UP and o.closed_at is None)],
        speaking_seconds_per_xom=dict(per_xom_seconds),
        overruns=[t for t in turns if t.overrun_seconds > 0],
    )


def _allowance(meeting: Meeting, s: Speaker) -> float:
    """The time a turn was allowed: what its timer counted down from when it ended (the chair's
    ± minutes included), the running timer's for the current turn, the requested time for a turn
    recorded before the allowance was kept. A speaker cut to two minutes who spoke 2:25 ran 25 s
    over, as the projector showed in red, even though three were requested."""
    if s.id == meeting.speaker_id:
        return meeting.timer.duration
    return s.requested_seconds if s.allowed_seconds is None else s.allowed_seconds


def _attendance(meeting: Meeting, turns: list[Turn]) -> list[XomAttendance]:
    """Per xóm, as every screen counts it (``projection.attendance``: the allocation's order, then
    the list's), with who of it spoke and for how long."""
    rows = {x["xom"].casefold(): x for x in attendance(meeting)["per_xom"]}
    spoke: dict[str, set] = {}
    seconds: dict[str, float] = {}
    for t in turns:
        if not t.speaker.official and t.speaker.xom:
            k = t.speaker.xom.casefold()
            rows.setdefault(k, {"xom": t.speaker.xom, "allocated": None, "invited": 0, "present": 0})
            spoke.setdefault(k, set()).add(t.speaker.name)
            seconds[k] = seconds.get(k, 0) + t.spoken_seconds
    return [
        XomAttendance(x["xom"], x["allocated"], x["invited"], x["present"], len(spoke.get(k, ())), seconds.get(k, 0))
        for k, x in rows.items()
    ]


def _last_moment(meeting: Meeting) -> float:
    moments = [meeting.started_at or 0.0]
    moments += [s.ended_at or s.started_at or 0.0 for s in meeting.speakers]
    moments += [end or start or 0.0 for st in meeting.stages for start, end in st.runs]
    return max(moments)
