"""What each role is sent of a meeting: a full snapshot on join, then a patch per command.

Both are built from the same allow-lists, field by field, so a private field added to the model
later cannot reach the projector or the phones by default. A patch is the role's projection of the
command's effect (``changes.py``): the meeting fields that changed, the entities that changed, and
the collection order when it changed.
"""

from __future__ import annotations

from typing import Any

from .changes import row, scalar
from .collation import sort_key
from .duties import deadline_of
from .model import QUEUED, Meeting, Opinion, Speaker
from .registry import CHAIR, DOOR, OFFICE, PUBLIC, SECRETARY

# The meeting's fields every role sees (``focus`` is derived: the opinion being answered).
COMMON_FIELDS = (
    "id",
    "version",
    "title",
    "banner",
    "organiser",
    "hamlet",
    "place",
    "starts_at",
    "is_demo",
    "settings",
    "stage_id",
    "stage_started_at",
    "started_at",
    "speaker_id",
    "timer",
    "message",
    "units",
    "chairs",
    "secretaries",
    "invited_count",
    "allocation",
    "status",
    "ended_at",
    "showing",
    "registration_open",
    "conclusion",
    "paperwork",
    "published_at",
)
# started_at (when the turn's timer first started) is public: the hall saw it, and the projector
# tells a paused turn from one not yet started by it.
_PUBLIC_SPEAKER_FIELDS = (
    "id",
    "name",
    "xom",
    "topic",
    "requested_seconds",
    "status",
    "walk_in",
    "official",
    "started_at",
)
_CHAIR_SPEAKER_FIELDS = _PUBLIC_SPEAKER_FIELDS + (
    "note",
    "registered_at",
    "ended_at",
    "spoken_seconds",
    "answers",
    "follows_opinion_id",
)
_SECRETARY_SPEAKER_FIELDS = _CHAIR_SPEAKER_FIELDS + ("phone",)
# The door team sees the speakers as the hall does (who speaks, who is next): it sends people to the
# microphone, not more.
_SPEAKER_FIELDS = {
    SECRETARY: _SECRETARY_SPEAKER_FIELDS,
    CHAIR: _CHAIR_SPEAKER_FIELDS,
    DOOR: _PUBLIC_SPEAKER_FIELDS,
    PUBLIC: _PUBLIC_SPEAKER_FIELDS,
}
_STAGE_FIELDS = ("id", "title", "planned_minutes", "runs")
_DELEGATE_FIELDS = ("id", "name", "title", "unit", "group", "present")
# Who sees the opinions (every field): not the public, which sees only the ``focus``.
_OPINION_ROLES = (CHAIR, SECRETARY)
# Who sees the invited citizens, and which fields: phone, identity number and note are private
# (the secretary's, and the office's, which reads the secretary's snapshot); the door team and the
# chair see who is invited and who came. The year of birth and gender tell two citizens of one name
# apart at the door, as a commune does, so the door team sees them; the chair has no use for them,
# and the hall (projector, phones) never sees a citizen at all.
_CITIZEN_FIELDS = {
    SECRETARY: (
        "id",
        "name",
        "xom",
        "year_of_birth",
        "gender",
        "phone",
        "id_number",
        "note",
        "present",
        "walk_in",
        "checked_in_at",
    ),
    CHAIR: ("id", "name", "xom", "present", "walk_in", "checked_in_at"),
    DOOR: ("id", "name", "xom", "year_of_birth", "gender", "present", "walk_in", "checked_in_at"),
}
# The requests to speak from phones: the secretary's to decide (the device hash stays on the server).
_REQUEST_FIELDS = ("id", "name", "xom", "topic", "text", "status", "reason", "speaker_id", "submitted_at", "decided_at")
# The preparation duties and the recording mark: the operators' (and the office's), never a public
# screen's or the door team's. Each duty carries its ``deadline``, derived from the meeting's date.
_DUTY_ROLES = (CHAIR, SECRETARY)
_OPERATOR_FIELDS = ("recording_started_at",)


def _duty(state: Meeting, item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "deadline": deadline_of(state.starts_at[:10], item["days_before"])}


def _pick(item: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: item[name] for name in names}


# How many of the waiting speakers the hall is shown (the projector's and the phones' "next" list).
# The public screens get them and the speaker at the microphone, never the whole queue: a phone's
# first load must not grow with the meeting (docs/performance.md), and a phone learns its own place
# from its request's status (``request.status``).
PUBLIC_NEXT = 3


def _public_view(state: Meeting) -> list[Speaker]:
    """Who the hall sees: the speaker at the microphone and the next PUBLIC_NEXT queued, in order;
    not who withdrew, was skipped or is done."""
    seen, waiting = [], 0
    for speaker in state.speakers:
        if speaker.id == state.speaker_id:
            seen.append(speaker)
        elif speaker.status == QUEUED and waiting < PUBLIC_NEXT:
            seen.append(speaker)
            waiting += 1
    return seen


