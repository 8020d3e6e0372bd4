"""The hall projector never clips (issue 8): measured in real Chromium at 1920x1080 against the real
server, with the state set up by python-socketio clients acting as the chair and the secretary.

Floors (the product brief, read from 20 m): countdown digits >= 270 px tall, the current speaker's
name >= 90 px (glyph height), everything else a listener needs >= 54 px (font size)."""

from __future__ import annotations

import os
import statistics
import time

import pytest

from ..support.browser import glyph_height, wait_live
from ..support.client import Client

pytestmark = pytest.mark.browser

NAME = "Nguyễn Thị Khánh Huyền Đoàn Phương Thảo Lê Minh Châu Trần Bảo Ngọc Phạm Thu Hà Vũ Lan Anh"[:80]
XOM = "Xóm Đông"
TOPIC = (
    "Đề nghị xã sớm nâng cấp tuyến đường liên thôn từ xóm Đông ra quốc lộ, lắp thêm đèn chiếu sáng, "
    "nạo vét kênh mương nội đồng và giải quyết dứt điểm việc cấp giấy chứng nhận quyền sử dụng đất ở "
    "cho các hộ gia đình"
)[:200]
# What a listener reads during a speech (the banner may shrink; it is the backdrop's text).
LISTENER = [
    "#p-stage",
    "#p-demo",
    "#p-detail",
    "#p-focus-q",
    "#p-focus-a",
    "#p-timer-state",
    ".p-next-title",
    "#p-next li",
    "#p-message-text",
]


def test_the_long_test_texts_are_at_the_server_limits():
    assert len(NAME) == 80 and len(TOPIC) == 200


class Hall:
    """The chair and the secretary, as python-socketio clients of the real server."""

    def __init__(self, url: str, pins: dict[str, str]):
        self.chair = Client(url, "chair", pins["chair"])
        self.secretary = Client(url, "secretary", pins["secretary"])

    def send(self, who: Client, name: str, payload: dict) -> dict:
        ack = who.send(name, payload)
        assert ack["ok"], (name, ack)
        self.chair.wait_for(lambda s: s["version"] >= ack["version"])
        return ack

    def add(self, name: str, xom: str = "", topic: str = "") -> int:
        self.send(self.secretary, "speaker.add", {"name": name, "xom": xom, "topic": topic})
        return next(s["id"] for s in self.chair.state["speakers"] if s["name"] == name)

    def open_meeting(self):
        self.send(self.chair, "stage.next", {"expected_stage_id": None})

    def call(self, speaker_id: int):
        self.send(self.chair, "speaker.call", {"speaker_id": speaker_id, "expected_speaker_id": self.speaker_id})

    def call_next(self) -> int:
        self.send(self.chair, "speaker.call_next", {"expected_speaker_id": self.speaker_id})
        return self.speaker_id

    @property
    def speaker_id(self):
        return self.chair.state["speaker_id"]

    def timer(self, command: str, **extra):
        self.send(self.chair, f"timer.{command}", {"speaker_id": self.speaker_id, **extra})

    def close(self):
        self.chair.close()
        self.secretary.close()


@pytest.fixture
def hall(server):
    h = Hall(server.url, server.pins)
    yield h
    h.close()


# Counts, from before the page's own scripts run, every time the flash is switched on (and whether it
# then shows) and every animation it starts.
COUNT_FLASHES = """
window.flashes = { on: 0, visible: 0, animations: 0 };
document.addEventListener('animationstart', (e) => {
    if (e.target.id === 'p-flash') window.flashes.animations++;
}, true);
let on = false;
new MutationObserver(() => {
    const node = document.getElementById('p-flash');
    const now = Boolean(node && node.classList.contains('flash'));
    if (now && !on) {
        window.flashes.on++;
        if (getComputedStyle(node).display !== 'none') window.flashes.visible++;
    }
    on = now;
}).observe(document, { attributes: true, attributeFilter: ['class'], subtree: true });
"""


