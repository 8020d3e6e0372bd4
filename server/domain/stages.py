"""The agenda: moving from stage to stage (the procedure has six). Each stage records every
interval in which it ran, so going back and forth loses no recorded time."""

from __future__ import annotations

from pydantic import Field

from .errors import refuse
from .model import Meeting
from .payloads import Payload
from .registry import CHAIR, command


class StageStep(Payload):
    expected_stage_id: int | None = Field(description="the stage the sender's screen shows (null before the start)")


class StageGoto(Payload):
    stage_id: int


def _enter_stage(state: Meeting, index: int, now: float) -> None:
    """Close the current stage's run and start one of the stage at ``index``."""
    current = state.stages.get(state.stage_id)
    if current is not None and current.runs and current.runs[-1][1] is None:
        current.runs = [*current.runs[:-1], [current.runs[-1][0], now]]
    target = state.stages[index]
    target.runs = [*target.runs, [now, None]]
    state.stage_id = target.id
    state.stage_started_at = now
    if state.started_at is None:
        state.started_at = now


@command("stage.next", {CHAIR}, StageStep)
def stage_next(state: Meeting, p: StageStep, now: float) -> None:
    """Move to the next stage of the agenda (the first one starts the meeting clock)."""
    if p.expected_stage_id != state.stage_id:
        raise refuse("stale_stage", "expected_stage_id")
    index = state.stage_index()
    target = 0 if index is None else index + 1
    if target >= len(state.stages):
        raise refuse("last_stage")
    _enter_stage(state, target, now)


@command("stage.previous", {CHAIR}, StageStep)
def stage_previous(state: Meeting, p: StageStep, now: float) -> None:
    """Go back to the previous stage; the time it ran before is kept, and it runs again."""
    if p.expected_stage_id != state.stage_id:
        raise refuse("stale_stage", "expected_stage_id")
    index = state.stage_index()
    if not index:
        raise refuse("first_stage")
    _enter_stage(state, index - 1, now)


@command("stage.goto", {CHAIR}, StageGoto)
def stage_goto(state: Meeting, p: StageGoto, now: float) -> None:
    """Jump to any stage. Going to the current stage changes nothing (a repeated tap is harmless)."""
    index = next((i for i, s in enumerate(state.stages) if s.id == p.stage_id), None)
    if index is None:
        raise refuse("no_such_stage", "stage_id")
    if state.stage_id != p.stage_id:
        _enter_stage(state, index, now)
