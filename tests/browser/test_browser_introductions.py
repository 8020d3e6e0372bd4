"""The introductions of the delegates on the projector and the close of the meeting, in real
Chromium against the real server: the chair's tablet (touch, 1280×800) drives them, the projector
(1920×1080, read from 20 m) shows them; python-socketio clients (tests/support/client.py) play the
secretary where one is needed. The demo meeting's delegates, chairs and secretary come from
server/demo.py.

What the hall must see: every name at 54 px or more, every line of the introductions whole and on
the screen (no clipping, no scrolling), grouped as the table is, only those present once someone is
ticked; long lists in columns, then in pages that turn by themselves ("Trang 1/…"); and once the
chair closes the meeting, "Hội nghị đã bế mạc" with the time, the chair's stage and turn controls
disabled until it is reopened."""

from __future__ import annotations

import re
import time

import pytest

from ..support.browser import SIZES, SMALL_TARGETS, TAP, hold_patches, login, wait_live
from ..support.client import Client

pytestmark = pytest.mark.browser

FLOOR = 54  # px: what a listener reads at 20 m on a 1920×1080 projector
DEFAULT_GROUP = "Đại biểu"
CHAIRS = "Chủ trì hội nghị"
SECRETARIES = "Tổ thư ký"

# The page of the introductions on the screen: its page indicator, its sections in reading order
# (each column top to bottom, columns left to right), and every way in which a line is not fully
# readable: under the floor, outside the screen, wider than its box, overlapping another line.
INTRO_PAGE = """() => {
    const shown = (n) => n.getClientRects().length > 0 && getComputedStyle(n).visibility !== 'hidden';
    const pages = [...document.querySelectorAll('#p-intro .p-page')].filter(shown);
    const indicator = document.querySelector('#p-intro-page');
    const title = document.querySelector('#p-intro-title');
    const out = {
        pages: pages.length,
        indicator: shown(indicator) ? indicator.textContent : '',
        title: shown(title) ? title.textContent : '',
        sections: [], problems: [],
        scroll: [document.documentElement.scrollHeight, document.documentElement.scrollWidth, innerHeight, innerWidth],
        intro: document.querySelector('#p-intro').getBoundingClientRect().toJSON(),
    };
    const boxes = [];
    for (const col of pages.length ? pages[0].querySelectorAll('.p-col') : []) {
        for (const node of col.children) {
            if (node.classList.contains('p-group')) out.sections.push([node.textContent, []]);
            else {
                if (!out.sections.length) out.sections.push(['', []]);  // a page without its heading
                out.sections[out.sections.length - 1][1].push(node.querySelector('.p-person-name').textContent);
            }
            for (const line of [node, ...node.children]) {
                if (line.classList.contains('p-person')) continue;
                const font = parseFloat(getComputedStyle(line).fontSize);
                const text = line.textContent;
                if (font < 54) out.problems.push(`${text}: ${font} px`);
                if (line.scrollWidth > line.clientWidth + 1) out.problems.push(`${text}: wider than its box`);
                const range = document.createRange();
                range.selectNodeContents(line);
                for (const r of range.getClientRects()) {
                    if (r.width === 0) continue;
                    if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
                        out.problems.push(`${text}: off the screen ${JSON.stringify(r)}`);
                    }
                }
                const r = line.getBoundingClientRect();
                for (const [other, o] of boxes) {
                    const overlap = Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top) > 1
                        && Math.min(r.right, o.right) - Math.max(r.left, o.left) > 1;
                    if (overlap) out.problems.push(`${text} overlaps ${other}`);
                }
                boxes.push([text, r]);
            }
        }
    }
    return out;
}"""


def intro_page(projector) -> dict:
    return projector.evaluate(INTRO_PAGE)


def assert_readable(page: dict):
    """One page at a time, every line of it whole on the screen at the floor, nothing scrolling."""
    assert page["pages"] == 1, page
    assert not page["problems"], page["problems"]
    height, width, inner_height, inner_width = page["scroll"]
    assert height <= inner_height and width <= inner_width, page["scroll"]
    assert page["intro"]["bottom"] <= inner_height, page["intro"]