@pytest.fixture
def open_projector(browser, server):
    """Open a projector page with a chosen prefers-reduced-motion that counts its flashes; the test
    fails on any script error."""
    contexts, errors = [], []

    def open_page(reduced_motion: str = "no-preference"):
        context = browser.new_context(
            viewport={"width": 1920, "height": 1080}, locale="vi-VN", reduced_motion=reduced_motion
        )
        contexts.append(context)
        context.add_init_script(COUNT_FLASHES)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(5000)
        page.goto(server.url + "/m/1/projector")
        wait_live(page, "state !== null")
        return page

    yield open_page
    for c in contexts:
        c.close()
    assert errors == [], errors


def wait_text(page, selector: str, text: str):
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel)?.textContent === text", arg=[selector, text], timeout=5000
    )


def box(page, selector: str) -> dict:
    """Where an element is, how its text sits in it and at what size."""
    return page.eval_on_selector(
        selector,
        """(n) => {
            const r = n.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(n);
            const rects = [...range.getClientRects()].filter((x) => x.width > 0);
            const tops = new Set(rects.map((x) => Math.round(x.top)));
            const cs = getComputedStyle(n);
            return {
                top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                visible: cs.display !== 'none' && r.height > 0 && !n.closest('[hidden], .gone'),
                lines: tops.size,
                lineRects: rects.map((x) => [x.top, x.bottom, x.left, x.right]),
                font: parseFloat(cs.fontSize), lineHeight: parseFloat(cs.lineHeight), overflow: cs.overflowY,
                scrollWidth: n.scrollWidth, clientWidth: n.clientWidth,
                text: n.textContent,
            };
        }""",
    )


def assert_not_clipped(page, selector: str):
    """The element's whole text is laid out in its box and on the screen: no line wider than the box,
    every line's middle inside it (a line's glyph box, ascent to descent, is a little taller than the
    line height: Vietnamese stacked diacritics) and every glyph box on the screen; and if the
    element clips its overflow, every glyph box inside it."""
    b = box(page, selector)
    assert b["visible"], selector
    assert b["scrollWidth"] <= b["clientWidth"], (selector, b)
    assert b["lines"] * b["lineHeight"] <= b["bottom"] - b["top"] + 1, (selector, b)
    for top, bottom, left, right in b["lineRects"]:
        assert b["top"] <= (top + bottom) / 2 <= b["bottom"], (selector, b)
        assert b["left"] - 1 <= left and right <= b["right"] + 1, (selector, b)
        assert top >= 0 and bottom <= 1080 and left >= 0 and right <= 1920, (selector, b)
        if b["overflow"] != "visible":
            assert b["top"] - 1 <= top and bottom <= b["bottom"] + 1, (selector, b)
    return b


def assert_cut_between_words(shown: str, full: str):
    """Either the whole text, or a prefix that ends at a word's end followed by "…"."""
    if shown == full:
        return
    assert shown.endswith("…"), f"cut silently: {shown!r}"
    prefix = shown[:-1]
    assert prefix and full.startswith(prefix), shown
    assert prefix[-1].isalnum() and not full[len(prefix)].isalnum(), f"cut mid-word: {shown!r}"


def listener_fonts(page) -> dict[str, float]:
    """The font size of every visible listener element (selector -> smallest size)."""
    return page.evaluate(
        """(sels) => {
            const out = {};
            for (const sel of sels) {
                for (const n of document.querySelectorAll(sel)) {
                    const r = n.getBoundingClientRect();
                    if (r.height === 0 || n.closest('[hidden], .gone')) continue;
                    const size = parseFloat(getComputedStyle(n).fontSize);
                    out[sel] = Math.min(out[sel] ?? Infinity, size);
                }
            }
            return out;
        }""",
        LISTENER,
    )


