"""Opinions and petitions: recorded while spoken, answered or assigned, given an outcome,
followed up after the meeting until the written reply. Registered in the same command
registry as the live core, so they go through the same pipeline and log."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from pydantic import Field

from .errors import CommandError, Problem, refuse
from .fields import (
    AnsweredByTextOrEmpty,
    AnswererTextOrEmpty,
    AnswerTextOrEmpty,
    CategoryText,
    CitizenTextOrEmpty,
    ForwardedToTextOrEmpty,
    FullTextOrEmpty,
    PriorBodyTextOrEmpty,
    PriorRefTextOrEmpty,
    ReplyRefTextOrEmpty,
    ReplySummaryText,
    SummaryText,
    UnitTextOrEmpty,
    XomTextOrEmpty,
)
from .model import ASSIGNED, CURRENT, DECLINED, DONE, FOLLOWED_UP, Kind, Level, Meeting, Opinion, Outcome, Speaker
from .payloads import Payload
from .registry import CHAIR, OFFICE, SECRETARY, Empty, Expected, changes_sent, command, unchanged
from .turns import close_turn, make_current
from .workdays import add_working_days

LooseDate = Field(default=None, strict=False)  # JSON has no dates: accept "2023-05-25"

# Which payload fields each outcome needs (all required) and may carry.
OUTCOME_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "answered": (("answer", "answered_by"), ()),
    "assigned": (("unit",), ("working_days",)),
    "forwarded": (("forwarded_to",), ()),
    "declined": (("prior_ref", "prior_date", "prior_body"), ()),
    "noted": ((), ()),
}
_OUTCOME_DETAIL = (
    "answer",
    "answered_by",
    "unit",
    "working_days",
    "forwarded_to",
    "prior_ref",
    "prior_date",
    "prior_body",
)


def _opinion(state: Meeting, opinion_id: int, field: str = "opinion_id") -> Opinion:
    opinion = state.opinion(opinion_id)
    if opinion is None:
        raise refuse("no_such_opinion", field)
    return opinion


def _open(opinion: Opinion) -> Opinion:
    if opinion.closed_at is not None:
        raise refuse("already_closed", "opinion_id")
    return opinion


def _check_category(state: Meeting, category: str) -> None:
    if category not in state.settings.categories:
        raise refuse("unknown_category", "category")


# "Đ/c", "đ/c.", "Đồng chí" typed before a name: the documents put the title themselves.
_TITLE = re.compile(r"^\s*(?:đ\s*/\s*c|đồng\s+chí)\.?\s+", re.IGNORECASE)


def without_title(name: str) -> str:
    """``name`` without a leading "Đ/c" or "Đồng chí" (the minutes add it: never "Đ/c Đ/c …")."""
    return _TITLE.sub("", unicodedata.normalize("NFC", name), count=1)


def _answerer(state: Meeting, delegate_id: int | None, answerer: str) -> tuple[str, int | None]:
    """Who answers: a delegate at the table (name – title) or a unit or person typed in (without a
    title typed before it: the documents add "Đ/c" themselves)."""
    answerer = without_title(answerer)
    if delegate_id is not None:
        delegate = state.delegate(delegate_id)
        if delegate is None:
            raise refuse("no_such_delegate", "delegate_id")
        return answerer or f"{delegate.name} – {delegate.title}", delegate_id
    if not answerer:
        raise refuse("answerer_required", "answerer")
    return answerer, None


# ---------------------------------------------------------------- recording


class OpinionAdd(Payload):
    summary: SummaryText
    text: FullTextOrEmpty = ""
    kind: Kind = "kien_nghi"
    category: CategoryText
    level: Level = "xa"
    unit: UnitTextOrEmpty = ""
    speaker_id: int | None = Field(description="the speaking turn; null for a written opinion (phiếu ý kiến)")
    citizen: CitizenTextOrEmpty = ""
    xom: XomTextOrEmpty = ""


class OpinionUpdate(Payload):
    opinion_id: int
    summary: SummaryText | None = None
    text: FullTextOrEmpty | None = None
    kind: Kind | None = None
    category: CategoryText | None = None
    level: Level | None = None
    unit: UnitTextOrEmpty | None = None
    citizen: CitizenTextOrEmpty | None = None
    xom: XomTextOrEmpty | None = None
    expected: dict[str, Any] = Expected()


@command("opinion.add", {SECRETARY}, OpinionAdd)
def opinion_add(state: Meeting, p: OpinionAdd, now: float) -> None:
    """Record an opinion or petition, linked to a citizen's speaking turn (at the microphone or
    finished), or without a turn for a written one, with who handed it in."""
    _check_category(state, p.category)
    if p.speaker_id is not None:
        speaker = state.speaker(p.speaker_id)
        if speaker is None:
            raise refuse("no_such_speaker", "speaker_id")
        if speaker.official:
            raise refuse("not_a_citizen_turn", "speaker_id")
        if speaker.status not in (CURRENT, DONE):
            raise refuse("speaker_status", "speaker_id", status=speaker.status)
        if p.citizen or p.xom:
            raise refuse("not_for_turn", "citizen" if p.citizen else "xom")
    state.opinions.append(
        Opinion(
            id=state.new_id(),
            summary=p.summary,
            text=p.text,
            kind=p.kind,
            category=p.category,
            level=p.level,
            unit=p.unit,
            speaker_id=p.speaker_id,
            citizen=p.citizen,
            xom=p.xom,
            raised_at=now,
        )
    )


@command("opinion.update", {SECRETARY}, OpinionUpdate)
def opinion_update(state: Meeting, p: OpinionUpdate, now: float) -> None:
    """Correct what was recorded; only the fields sent change."""
    opinion = _open(_opinion(state, p.opinion_id))
    changes = changes_sent(p, "opinion_id", "expected")
    unchanged(p.expected, changes, lambda key: getattr(opinion, key))
    if "category" in changes:
        _check_category(state, changes["category"])
    if opinion.speaker_id is not None and (changes.get("citizen") or changes.get("xom")):
        raise refuse("not_for_turn", "citizen" if changes.get("citizen") else "xom")
    for key, value in changes.items():
        setattr(opinion, key, value)


# ---------------------------------------------------------------- answering at the meeting


class OpinionAssign(Payload):
    opinion_id: int
    delegate_id: int | None = None
    answerer: AnswererTextOrEmpty = ""


class AnswerCall(Payload):
    opinion_ids: list[int] = Field(min_length=1, max_length=20)
    delegate_id: int | None = None
    answerer: AnswererTextOrEmpty = ""
    expected_speaker_id: int | None
    requested_minutes: int | None = Field(default=None, ge=1, le=30)


@command("opinion.assign", {CHAIR}, OpinionAssign)
def opinion_assign(state: Meeting, p: OpinionAssign, now: float) -> None:
    """Assign who answers an opinion (a delegate at the table, or a unit or person by name); the
    hall sees the opinion and who is answering."""
    opinion = _open(_opinion(state, p.opinion_id))
    opinion.answerer, opinion.answerer_delegate_id = _answerer(state, p.delegate_id, p.answerer)
    state.focus_opinion_id = opinion.id


@command("opinion.focus_clear", {CHAIR}, Empty)
def opinion_focus_clear(state: Meeting, p: Empty, now: float) -> None:
    """Take the opinion being answered off the projector."""
    if state.focus_opinion_id is None:
        raise refuse("no_focus")
    state.focus_opinion_id = None


@command("answer.call", {CHAIR}, AnswerCall)
def answer_call(state: Meeting, p: AnswerCall, now: float) -> None:
    """Give the floor to an official to answer one or more opinions: closes the current turn and
    makes the answer a speaking turn of its own (with the timer), linked to those opinions, whose
    answerer becomes the official named here (an earlier ``opinion.assign`` is replaced)."""
    if p.expected_speaker_id != state.speaker_id:
        raise refuse("stale_speaker", "expected_speaker_id")
    if len(set(p.opinion_ids)) != len(p.opinion_ids):
        raise refuse("duplicate_opinion", "opinion_ids")
    opinions = [_opinion(state, oid, "opinion_ids") for oid in p.opinion_ids]
    name, delegate_id = _answerer(state, p.delegate_id, p.answerer)
    delegate = state.delegate(delegate_id) if delegate_id is not None else None
    minutes = p.requested_minutes
    turn = Speaker(
        id=state.new_id(),
        name=delegate.name if delegate and not p.answerer else name,  # a name typed is who the hall sees
        xom="",
        topic=delegate.title if delegate else "",
        requested_seconds=minutes * 60 if minutes else state.settings.default_speech_seconds,
        official=True,
        answers=list(p.opinion_ids),
        registered_at=now,
    )
    close_turn(state, now)
    state.speakers.append(turn)
    make_current(state, turn)
    for opinion in opinions:  # who answers now is who is at the microphone: the focus says the same
        opinion.answerer, opinion.answerer_delegate_id = name, delegate_id
    state.focus_opinion_id = p.opinion_ids[0]


# ---------------------------------------------------------------- outcomes


class OpinionOutcome(Payload):
    opinion_id: int
    outcome: Outcome
    answer: AnswerTextOrEmpty | None = None
    answered_by: AnsweredByTextOrEmpty | None = None
    unit: UnitTextOrEmpty | None = None
    working_days: int | None = Field(default=None, ge=1, le=90)
    forwarded_to: ForwardedToTextOrEmpty | None = None
    prior_ref: PriorRefTextOrEmpty | None = None
    prior_date: date | None = LooseDate
    prior_body: PriorBodyTextOrEmpty | None = None
    expected_outcome_at: float | None = Field(
        default=None,
        description="the opinion's outcome_at when the sender's form was opened (null: no outcome yet); if "
        "another screen recorded an outcome since, refused with changed_meanwhile",
    )


@command("opinion.outcome", {SECRETARY, CHAIR}, OpinionOutcome)
def opinion_outcome(state: Meeting, p: OpinionOutcome, now: float) -> None:
    """Record how the opinion ends at the meeting: answered (answer, by whom), assigned to a unit
    with a deadline in working days, forwarded to a higher level, declined as already resolved
    (the earlier decision's number, date and body), or noted. Replaces an earlier outcome until the
    opinion is closed."""
    opinion = _open(_opinion(state, p.opinion_id))
    if "expected_outcome_at" in p.model_fields_set and p.expected_outcome_at != opinion.outcome_at:
        raise refuse("changed_meanwhile", "outcome")
    needed, optional = OUTCOME_FIELDS[p.outcome]
    sent = {k: v for k, v in p.model_dump(include=set(_OUTCOME_DETAIL)).items() if v not in (None, "")}
    if p.outcome == ASSIGNED and "unit" not in sent and opinion.unit:
        sent["unit"] = opinion.unit  # the unit recorded with the opinion
    problems = [Problem("required", f) for f in needed if f not in sent]
    problems += [Problem("not_for_outcome", f) for f in sent if f not in needed + optional]
    if problems:
        raise CommandError(*problems)
    if p.outcome == DECLINED and p.prior_date and p.prior_date.isoformat() > state.meeting_date():
        raise refuse("prior_after_meeting", "prior_date")

    for field in ("answer", "answered_by", "forwarded_to", "prior_ref", "prior_body"):
        setattr(opinion, field, sent.get(field, ""))
    opinion.prior_date = p.prior_date.isoformat() if p.outcome == DECLINED and p.prior_date else None
    if p.outcome == ASSIGNED:
        days = sent.get("working_days", state.settings.deadline_working_days)
        opinion.unit = sent["unit"]
        opinion.deadline_days = days
        opinion.deadline = add_working_days(date.fromisoformat(state.meeting_date()), days).isoformat()
    else:
        opinion.deadline_days = opinion.deadline = None
    opinion.outcome = p.outcome
    opinion.outcome_at = now


# ---------------------------------------------------------------- after the meeting


class OpinionReply(Payload):
    opinion_id: int
    reply_date: date = Field(strict=False)
    reply_summary: ReplySummaryText
    reply_ref: ReplyRefTextOrEmpty = ""
    citizen_accepted: bool | None = None
    close: bool = False


@command("opinion.reply", {SECRETARY, OFFICE}, OpinionReply)
def opinion_reply(state: Meeting, p: OpinionReply, now: float) -> None:
    """Record the written reply to an assigned or forwarded opinion (date, summary, document
    reference, whether the citizen accepted it), and close it when the matter is settled."""
    opinion = _open(_opinion(state, p.opinion_id))
    if opinion.outcome not in FOLLOWED_UP:
        raise refuse("not_followed_up", "opinion_id")
    if p.reply_date.isoformat() < state.meeting_date():  # the date it was held, once started
        raise refuse("reply_before_meeting", "reply_date")
    if p.reply_date > date.fromtimestamp(now):  # a reply not written yet: a typing mistake
        raise refuse("reply_in_future", "reply_date")
    opinion.reply_date = p.reply_date.isoformat()
    opinion.reply_summary = p.reply_summary
    opinion.reply_ref = p.reply_ref
    opinion.citizen_accepted = p.citizen_accepted
    if p.close:
        opinion.closed_at = now