def read_all_pages(projector) -> tuple[dict[str, list[str]], int]:
    """Every section the introductions show, over every page (the page indicator says how many),
    each page checked as it is shown. Returns {heading: names} and the number of pages."""
    projector.wait_for_selector("#p-intro .p-page .p-person-name")
    first = intro_page(projector)
    match = re.fullmatch(r"Trang (\d+)/(\d+)", first["indicator"])
    count = int(match.group(2)) if match else 1
    shown: dict[str, list[str]] = {}
    for n in range(1, count + 1):
        if count > 1:
            projector.wait_for_function(
                "(text) => document.querySelector('#p-intro-page').textContent === text",
                arg=f"Trang {n}/{count}",
                timeout=20000,
            )
        page = intro_page(projector)
        assert_readable(page)
        for head, names in page["sections"]:
            shown.setdefault(head, [])
            shown[head] += [name for name in names if name not in shown[head]]
    return shown, count


def expected_sections(state: dict, only_present: bool = False) -> dict[str, list[str]]:
    """What the introductions should show: the delegates by group in table order (a delegate
    without one under "Đại biểu"), then the chairs and the secretariat."""
    delegates = [d for d in state["delegates"] if d["present"]] if only_present else state["delegates"]
    out: dict[str, list[str]] = {}
    for d in delegates:
        out.setdefault(d["group"] or DEFAULT_GROUP, []).append(d["name"])
    if state["chairs"]:
        out[CHAIRS] = [c["name"] for c in state["chairs"]]
    if state["secretaries"]:
        out[SECRETARIES] = [s["name"] for s in state["secretaries"]]
    return out


@pytest.fixture
def watcher(server):
    """A chair's python-socketio client, to read the meeting's state as the server has it."""
    client = Client(server.url, "chair", server.pins["chair"])
    yield client
    client.close()


def open_projector(pages, page_seconds: float | None = None, **options):
    projector = pages("/m/1/projector", 1920, 1080, **options)
    wait_live(projector, "state !== null")
    if page_seconds is not None:
        projector.evaluate(f"window.INTRO_PAGE_SECONDS = {page_seconds}")
    return projector