def condensed_face(page) -> bool:
    """Whether the system has one of the narrower faces projector.css offers a long name."""
    return page.evaluate(
        """(faces) => {
            const ctx = document.createElement('canvas').getContext('2d');
            const width = (family) => { ctx.font = `700 100px ${family}`; return ctx.measureText('Nguyễn Thị').width; };
            return faces.some((f) => width(`"${f}", monospace`) !== width('monospace'));
        }""",
        ["Bahnschrift SemiCondensed", "Roboto Condensed", "Liberation Sans Narrow", "DejaVu Sans Condensed"],
    )


def assert_on_screen(page):
    """Nothing pushed below the screen: the countdown's row ends within it."""
    row = box(page, "#p-row")
    assert row["bottom"] <= 1080 - 21, row  # 2vh of padding


def test_an_80_character_name_is_shown_whole_at_the_name_floor_and_the_topic_is_cut_between_words(
    open_projector, hall, tmp_path
):
    projector = open_projector()
    sid = hall.add(NAME, XOM, TOPIC)
    hall.open_meeting()
    hall.call(sid)
    hall.timer("start")
    wait_text(projector, "#p-name", NAME)
    projector.wait_for_function("() => document.querySelector('#p-countdown').dataset.phase === 'running'")

    name = assert_not_clipped(projector, "#p-name")
    assert name["text"] == NAME
    assert glyph_height(projector, "#p-name") >= 90
    # Two lines cannot hold 80 characters at that height on a 1920 px screen (about 5,500 px of
    # bold text, 4,600 px in a condensed face): it takes three in a condensed face (four without one)
    # and is never cut.
    assert 2 <= name["lines"] <= (3 if condensed_face(projector) else 4), name
    detail = assert_not_clipped(projector, "#p-detail")
    assert detail["top"] >= name["bottom"] - 1  # the name's last line is not covered

    full = f"{XOM} · {TOPIC}"
    assert_cut_between_words(detail["text"], full)
    assert detail["font"] >= 54
    # The stage and the topic keep at least a line, and the countdown its full size.
    assert box(projector, "#p-stage")["visible"]
    assert glyph_height(projector, "#p-countdown") >= 270
    assert min(listener_fonts(projector).values()) >= 54, listener_fonts(projector)
    assert_on_screen(projector)
    shot = tmp_path / "projector-long-name.png"
    projector.wait_for_timeout(400)  # the countdown's colour transition (0.3 s)
    projector.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_a_name_that_fits_two_lines_keeps_its_full_size_and_a_short_topic_is_whole(open_projector, hall):
    projector = open_projector()
    name = "Nguyễn Thị Khánh Huyền Đoàn Phương Thảo"  # too long for one line at 13vh
    sid = hall.add(name, XOM, "Đường giao thông nội đồng")
    hall.open_meeting()
    hall.call(sid)
    wait_text(projector, "#p-name", name)
    b = assert_not_clipped(projector, "#p-name")
    assert b["lines"] == 2 and b["font"] == pytest.approx(0.13 * 1080, abs=0.5)  # wrapped, not shrunk
    assert projector.text_content("#p-detail") == f"{XOM} · Đường giao thông nội đồng"


def test_a_topic_too_long_for_the_screen_ends_with_an_ellipsis_at_a_word(open_projector, hall):
    """Words of one letter to forty: whatever the line breaks, a cut lands between two of them."""
    projector = open_projector()
    words = [("đ" * n) for n in (1, 7, 3, 12, 2, 9, 5)] * 6
    topic = " ".join(words)[:200].rsplit(" ", 1)[0]
    sid = hall.add(NAME, "", topic)
    hall.open_meeting()
    hall.call(sid)
    wait_text(projector, "#p-name", NAME)
    shown = projector.text_content("#p-detail")
    assert shown != topic  # it does not fit beside an 80-character name
    assert_cut_between_words(shown, topic)
    assert_not_clipped(projector, "#p-detail")