def _focus(state: Meeting) -> dict[str, Any] | None:
    """The opinion being answered, as the hall sees it: what was asked, by whom, who answers."""
    opinion = None if state.focus_opinion_id is None else state.opinion(state.focus_opinion_id)
    if opinion is None:
        return None
    return {**_as_heard(state, opinion), "answerer": opinion.answerer}


def _follows(state: Meeting) -> dict[str, Any] | None:
    """The opinion the citizen at the microphone follows up, as the hall hears it said: its summary
    and who raised it (public: it is said aloud in the hall), never the rest of the opinion."""
    speaker = state.speaker(state.speaker_id) if state.speaker_id is not None else None
    if speaker is None or speaker.follows_opinion_id is None:
        return None
    opinion = state.opinion(speaker.follows_opinion_id)
    if opinion is None:
        return None
    return _as_heard(state, opinion)


def _as_heard(state: Meeting, opinion: Opinion) -> dict[str, Any]:
    """An opinion as the hall heard it: what was asked and by whom (the speaker, or the citizen of a
    written one); public, never the rest of the opinion."""
    raiser = state.speaker(opinion.speaker_id) if opinion.speaker_id is not None else None
    return {"opinion_id": opinion.id, "summary": opinion.summary, "citizen": raiser.name if raiser else opinion.citizen}


def attendance(state: Meeting) -> dict[str, Any]:
    """Who came, as every screen may see it (counts, no names): invited and present per xóm (in the
    allocation's order, then the others in Vietnamese order), walk-ins, and the totals."""
    rows: dict[str, dict[str, Any]] = {}

    def xom(name: str) -> dict[str, Any]:
        return rows.setdefault(name.casefold(), {"xom": name, "allocated": None, "invited": 0, "present": 0})

    for a in state.allocation:
        xom(a["xom"])["allocated"] = a["count"]
    walk_ins = 0
    for c in sorted(state.citizens, key=lambda c: sort_key(c.xom)):  # xóms beyond the plan: in Vietnamese order
        r = xom(c.xom)
        if c.walk_in:
            walk_ins += 1
        else:
            r["invited"] += 1
        r["present"] += c.present
    invited = sum(1 for c in state.citizens if not c.walk_in)
    return {
        "invited": state.invited_count or invited,
        "listed": invited,
        "present": sum(1 for c in state.citizens if c.present),
        "walk_ins": walk_ins,
        "per_xom": list(rows.values()),
    }


def project(state: Meeting, role: str) -> dict[str, Any]:
    """The full snapshot of ``state`` that ``role`` may see."""
    if role not in _SPEAKER_FIELDS:
        raise ValueError(f"unknown role {role!r}")
    view = {name: scalar(state, name) for name in COMMON_FIELDS}
    view["focus"] = _focus(state)
    view["follows"] = _follows(state)
    view["stages"] = [row(s, _STAGE_FIELDS) for s in state.stages]
    view["delegates"] = [row(d, _DELEGATE_FIELDS) for d in state.delegates]
    names = _SPEAKER_FIELDS[role]
    if role in (PUBLIC, DOOR):
        view["speakers"] = [row(s, names) for s in _public_view(state)]
    else:
        view["speakers"] = [row(s, names) for s in state.speakers]
        view["opinions"] = [row(o) for o in state.opinions]
    view["attendance"] = attendance(state)
    if role in _CITIZEN_FIELDS:
        view["citizens"] = [row(c, _CITIZEN_FIELDS[role]) for c in state.citizens]
    if role == SECRETARY:
        view["requests"] = [row(r, _REQUEST_FIELDS) for r in state.requests]
    if role in _DUTY_ROLES:
        view["duties"] = [_duty(state, row(d)) for d in state.duties]
        view.update((name, scalar(state, name)) for name in _OPERATOR_FIELDS)
    view["role"] = role
    return view


def patch(state: Meeting, effect: dict[str, Any], role: str) -> dict[str, Any]:
    """What ``role`` is sent of a command's ``effect`` (``state`` is the meeting after it): applied
    to the role's snapshot of the version before, it gives the role's snapshot of this version."""
    out: dict[str, Any] = {"version": effect["version"]}
    changed = effect.get("set", {})
    values = {name: changed[name] for name in COMMON_FIELDS if name in changed and name != "version"}
    if _focus_changed(state, effect):
        values["focus"] = _focus(state)
    if _follows_changed(state, effect):
        values["follows"] = _follows(state)
    if values:
        out["set"] = values
    for name, fields_ in (("stages", _STAGE_FIELDS), ("delegates", _DELEGATE_FIELDS)):
        if name in effect:
            out[name] = _part(effect[name], fields_)
    if role in (PUBLIC, DOOR):
        public = _public_speakers(state, effect)
        if public:
            out["speakers"] = _part(public, _SPEAKER_FIELDS[role])
    elif "speakers" in effect:
        out["speakers"] = _part(effect["speakers"], _SPEAKER_FIELDS[role])
    if "opinions" in effect and role in _OPINION_ROLES:
        out["opinions"] = effect["opinions"]
    if "citizens" in effect and role in _CITIZEN_FIELDS:
        out["citizens"] = _part(effect["citizens"], _CITIZEN_FIELDS[role])
    if "requests" in effect and role == SECRETARY:
        out["requests"] = _part(effect["requests"], _REQUEST_FIELDS)
    if "citizens" in effect or {"allocation", "invited_count"} & set(effect.get("set", {})):
        out.setdefault("set", {})["attendance"] = attendance(state)
    if role in _DUTY_ROLES:
        _duties_patch(state, effect, out)
    return out