def test_the_chair_puts_the_introductions_on_the_projector_and_takes_them_down(
    pages,
    tablet,
    watcher,
    tmp_path,
):
    projector = open_projector(pages, page_seconds=1.5)
    chair = tablet()
    toggle = chair.locator("#intro-toggle")
    assert toggle.inner_text() == "Giới thiệu đại biểu trên màn chiếu"
    assert "suggested" not in toggle.get_attribute("class")
    # The first stage ("… giới thiệu đại biểu …"): the button stands out.
    chair.tap("#stage-next")
    chair.wait_for_selector("#intro-toggle.suggested")

    toggle.tap()
    chair.wait_for_selector("#intro-toggle:has-text('Trở lại màn hình chính')")
    projector.wait_for_function("() => document.body.dataset.mode === 'intro'")
    assert watcher.wait_for(lambda s: s["showing"] == "delegates")
    # The live view gives way; the banner stays on top.
    assert projector.locator("#p-stage").is_hidden() and projector.locator("#p-countdown").is_hidden()
    assert projector.locator(".p-banner-line:visible").count() >= 1
    banner = projector.eval_on_selector("#p-banner", "(n) => n.getBoundingClientRect().bottom")
    assert banner <= projector.eval_on_selector("#p-intro", "(n) => n.getBoundingClientRect().top")
    projector.screenshot(path=str(tmp_path / "projector-introductions.png"))

    shown, count = read_all_pages(projector)
    first = intro_page(projector)
    assert first["title"] == "Giới thiệu đại biểu"
    expected = expected_sections(watcher.state)
    assert shown == expected
    assert list(shown)[-2:] == [CHAIRS, SECRETARIES]  # after the delegates' groups
    print(f"the demo's introductions: {count} page(s)")

    # The chair ticks two delegates present: the projector introduces only those two (and the chairs).
    chair.tap("#present-open")
    chair.wait_for_selector("#present-dialog[open]")
    rows = chair.locator("#present-dialog .present-row")
    assert rows.count() == len(watcher.state["delegates"])
    # Each row is a label: the whole row is the target of its checkbox.
    rects = rows.evaluate_all("(rs) => rs.map((r) => r.getBoundingClientRect().toJSON())")
    assert all(r["height"] >= TAP and r["width"] >= TAP for r in rects), rects
    others = [t for t in chair.evaluate(SMALL_TARGETS, TAP) if not t.startswith("input.")]
    assert not others, f"touch targets under {TAP} px with the list open: {others}"
    first_two = watcher.state["delegates"][:2]
    for d in first_two:
        chair.locator(f".present-row:has(input[data-id='{d['id']}'])").tap()
        watcher.wait_for(lambda s, i=d["id"]: next(x for x in s["delegates"] if x["id"] == i)["present"])
    chair.wait_for_selector("#present-count:has-text('(2/')")
    assert chair.evaluate("document.documentElement.scrollHeight <= innerHeight")
    chair.tap("#present-done")
    chair.wait_for_selector("#present-dialog", state="hidden")

    wanted = expected_sections(watcher.state, only_present=True)
    assert sum(len(v) for k, v in wanted.items() if k not in (CHAIRS, SECRETARIES)) == 2
    projector.wait_for_function(
        "(n) => document.querySelectorAll('#p-intro .p-person-name').length === n",
        arg=sum(len(v) for v in wanted.values()),
    )
    shown, _ = read_all_pages(projector)
    assert shown == wanted
    names = {n for k, v in shown.items() if k not in (CHAIRS, SECRETARIES) for n in v}
    assert names == {d["name"] for d in first_two}

    # The hall message still shows over the introductions.
    watcher.send("message.show", {"text": "Đề nghị giữ trật tự"})
    projector.wait_for_selector("#p-message:not([hidden])")
    message = projector.eval_on_selector(
        "#p-message", "(n) => [getComputedStyle(n).zIndex, n.getBoundingClientRect().height]"
    )
    assert message[0] == "10" and message[1] == 1080
    watcher.send("message.clear", {})

    # Back to the live view.
    chair.tap("#intro-toggle")
    chair.wait_for_selector("#intro-toggle:has-text('Giới thiệu đại biểu trên màn chiếu')")
    projector.wait_for_function("() => document.body.dataset.mode === 'idle'")
    assert projector.locator("#p-intro").is_hidden()
    projector.wait_for_selector("#p-stage:visible")
    assert projector.text_content("#p-stage").startswith("1. ")
    assert watcher.state["showing"] == ""