def test_every_listener_line_stays_at_54_px_during_a_speech_with_an_opinion_being_answered(
    open_projector, hall, tmp_path
):
    """The fullest screen: an 80-character name, a 200-character topic, the opinion answered (300
    characters) and who answers it (120), the next speakers, a demo meeting."""
    projector = open_projector()
    sid = hall.add(NAME, XOM, TOPIC)
    hall.open_meeting()
    hall.call(sid)
    hall.timer("start")
    category = hall.chair.state["settings"]["categories"][0]
    summary = ("Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho mười hai hộ dân ven kênh " * 5)[:300].strip()
    hall.send(hall.secretary, "opinion.add", {"summary": summary, "category": category, "speaker_id": sid})
    opinion_id = hall.chair.state["opinions"][-1]["id"]
    answerer = ("Công chức địa chính - xây dựng - nông nghiệp và môi trường của Ủy ban nhân dân xã " * 2)[:120].strip()
    hall.send(hall.chair, "opinion.assign", {"opinion_id": opinion_id, "delegate_id": None, "answerer": answerer})
    projector.wait_for_selector("#p-focus-a:has-text('Trả lời:')")
    projector.screenshot(path=str(tmp_path / "projector-fullest.png"))

    fonts = listener_fonts(projector)
    assert min(fonts.values()) >= 54, fonts
    # What gave way is whole lines or blocks, never the floors: the name, the countdown, who answers,
    # the opinion answered and the first of the next speakers are still there.
    for needed in ("#p-focus-q", "#p-focus-a", "#p-demo", ".p-next-title", "#p-next li"):
        assert needed in fonts, (needed, fonts)
    assert glyph_height(projector, "#p-name") >= 90 and projector.text_content("#p-name") == NAME
    assert glyph_height(projector, "#p-countdown") >= 270
    for sel in ("#p-name", "#p-focus-q", "#p-focus-a", "#p-demo"):
        assert_not_clipped(projector, sel)
    assert_cut_between_words(projector.text_content("#p-focus-q"), f"Ý kiến của {NAME}: {summary}")
    assert_cut_between_words(projector.text_content("#p-focus-a"), f"Trả lời: {answerer}")
    assert_on_screen(projector)

    # The chair's message over everything, at its longest, is as readable.
    hall.send(hall.chair, "message.show", {"text": ("Đề nghị bà con giữ trật tự và tắt chuông điện thoại " * 3)[:120]})
    projector.wait_for_selector("#p-message:not([hidden])")
    assert listener_fonts(projector)["#p-message-text"] >= 54


def timer_view(page) -> dict:
    return page.evaluate(
        """() => {
            const c = document.querySelector('#p-countdown');
            const label = document.querySelector('#p-timer-state');
            const cs = getComputedStyle(c);
            return {
                phase: c.dataset.phase, level: c.dataset.level, text: c.textContent,
                label: label.hidden ? '' : label.textContent, state: label.dataset.state,
                icon: getComputedStyle(label, '::before').content,
                color: cs.color, background: cs.backgroundColor, opacity: cs.opacity,
            };
        }"""
    )


def wait_timer(page, phase: str, level: str = "normal"):
    page.wait_for_function(
        "([phase, level]) => { const c = document.querySelector('#p-countdown');"
        " return c.dataset.phase === phase && c.dataset.level === level; }",
        arg=[phase, level],
    )
    page.wait_for_timeout(400)  # the colour transition (0.3 s)
    return timer_view(page)


