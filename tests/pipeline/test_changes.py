"""The changed-rows path is the whole truth: over random command sequences from any role, run
through the real pipeline on a real store, after every step

- the meeting in memory equals a full reload from the file (the rows written are exactly right),
- each role's patch, applied to that role's previous snapshot, gives its fresh snapshot,
- the public patches never carry a private field,
- a refused command leaves the meeting untouched,

and at the end the log's effects alone rebuild the meeting, and the search index holds exactly
the text of every opinion."""

from __future__ import annotations

import copy
import json
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server import pipeline
from server.demo import demo_meeting
from server.domain import REGISTRY, ROLES, apply_effect, project
from server.domain.changes import full_effect
from server.domain.model import Speaker
from server.domain.tracking import Journal
from server.storage import Store
from server.storage import queries as search

from ..support.commands import NAMES, ON_A_MEETING, T0, payload_for
from ..support.commands import ROLES as SENDERS

PRIVATE = ("phone", "note", "opinions", "registered_at")


def walk(pick, steps: int, path: str = ":memory:") -> Counter:
    store = Store(path)
    store.create_meeting(demo_meeting(T0), at=T0)
    views = {role: project(store.current(1), role) for role in ROLES}
    sent: list[dict] = []
    now, accepted = T0, Counter()

    for step in range(steps):
        state = store.current(1)
        name = pick(NAMES)
        role = pick(sorted(REGISTRY[name].roles) * 3 + SENDERS)
        payload = payload_for(pick, state, name)
        now += pick([0, 1, 30, 400])
        before = copy.deepcopy(state)
        envelope = {"id": f"walk-{step:06d}", "name": name, "payload": payload}
        if role == "office":
            envelope["meeting_id"] = 1
        sent.clear()
        ack = pipeline.handle(store, None if role == "office" else 1, role, envelope, now, lambda s, p: sent.append(p))
        if not ack["ok"]:
            assert store.current(1) == before  # a refusal changes nothing, in memory or on disk
            assert store.load(1) == before and sent == []
            continue
        accepted[name] += 1
        state = store.current(1)
        assert store.load(1) == state
        [patches] = sent
        for r in ROLES:
            views[r] = apply_effect(views[r], patches[r])
            assert views[r] == project(state, r), (name, r)
        public = json.dumps(patches["public"], ensure_ascii=False)
        assert not any(f'"{field}"' in public for field in PRIVATE), public

    final = store.current(1)
    replayed: dict = {}
    for entry in store.log(1):
        apply_effect(replayed, json.loads(entry["effect"]))
    assert replayed == apply_effect({}, full_effect(final))
    indexed = {r[0]: r[1] for r in store.conn.execute("select opinion_id, body from opinion_fts where meeting_id = 1")}
    names = {s.id: s.name for s in final.speakers}
    assert indexed == {o.id: search.body(o, names.get(o.speaker_id, "")) for o in final.opinions}
    store.close()
    return accepted


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_commands_through_the_store_match_a_full_reload(data):
    walk(lambda options: data.draw(st.sampled_from(options)), data.draw(st.integers(min_value=1, max_value=40)))


def test_long_random_meetings_match_a_full_reload_and_replay_from_the_log(tmp_path):
    """Seeded long walks on a file (deterministic), as many as it takes for every command to be
    accepted somewhere (at most 60)."""
    accepted = Counter()
    for seed in range(60):
        accepted += walk(random.Random(seed).choice, 250, str(tmp_path / f"walk{seed}.db"))
        if set(accepted) >= set(ON_A_MEETING):
            break
    assert set(accepted) == set(ON_A_MEETING), set(ON_A_MEETING) - set(accepted)


def test_a_change_undone_half_way_leaves_the_meeting_as_it_was():
    """A command that changes fields, appends, moves and removes, then fails, leaves nothing."""
    state = demo_meeting(T0)
    before = copy.deepcopy(state)
    journal = Journal()
    with pytest.raises(RuntimeError), journal.recording():
        first, second = state.speakers[0], state.speakers[1]
        first.status = "current"
        state.timer.duration = 999
        state.message = "x"
        state.speakers.append(Speaker(id=state.new_id(), name="Mới", xom="", topic="", requested_seconds=60))
        state.speakers.remove(second)
        state.speakers.insert(0, second)
        state.speakers.remove(first)
        raise RuntimeError("refused half-way")
    assert state == before
    assert [s.id for s in state.speakers] == [s.id for s in before.speakers]
    assert state.speaker(first.id) is first  # lookups by id follow the restored order


def test_a_collection_changes_only_in_ways_the_journal_sees():
    state = demo_meeting(T0)
    for mutate in (
        lambda: state.speakers.sort(key=lambda s: s.name),
        lambda: state.speakers.pop(),
        lambda: state.speakers.extend([]),
        lambda: state.speakers.__setitem__(0, state.speakers[1]),
    ):
        with pytest.raises(TypeError):
            mutate()


def test_a_patch_is_small_whatever_the_meeting_size(tmp_path):
    """With 500 speakers and 1,000 opinions, a timer start sends a few hundred bytes to a screen."""
    state = demo_meeting(T0)
    for i in range(500):
        state.speakers.append(Speaker(state.new_id(), f"Người {i}", "Xóm Đông", "Đất đai", 180))
    store = Store(str(tmp_path / "big.db"))
    store.create_meeting(state, at=T0)
    sent: list[dict] = []

    def send(name, payload, role="chair"):
        envelope = {"id": f"big-command-{len(sent):04d}", "name": name, "payload": payload}
        ack = pipeline.handle(store, 1, role, envelope, T0, lambda s, p: sent.append(p))
        assert ack["ok"], ack

    send("speaker.call_next", {"expected_speaker_id": None})
    speaker_id = store.current(1).speaker_id
    for i in range(1000):
        opinion = {"summary": f"Ý kiến {i} về đường giao thông", "category": "Môi trường", "speaker_id": None}
        send("opinion.add", opinion, "secretary")
    send("timer.start", {"speaker_id": speaker_id})
    for role in ROLES:
        size = len(json.dumps(sent[-1][role], ensure_ascii=False).encode())
        assert size < 600, (role, size, sent[-1][role])
    assert len(json.dumps(project(store.current(1), "chair"), ensure_ascii=False).encode()) > 200_000
    # The hall's snapshot (a phone's first load) carries the speaker at the microphone and the next
    # three, whatever the queue's length; a change far down the queue sends the hall no speaker.
    public = project(store.current(1), "public")
    assert len(public["speakers"]) == 4 and len(json.dumps(public, ensure_ascii=False).encode()) < 6_000
    last = store.current(1).queue()[-1].id
    send("speaker.update", {"speaker_id": last, "topic": "Nước sạch"}, "secretary")
    assert "speakers" not in sent[-1]["public"] and "speakers" in sent[-1]["secretary"]


def test_a_command_cannot_replace_a_collection():
    """Replacing a whole collection would bypass the journal's order and drops."""
    state = demo_meeting(T0)
    with pytest.raises(TypeError), Journal().recording():
        state.speakers = list(state.speakers)
    assert [s.id for s in state.speakers] == [s.id for s in demo_meeting(T0).speakers]