def test_a_long_list_is_shown_in_columns_and_pages_that_turn_by_themselves(pages, server, watcher):
    secretary = Client(server.url, "secretary", server.pins["secretary"])
    try:
        groups = ["Đại biểu cấp tỉnh", "Đại biểu thị xã", ""]  # "": under "Đại biểu"
        rows = [
            {
                "name": f"Nguyễn Thị Đại Biểu Số {n + 1}",
                "title": "Phó Chủ tịch Hội Liên hiệp Phụ nữ",
                "unit": "Hội LHPN thị xã Kinh Môn",
                "group": groups[n % 3],
            }
            for n in range(30)
        ]
        ack = secretary.send("delegates.import", {"rows": rows})
        assert ack["ok"], ack
    finally:
        secretary.close()
    watcher.wait_for(lambda s: len(s["delegates"]) == 37)
    # Paging is a plain change of page: with reduced motion too, and without any animation.
    projector = open_projector(pages, reduced_motion="reduce")
    assert watcher.send("hall.show", {"what": "delegates"})["ok"]
    projector.wait_for_selector("#p-intro-page:has-text('Trang 1/')")
    started = time.monotonic()
    count = int(projector.text_content("#p-intro-page").split("/")[1])
    assert count >= 2
    columns = int(projector.get_attribute("#p-intro", "data-columns"))
    assert columns >= 2, "a long list takes columns before pages"
    first = intro_page(projector)
    assert_readable(first)
    assert projector.evaluate("window.scrollY === 0 && document.querySelector('#p-intro').scrollTop === 0")

    # The first page stays about 12 seconds.
    projector.wait_for_selector(f"#p-intro-page:has-text('Trang 2/{count}')", timeout=20000)
    assert 10 < time.monotonic() - started < 15
    assert projector.evaluate("document.getAnimations().length") == 0
    projector.evaluate("window.INTRO_PAGE_SECONDS = 1.5")  # the rest faster

    shown: dict[str, list[str]] = {head: list(names) for head, names in first["sections"]}
    for n in range(2, count + 1):
        projector.wait_for_function(
            "(text) => document.querySelector('#p-intro-page').textContent === text",
            arg=f"Trang {n}/{count}",
            timeout=20000,
        )
        page = intro_page(projector)
        assert_readable(page)
        # A page that goes on with a group says which.
        assert page["sections"] and page["sections"][0][0], page["sections"]
        for head, names in page["sections"]:
            shown.setdefault(head, [])
            shown[head] += [name for name in names if name not in shown[head]]
    assert shown == expected_sections(watcher.state)
    assert DEFAULT_GROUP in shown and len(shown[DEFAULT_GROUP]) == 10
    # And round again to the first page.
    projector.wait_for_selector(f"#p-intro-page:has-text('Trang 1/{count}')", timeout=10000)