def test_the_timer_states_differ_by_word_and_colour(open_projector, hall):
    projector = open_projector()
    hall.open_meeting()
    hall.call_next()

    ready = wait_timer(projector, "ready")
    assert ready["label"] == "Sẵn sàng" and ready["text"] == "3:00"
    hall.timer("start")
    running = wait_timer(projector, "running")
    assert running["label"] == ""  # running is the plain countdown
    hall.timer("pause")
    paused = wait_timer(projector, "paused")
    assert paused["label"] == "Tạm dừng" and paused["icon"] == '""'  # the drawn pause sign
    assert ready["icon"] == "none"
    # Three looks, not one: colour or opacity of the digits differ between each pair.
    looks = [(v["color"], v["opacity"]) for v in (ready, running, paused)]
    assert len(set(looks)) == 3, looks

    hall.timer("resume")
    hall.timer("adjust", seconds=-160)  # about 20 s left: under the 30 s warning
    warning = wait_timer(projector, "running", "warning")
    assert warning["label"] == "Sắp hết giờ"
    hall.timer("adjust", seconds=-20)  # none left: counting up
    overtime = wait_timer(projector, "running", "overtime")
    assert overtime["label"] == "Quá giờ" and overtime["text"].startswith("+")
    backgrounds = {running["background"], warning["background"], overtime["background"]}
    assert len(backgrounds) == 3, backgrounds
    assert warning["background"] == "rgb(255, 176, 0)" and overtime["background"] == "rgb(255, 59, 48)"
    assert len({running["label"], warning["label"], overtime["label"], paused["label"], ready["label"]}) == 5


@pytest.mark.parametrize(("motion", "flashes"), [("no-preference", 1), ("reduce", 0)])
def test_the_end_of_the_time_flashes_once_unless_motion_is_reduced(open_projector, hall, motion, flashes):
    projector = open_projector(motion)
    hall.open_meeting()
    hall.call_next()
    hall.timer("adjust", seconds=-177)  # a 3-minute turn with 3 s left
    hall.timer("start")
    projector.wait_for_function(
        "() => document.querySelector('#p-countdown').dataset.level === 'overtime'", timeout=8000
    )
    projector.wait_for_timeout(2500)  # the flash lasts 1.6 s; a second one would have started
    counts = projector.evaluate("window.flashes")
    assert counts == {"on": flashes, "visible": flashes, "animations": flashes}, counts
    assert projector.evaluate("document.querySelector('#p-flash').classList.contains('flash')") is False
    # Either way the countdown turns red and counts up.
    projector.wait_for_function(
        "() => getComputedStyle(document.querySelector('#p-countdown')).backgroundColor === 'rgb(255, 59, 48)'"
    )
    assert projector.text_content("#p-countdown").startswith("+")
    assert projector.text_content("#p-flash") == "Hết giờ"


def test_a_page_opened_in_overtime_or_time_added_back_does_not_flash(open_projector, hall):
    hall.open_meeting()
    hall.call_next()
    hall.timer("adjust", seconds=-179)
    hall.timer("start")
    time.sleep(1.5)  # in overtime before the page opens
    projector = open_projector()
    projector.wait_for_function("() => document.querySelector('#p-countdown').dataset.level === 'overtime'")
    projector.wait_for_timeout(500)
    hall.timer("adjust", seconds=60)  # time given back: no longer at the end, nothing to flash
    projector.wait_for_function("() => document.querySelector('#p-countdown').dataset.level !== 'overtime'")
    projector.wait_for_timeout(500)
    assert projector.evaluate("window.flashes") == {"on": 0, "visible": 0, "animations": 0}


def test_between_speakers_with_an_opinion_still_answered_nothing_is_pushed_off_the_screen(open_projector, hall):
    """The official's answer ended: the banner, the stage, the opinion and who is next share the screen."""
    projector = open_projector()
    hall.open_meeting()
    sid = hall.call_next()
    hall.timer("start")
    category = hall.chair.state["settings"]["categories"][0]
    summary = ("Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho mười hai hộ dân ven kênh " * 5)[:300].strip()
    hall.send(hall.secretary, "opinion.add", {"summary": summary, "category": category, "speaker_id": sid})
    lan = next(d["id"] for d in hall.chair.state["delegates"] if d["name"].startswith("Lê Thị Lan"))
    opinion_id = hall.chair.state["opinions"][-1]["id"]
    payload = {"opinion_ids": [opinion_id], "delegate_id": lan, "answerer": "", "expected_speaker_id": sid}
    hall.send(hall.chair, "answer.call", payload)
    hall.timer("start")
    hall.send(hall.chair, "speaker.end", {"speaker_id": hall.speaker_id})
    wait_live(projector, "document.body.dataset.mode === 'idle' && state.focus !== null")
    projector.wait_for_timeout(300)

    fonts = listener_fonts(projector)
    assert min(fonts.values()) >= 54, fonts
    assert len(projector.locator("#p-next li:visible").all()) == 3
    for sel in ("#p-focus-q", "#p-focus-a", "#p-next li:last-child"):
        assert_not_clipped(projector, sel)
    assert_cut_between_words(projector.text_content("#p-focus-q"), f"Ý kiến của Nguyễn Văn An (demo): {summary}")
    assert_on_screen(projector)


