"""For the commune radio: an operator's tap marks when the recording started; from it, the label
track (Audacity's labels) and the WebVTT chapters, downloaded over HTTP and in the dossier, parse
back with one entry per turn on the recording, in order, at the right seconds."""

from __future__ import annotations

import html
import io
import re
import zipfile
from urllib.parse import quote

from server.reports.dossier import verify_dossier

from ..support.client import codes

TOPIC = "Nước sạch <khẩn> & môi trường"


def headers(store, role: str = "secretary") -> dict[str, str]:
    pin = store.office_pin() if role == "office" else store.pin(1, role)
    return {"X-Role": role, "X-Pin": pin, "X-Person": quote("Nguyễn Thị Thu")}


# ---------------------------------------------------------------- strict parsers of both formats

LABEL = re.compile(r"(\d+\.\d{6})\t(\d+\.\d{6})\t([^\t\r\n]+)")


def parse_labels(text: str) -> list[tuple[float, float, str]]:
    """Audacity's label track: every line ``start<TAB>end<TAB>label``, nothing else."""
    assert text.endswith("\n") and "\r" not in text
    out = []
    for line in text[:-1].split("\n"):
        m = LABEL.fullmatch(line)
        assert m, f"not a label line: {line!r}"
        start, end = float(m[1]), float(m[2])
        assert 0 <= start <= end
        out.append((start, end, m[3]))
    return out


TIMING = re.compile(r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3}) --> (?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})")


def _seconds(h: str | None, m: str, s: str, ms: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse_vtt(text: str) -> list[tuple[str, float, float, str]]:
    """A WebVTT file as the specification's parser reads it, strictly: the signature, blocks
    separated by blank lines, each cue an optional identifier (without "-->"), a timing line and a
    payload whose only character references are &amp; &lt; &gt; and which holds no tag; cue ends
    after its start; chapters in order, never overlapping."""
    assert "\r" not in text and "\0" not in text
    blocks = text.split("\n\n")
    header = blocks[0].split("\n")
    assert re.fullmatch(r"WEBVTT(?:[ \t].*)?", header[0]), header[0]
    assert all("-->" not in line for line in header)
    cues = []
    for block in blocks[1:]:
        lines = block.strip("\n").split("\n")
        if not lines or lines == [""]:
            continue
        ident = ""
        if "-->" not in lines[0]:
            ident, lines = lines[0], lines[1:]
        m = TIMING.fullmatch(lines[0])
        assert m, f"not a timing line: {lines[0]!r}"
        start, end = _seconds(*m.groups()[:4]), _seconds(*m.groups()[4:])
        assert end > start
        payload = "\n".join(lines[1:])
        assert payload and "-->" not in payload and "<" not in payload
        assert not re.search(r"&(?!amp;|lt;|gt;)", payload), payload
        cues.append((ident, start, end, html.unescape(payload)))
    for (_, _, end, _), (_, start, _, _) in zip(cues, cues[1:], strict=False):
        assert start >= end, "chapters overlap"
    return cues


# ---------------------------------------------------------------- the meeting


def hold_turns(screen, clock) -> tuple[float, list[dict]]:
    """Three turns: A over before the mark, B begun before it and ended after, C after it (its topic
    with characters WebVTT escapes). Returns the mark and the speakers B and C."""
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("stage.next", {"expected_stage_id": None})
    t0 = clock()
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    a = chair.state["speaker_id"]
    clock.advance(10)
    chair.ok("timer.start", {"speaker_id": a})
    clock.advance(30)
    chair.ok("speaker.call_next", {"expected_speaker_id": a})
    b = chair.state["speaker_id"]
    clock.advance(5)
    chair.ok("timer.start", {"speaker_id": b})
    clock.advance(5)
    assert secretary.send("recording.mark", {"expected_at": None})["ok"]
    mark = clock()
    assert mark == t0 + 50
    c = chair.state["speakers"][[s["id"] for s in chair.state["speakers"]].index(b) + 1]["id"]
    secretary.ok("speaker.update", {"speaker_id": c, "topic": TOPIC})
    clock.advance(100)
    chair.ok("speaker.call_next", {"expected_speaker_id": b})
    clock.advance(10)
    chair.ok("timer.start", {"speaker_id": c})
    clock.advance(60)
    chair.ok("speaker.end", {"speaker_id": c})
    chair.states()
    speakers = {s["id"]: s for s in chair.state["speakers"]}
    return mark, [speakers[b], speakers[c]]


def test_the_label_track_and_the_chapters_parse_back_one_entry_per_turn(app, client, store, screen, clock):
    before = client.get("/m/1/documents/labels.txt", headers=headers(store))
    assert before.status_code == 409
    assert before.get_json()["errors"][0]["code"] == "no_recording_mark"
    assert "Chưa ai đánh dấu lúc bắt đầu ghi âm" in before.get_json()["errors"][0]["message"]

    _mark, (b, c) = hold_turns(screen, clock)
    words = [f"{b['name']} — {b['xom']} — {b['topic']}", f"{c['name']} — {c['xom']} — {TOPIC}"]

    labels = client.get("/m/1/documents/labels.txt", headers=headers(store, "chair"))
    assert labels.status_code == 200 and labels.mimetype == "text/plain"
    assert "nhan-ghi-am.txt" in labels.headers["Content-Disposition"]
    assert parse_labels(labels.get_data(as_text=True)) == [(0.0, 100.0, words[0]), (110.0, 170.0, words[1])]

    chapters = client.get("/m/1/documents/chapters.vtt", headers=headers(store, "office"))
    assert chapters.status_code == 200 and chapters.mimetype == "text/vtt"
    assert "&lt;khẩn&gt; &amp; môi trường" in chapters.get_data(as_text=True)
    assert parse_vtt(chapters.get_data(as_text=True)) == [("1", 0.0, 100.0, words[0]), ("2", 110.0, 170.0, words[1])]

    dossier = client.get("/m/1/documents/dossier.zip", headers=headers(store))
    assert verify_dossier(dossier.data) == []
    with zipfile.ZipFile(io.BytesIO(dossier.data)) as zf:
        assert zf.read("nhan-ghi-am.txt") == labels.data
        assert zf.read("chuong-ghi-am.vtt") == chapters.data


def test_one_tap_marks_the_recording_and_a_second_screen_is_told(screen, store, clock):
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("recording.mark", {"expected_at": None})
    first = clock()
    assert chair.state["recording_started_at"] == first
    secretary.states()
    assert secretary.state["recording_started_at"] == first
    clock.advance(3)
    late = secretary.send("recording.mark", {"expected_at": None})  # tapped at once on another screen
    assert codes(late) == ["changed_meanwhile"] and store.load(1).recording_started_at == first
    secretary.ok("recording.mark", {"expected_at": first})  # the radio started again: the mark moves
    assert store.load(1).recording_started_at == clock()
    secretary.ok("recording.clear", {"expected_at": clock()})
    assert codes(secretary.send("recording.clear", {"expected_at": None})) == ["no_recording_mark"]
    for role in ("public", "door"):
        other = screen(role)
        assert codes(other.send("recording.mark", {"expected_at": None})) == ["forbidden"]
        other.states()
        assert "recording_started_at" not in other.state