def test_the_chair_closes_the_meeting_and_reopens_it(pages, tablet, watcher, tmp_path):
    projector = open_projector(pages)
    chair = tablet()
    assert chair.locator("#meeting-close").is_hidden()  # not before the meeting has started
    chair.tap("#stage-next")
    chair.wait_for_selector("#stage-count:has-text('1/6')")
    chair.tap("#btn-next")
    chair.wait_for_selector("#cur-name:has-text('Nguyễn Văn An (demo)')")
    projector.wait_for_selector("#p-name:has-text('Nguyễn Văn An (demo)')")
    stage_id = watcher.wait_for(lambda s: s["speaker_id"] is not None)["stage_id"]

    # A confirmation that names what closing does; dismissed, nothing happens.
    asked: list[str] = []

    def answer(accept: bool):
        def handle(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        chair.once("dialog", handle)

    answer(False)
    chair.tap("#meeting-close")
    chair.wait_for_timeout(300)
    assert watcher.state["ended_at"] is None
    assert "Bế mạc hội nghị?" in asked[0] and "Lượt phát biểu" in asked[0] and "nội dung" in asked[0]

    answer(True)
    chair.tap("#meeting-close")
    state = watcher.wait_for(lambda s: s["ended_at"] is not None)
    assert state["speaker_id"] is None
    runs = next(s for s in state["stages"] if s["id"] == stage_id)["runs"]
    assert runs[-1][1] is not None  # the stage's run ended

    projector.wait_for_selector(".p-ended-title:has-text('Hội nghị đã bế mạc')")
    assert re.fullmatch(r"lúc (\d\d/\d\d/\d{4} )?\d\d:\d\d", projector.text_content("#p-ended-at"))
    assert projector.locator(".p-banner-line:visible").count() >= 1
    for sel in (".p-ended-title", "#p-ended-at"):
        box = projector.eval_on_selector(
            sel, "(n) => [parseFloat(getComputedStyle(n).fontSize), n.getBoundingClientRect().toJSON()]"
        )
        assert box[0] >= FLOOR and box[1]["bottom"] <= 1080 and box[1]["top"] >= 0, (sel, box)
    assert projector.locator("#p-name").is_hidden() and projector.locator("#p-countdown").is_hidden()
    projector.screenshot(path=str(tmp_path / "projector-closed.png"))

    chair.wait_for_selector("#ended-line:has-text('Hội nghị đã bế mạc lúc')")
    for sel in ("#stage-next", "#stage-goto", "#btn-next", "#queue li .call"):
        assert chair.locator(sel).first.is_disabled(), sel
    assert chair.locator("#meeting-close").is_hidden()
    chair.screenshot(path=str(tmp_path / "chair-closed.png"))

    chair.tap("#meeting-reopen")
    watcher.wait_for(lambda s: s["ended_at"] is None)
    projector.wait_for_function("() => document.body.dataset.mode === 'idle'")
    projector.wait_for_selector("#p-stage:visible")
    assert projector.locator("#p-ended").is_hidden()
    chair.wait_for_selector("#stage-next:not([disabled])")
    # Enabled once it has settled: a control whose meaning just changed ignores taps for half a
    # second (static/js/core/steady.js).
    chair.wait_for_selector("#btn-next:enabled:not([aria-disabled])")
    assert chair.locator("#ended-line").is_hidden()
    assert chair.locator("#meeting-close").is_visible()


def test_a_refused_command_shows_the_servers_message(browser, server, watcher):
    """Another screen closed the meeting a moment ago and this tablet has not heard yet (its patches
    held back on the wire): its "Bế mạc hội nghị" is refused, and the tablet says why, in the
    server's words."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN", has_touch=True)
    hold = {"patches": False}

    errors: list[str] = []
    try:
        chair = context.new_page()
        chair.on("pageerror", lambda exc: errors.append(str(exc)))
        hold_patches(chair, hold)
        chair.set_default_timeout(5000)
        chair.goto(server.url + "/m/1/chair")
        login(chair, server.pins["chair"], "Trần Văn Minh")
        chair.tap("#stage-next")
        chair.wait_for_selector("#meeting-close:visible")

        hold["patches"] = True
        assert watcher.send("meeting.close", {})["ok"]
        refusal = watcher.send("meeting.close", {})
        assert not refusal["ok"] and refusal["errors"][0]["code"] == "meeting_phase"
        chair.once("dialog", lambda dialog: dialog.accept())
        chair.tap("#meeting-close")
        chair.wait_for_selector("#toast.error")
        assert chair.text_content("#toast") == "Không thực hiện được khi hội nghị đã kết thúc."
        assert chair.text_content("#toast") == refusal["errors"][0]["message"]

        # The next patch shows the gap: the tablet fetches the meeting and shows it closed.
        hold["patches"] = False
        assert watcher.send("message.show", {"text": "Hội nghị đã kết thúc"})["ok"]
        chair.wait_for_selector("#meeting-reopen:visible")
    finally:
        context.close()
    assert errors == [], errors


@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_meeting_bar_keeps_the_tablet_on_one_screen(tablet, watcher, width, height):
    assert watcher.send("stage.next", {"expected_stage_id": None})["ok"]
    assert watcher.send("hall.show", {"what": "delegates"})["ok"]
    chair = tablet(width, height)
    chair.wait_for_selector("#intro-toggle.on")
    for sel in ("#intro-toggle", "#present-open", "#meeting-close"):
        r = chair.eval_on_selector(sel, "(n) => n.getBoundingClientRect().toJSON()")
        assert r["height"] >= TAP and r["width"] >= TAP and r["right"] <= width and r["bottom"] <= height, (sel, r)
    assert chair.evaluate("document.documentElement.scrollHeight <= innerHeight")
    assert not chair.evaluate(SMALL_TARGETS, TAP)

    assert watcher.send("hall.show", {"what": ""})["ok"]
    assert watcher.send("meeting.close", {})["ok"]
    chair.wait_for_selector("#meeting-reopen:visible")
    assert chair.evaluate("document.documentElement.scrollHeight <= innerHeight")
    assert not chair.evaluate(SMALL_TARGETS, TAP)