# Records, for each text the countdown shows, when it first showed it: the page's wall clock in ms
# (performance.timeOrigin + performance.now(); every page of the test runs on the same machine clock).
RECORD_TURNS = """() => {
    window.turns = {};
    const node = document.getElementById('p-countdown');
    new MutationObserver(() => {
        const shown = node.textContent;
        if (shown && !(shown in window.turns)) window.turns[shown] = performance.timeOrigin + performance.now();
    }).observe(node, { childList: true, characterData: true, subtree: true });
}"""


def test_four_projectors_loaded_at_different_moments_turn_each_second_within_50_ms(open_projector, hall):
    """Issue 20 item 11: each projector redraws at the second boundary of the server's clock where the
    countdown turns, not on an interval started when it loaded: over 30 s, every new second shows on
    all four within 50 ms of each other.

    What is the page's and what is the machine's: a page that schedules its redraw at the server's
    boundary turns a few ms after it every second, so the median of its lateness (when each second
    showed, against the boundary the server's timer defines; all pages and the server read the one
    machine clock) is near 0 on every page. Whether a renderer process is given the CPU at that
    moment is the machine's: on a loaded machine (the browser tests share 2 cores with other work)
    one page now and then runs its due task 70–110 ms late. So each page's median lateness is
    bounded tightly, and the seconds where the four spread over 50 ms may be a tenth at the most,
    none over 250 ms (no page ever skips a second or re-phases). An interval started at load, or a
    200 ms redraw not aligned on the boundary, gives each page its own constant lateness, spread over
    the interval: it fails both."""
    sid = hall.add("Trần Văn Bốn", "Xóm Đông")
    hall.open_meeting()
    hall.call(sid)
    projectors = []
    for delay in (0, 370, 590, 830):  # loaded at different moments of the second
        time.sleep(delay / 1000)
        projectors.append(open_projector())
    for page in projectors:
        page.evaluate(RECORD_TURNS)
    hall.timer("start")
    time.sleep(30)
    timer = hall.chair.state["timer"]
    boundary = (timer["started_at"] + timer["duration"] - timer["elapsed"]) % 1  # where it turns (s)
    first = timer["started_at"] + 0.5  # the countdown's first turn is a second after the start
    turns = [
        {k: v / 1000 for k, v in page.evaluate("window.turns").items() if v / 1000 >= first} for page in projectors
    ]
    common = set(turns[0]).intersection(*turns[1:])
    assert len(common) >= 28, sorted(common)

    def late_ms(at: float) -> float:
        """How long after the server's boundary the page showed the new second (-500 to 500 ms)."""
        return ((at - boundary + 0.5) % 1 - 0.5) * 1000

    medians = [statistics.median(late_ms(t[shown]) for shown in common) for t in turns]
    assert all(-20 <= m <= 40 for m in medians), medians
    spreads = {shown: max(t[shown] for t in turns) * 1000 - min(t[shown] for t in turns) * 1000 for shown in common}
    worst = sorted(spreads.items(), key=lambda kv: -kv[1])[:5]
    assert sum(spread > 50 for spread in spreads.values()) <= len(common) // 10, (worst, medians, os.getloadavg())
    assert max(spreads.values()) <= 250, (worst, medians, os.getloadavg())