def _duties_patch(state: Meeting, effect: dict[str, Any], out: dict[str, Any]) -> None:
    """The duties and the recording mark, for the operators: every duty again when the meeting's
    date moved (their deadlines moved with it)."""
    part = dict(effect.get("duties", {}))
    if "starts_at" in effect.get("set", {}) and state.duties:
        part["put"] = [row(d) for d in state.duties]
    if part.get("put"):
        part["put"] = [_duty(state, item) for item in part["put"]]
    if part:
        out["duties"] = part
    marks = {name: effect["set"][name] for name in _OPERATOR_FIELDS if name in effect.get("set", {})}
    if marks:
        out.setdefault("set", {}).update(marks)


def _part(part: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    out = dict(part)
    if "put" in part:
        out["put"] = [_pick(item, names) for item in part["put"]]
    return out


def _public_speakers(state: Meeting, effect: dict[str, Any]) -> dict[str, Any]:
    """The public's part of a change to the speakers: the whole of what the hall sees (a few rows, in
    order) when who is shown may have changed, only the speaker at the microphone when only that
    row did, else nothing.

    Who is shown cannot have changed when no order changed, the microphone did not, and every
    speaker the change touched is the one at the microphone or still waits behind the ones shown.
    """
    part = effect.get("speakers", {})
    moved = "order" in part or "speaker_id" in effect.get("set", {})
    if not part and not moved:
        return {}
    seen = _public_view(state)
    shown = {s.id for s in seen}
    touched = {item["id"] for item in part.get("put", ())} | set(part.get("drop", ()))
    at_mic = state.speaker_id if state.speaker_id in touched else None

    def behind(speaker_id: int) -> bool:
        speaker = state.speaker(speaker_id)
        return speaker is not None and speaker.status == QUEUED and speaker_id not in shown

    if moved or not all(behind(i) for i in touched - {at_mic}):
        return {"put": [row(s, _PUBLIC_SPEAKER_FIELDS) for s in seen], "order": [s.id for s in seen]}
    return {} if at_mic is None else {"put": [row(s, _PUBLIC_SPEAKER_FIELDS) for s in seen if s.id == at_mic]}


def _focus_changed(state: Meeting, effect: dict[str, Any]) -> bool:
    """Whether the hall's ``focus`` may differ: another opinion, or a change to it or its speaker."""
    if "focus_opinion_id" in effect.get("set", {}):
        return True
    opinion = None if state.focus_opinion_id is None else state.opinion(state.focus_opinion_id)
    if opinion is None:
        return False
    if any(item["id"] == opinion.id for item in effect.get("opinions", {}).get("put", ())):
        return True
    return opinion.speaker_id is not None and any(
        item["id"] == opinion.speaker_id for item in effect.get("speakers", {}).get("put", ())
    )


def _follows_changed(state: Meeting, effect: dict[str, Any]) -> bool:
    """Whether the hall's ``follows`` may differ: another speaker at the microphone, or a change to
    that speaker, to the opinion followed up or to who raised it."""
    if "speaker_id" in effect.get("set", {}):
        return True
    speaker = state.speaker(state.speaker_id) if state.speaker_id is not None else None
    if speaker is None or speaker.follows_opinion_id is None:
        return False
    opinion = state.opinion(speaker.follows_opinion_id)
    ids = {item["id"] for item in effect.get("speakers", {}).get("put", ())}
    if speaker.id in ids or (opinion is not None and opinion.speaker_id in ids):
        return True
    return opinion is not None and any(item["id"] == opinion.id for item in effect.get("opinions", {}).get("put", ()))


# What a command's payload may carry that only the secretary (and the office) may read, by command:
# a speaker's or citizen's phone and identity number everywhere, and a citizen's note, year of birth
# and gender (a speaker's note is the chair's to read).
_PRIVATE_KEYS = frozenset({"phone", "id_number"})
_PRIVATE_CITIZEN_KEYS = _PRIVATE_KEYS | {"note", "year_of_birth", "gender"}
HIDDEN = "•••"


def logged_payload(name: str, payload: Any, role: str) -> Any:
    """A logged command's payload as ``role`` may read it in the audit: the private values hidden
    (``HIDDEN``), at any depth (an import's rows), unless the role is the secretary or the office."""
    if role in (SECRETARY, OFFICE):
        return payload
    keys = _PRIVATE_CITIZEN_KEYS if name.startswith("citizen") else _PRIVATE_KEYS

    def hide(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (HIDDEN if k in keys and v not in ("", None) else hide(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [hide(v) for v in value]
        return value

    return hide(payload)
