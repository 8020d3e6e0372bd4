"""Property-based: any sequence of commands, valid or not, from any role, keeps the meeting
consistent, never loses a registration or an opinion, and a refused command changes nothing."""

from __future__ import annotations

import copy
import itertools
import random
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.demo import demo_meeting
from server.domain import REGISTRY, CommandError, execute
from server.domain.model import CURRENT, Meeting, Timer
from server.domain.people import person_key

from ..support.commands import NAMES, ON_A_MEETING, ROLES, T0, payload_for


def check_invariants(m: Meeting) -> None:
    current = [s for s in m.speakers if s.status == CURRENT]
    assert len(current) <= 1
    assert [s.id for s in current] == ([m.speaker_id] if m.speaker_id is not None else [])
    if m.speaker_id is None:
        assert m.timer == Timer()
    else:
        speaker = m.current_speaker()
        assert m.timer.elapsed >= 0 and 0 <= m.timer.duration <= 3600
        if m.timer.running:
            assert speaker.started_at is not None
    ids = [x.id for group in (m.stages, m.delegates, m.speakers, m.opinions, m.citizens, m.requests) for x in group]
    assert len(ids) == len(set(ids)) and max(ids) < m.next_id
    assert m.stages, "an agenda keeps at least one stage"
    assert m.stage_id is None or m.stage_index() is not None
    # One stage at most runs, the current one, since the current run began; runs never overlap.
    running = [s.id for s in m.stages if s.runs and s.runs[-1][1] is None]
    assert running == ([m.stage_id] if m.stage_id is not None and m.ended_at is None else [])
    if m.stage_id is not None:
        assert m.stages.get(m.stage_id).runs[-1][0] == m.stage_started_at
    runs = sorted(tuple(r) for s in m.stages for r in s.runs if r[1] is not None)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(runs))
    assert m.focus_opinion_id is None or m.opinion(m.focus_opinion_id) is not None
    assert m.ended_at is None or (m.started_at is not None and m.speaker_id is None and running == [])
    for r in m.requests:
        assert (r.status == "accepted") == (r.speaker_id is not None)
        assert r.speaker_id is None or m.speaker(r.speaker_id) is not None
    assert all(c.present == (c.checked_in_at is not None) for c in m.citizens)
    keys = [person_key(d.name, d.unit) for d in m.delegates]
    assert len(keys) == len(set(keys)), "the same delegate twice"
    # Citizens of one name and xóm may be two people (a year of birth tells them apart, or the
    # office said so); a year of birth is never out of its range.
    assert all(c.year_of_birth is None or 1900 <= c.year_of_birth <= 2100 for c in m.citizens)
    for o in m.opinions:
        assert o.answerer_delegate_id is None or m.delegate(o.answerer_delegate_id) is not None
        if o.outcome == "assigned":
            assert o.deadline and o.deadline > m.meeting_date()
        assert o.speaker_id is None or m.speaker(o.speaker_id) is not None


def walk(pick, steps: int) -> Counter:
    """Apply ``steps`` commands chosen by ``pick``, checking every step; count what was accepted."""
    state, now, accepted = demo_meeting(T0), T0, Counter()
    for _ in range(steps):
        name = pick(NAMES)
        role = pick(sorted(REGISTRY[name].roles) * 3 + ROLES)  # mostly a role that may send it
        payload = payload_for(pick, state, name)
        now += pick([0, 1, 30, 400])
        before = copy.deepcopy(state)
        try:
            new = execute(state, name, payload, role, now)
        except CommandError as refused:
            assert refused.problems
            assert state == before  # a refusal changes nothing
            continue
        assert new.version == state.version + 1
        assert {s.id for s in state.speakers} <= {s.id for s in new.speakers}  # nothing is lost
        assert {o.id for o in state.opinions} <= {o.id for o in new.opinions}
        check_invariants(new)
        accepted[name] += 1
        state = new
    return accepted


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_sequence_of_commands_keeps_the_meeting_consistent(data):
    walk(lambda options: data.draw(st.sampled_from(options)), data.draw(st.integers(min_value=1, max_value=40)))


def test_long_random_meetings_keep_consistent_and_reach_every_command():
    """Seeded long walks (deterministic): at least 40, and as many more as it takes for every
    command to be accepted somewhere (at most 100)."""
    accepted = Counter()
    for seed in range(100):
        accepted += walk(random.Random(seed).choice, 250)
        if seed >= 40 and set(accepted) >= set(ON_A_MEETING):
            break
    assert set(accepted) == set(ON_A_MEETING), set(ON_A_MEETING) - set(accepted)
