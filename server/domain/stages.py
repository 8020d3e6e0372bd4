"""The agenda: moving from stage to stage (the procedure has six), and editing it before and
during the meeting. Each stage records every interval in which it ran, so going back and forth
loses no recorded time, and a stage that ran is never removed."""

from __future__ import annotations

from pydantic import Field

from .errors import refuse
from .fields import StageTitleText
from .model import Meeting, Stage
from .payloads import Payload
from .registry import CHAIR, OFFICE, SECRETARY, changes_sent, command

AGENDA_EDITORS = {OFFICE, SECRETARY}  # the office prepares the agenda, the secretary keeps it up to date


class StageStep(Payload):
    expected_stage_id: int | None = Field(description="the stage the sender's screen shows (null before the start)")


class StageGoto(Payload):
    stage_id: int


def _enter_stage(state: Meeting, index: int, now: float) -> None:
    """Close the current stage's run and start one of the stage at ``index``."""
    if state.ended_at is not None:
        raise refuse("meeting_ended")
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


# ---------------------------------------------------------------- editing the agenda


class StageAdd(Payload):
    title: StageTitleText
    planned_minutes: int = Field(ge=1, le=600)
    before_id: int | None = Field(default=None, description="the stage to insert before; null for the end")


class StageUpdate(Payload):
    stage_id: int
    title: StageTitleText | None = None
    planned_minutes: int | None = Field(default=None, ge=1, le=600)


class StageMove(Payload):
    stage_id: int
    before_id: int | None = Field(description="the stage to move in front of; null for the end")


class StageRef(Payload):
    stage_id: int


def _stage(state: Meeting, stage_id: int, field: str = "stage_id") -> Stage:
    stage = state.stages.get(stage_id)
    if stage is None:
        raise refuse("no_such_stage", field)
    return stage


@command("stage.add", AGENDA_EDITORS, StageAdd)
def stage_add(state: Meeting, p: StageAdd, now: float) -> None:
    """Add a stage to the agenda, before a given one or at the end."""
    stage = Stage(id=state.new_id(), title=p.title, planned_minutes=p.planned_minutes)
    if p.before_id is None:
        state.stages.append(stage)
    else:
        state.stages.insert(state.stages.position(_stage(state, p.before_id, "before_id")), stage)


@command("stage.update", AGENDA_EDITORS, StageUpdate)
def stage_update(state: Meeting, p: StageUpdate, now: float) -> None:
    """Rename a stage or change its planned minutes (a stage that ran keeps its recorded times; the
    estimated end follows). Only the fields sent change."""
    stage = _stage(state, p.stage_id)
    for key, value in changes_sent(p, "stage_id").items():
        setattr(stage, key, value)


@command("stage.move", AGENDA_EDITORS, StageMove)
def stage_move(state: Meeting, p: StageMove, now: float) -> None:
    """Reorder the agenda: put a stage in front of another, or at the end."""
    stage = _stage(state, p.stage_id)
    if p.before_id == p.stage_id:
        raise refuse("move_onto_itself", "before_id")
    before = None if p.before_id is None else _stage(state, p.before_id, "before_id")
    state.stages.move(stage, before)


@command("stage.remove", AGENDA_EDITORS, StageRef)
def stage_remove(state: Meeting, p: StageRef, now: float) -> None:
    """Take a stage off the agenda. Not one that has run (its time is part of the record), and not
    the last one: an agenda needs a stage."""
    stage = _stage(state, p.stage_id)
    if stage.runs or stage.id == state.stage_id:
        raise refuse("stage_ran", "stage_id")
    if len(state.stages) == 1:
        raise refuse("agenda_needs_a_stage", "stage_id")
    state.stages.remove(stage)
