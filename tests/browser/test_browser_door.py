"""Check-in at the door in real Chromium against the real server: the door team's phone (390×844,
touch) finds an invited citizen by a few letters typed without diacritics and checks them in with a
tap; the chair's tablet counts them within a second and puts the attendance on the projector
(1920×1080, read from 20 m: counts only, never a name). Two door phones tapping the same person
check them in once, and the second is told so in Vietnamese; a wrong tap is undone; someone not on
the list is added as a walk-in and counted as such.

The invited citizens are imported into the demo meeting by a python-socketio client playing the
secretary (tests/support/client.py); the door's PIN is read as the office reads it (``meetings.list``)."""

from __future__ import annotations

import pytest

from ..support.browser import SIZES, SMALL_TARGETS, TAP, door_pin, hold_patches, login, wait_live
from ..support.client import Client

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DOOR_TAP = 48  # px: the smallest touch target on the door's phone
FLOOR = 54  # px: what a listener reads at 20 m on a 1920×1080 projector
ALREADY = "Công dân này đã được điểm danh (có thể trên máy khác ở cửa)."
CITIZENS = [
    ("Nguyễn Văn An", "Xóm Đông"),
    ("Nguyễn Văn Anh", "Xóm Trong"),
    ("Nguyễn Thị Ánh", "Xóm Đông"),
    ("Trần Văn Bình", "Xóm Ngoài"),
    ("Đặng Thị Đào", "Xóm Chùa"),
    ("Lê Thị Hoa", "Xóm Đông"),
    ("Phạm Văn Nam", "Xóm Trong"),
]

# Every visible control of the page smaller than tap×tap, and every visible text under 16 px (iOS
# zooms into a field whose text is smaller).
PHONE_PROBLEMS = """(tap) => {
    const shown = (e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden';
    const name = (e) => e.id
        ? '#' + e.id
        : `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 30)}"`;
    const out = [];
    for (const e of document.querySelectorAll('#app button, #app input, #app select, #app a, #app summary')) {
        if (!shown(e)) continue;
        const r = e.getBoundingClientRect();
        if (r.width < tap || r.height < tap) out.push(`${name(e)} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    for (const e of document.querySelectorAll('#app *')) {
        if (!shown(e) || ![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        const font = parseFloat(getComputedStyle(e).fontSize);
        if (font < 16) out.push(`${name(e)}: ${font} px`);
    }
    for (const e of document.querySelectorAll('#app input, #app select')) {
        if (shown(e) && parseFloat(getComputedStyle(e).fontSize) < 16) out.push(`${name(e)}: field under 16 px`);
    }
    const width = document.documentElement.scrollWidth;
    if (width > innerWidth) out.push(`scrolls sideways: ${width}`);
    return out;
}"""

# The projector's attendance view: what is shown, and every line that is not readable from the back.
ATTENDANCE = """() => {
    const shown = (n) => n.getClientRects().length > 0 && getComputedStyle(n).visibility !== 'hidden';
    const walkIns = document.querySelector('#p-att-walk-ins');
    const texts = (cells) => [...cells].map((c) => c.textContent);
    const out = {mode: document.body.dataset.mode, problems: [], text: document.body.innerText,
        count: document.querySelector('#p-att-count').textContent,
        walkIns: shown(walkIns) ? walkIns.textContent : '',
        rows: [...document.querySelectorAll('.p-att-table tbody tr')].map((tr) => texts(tr.cells)),
        heads: texts(document.querySelectorAll('.p-att-table thead th')),
        scroll: [document.documentElement.scrollHeight, document.documentElement.scrollWidth]};
    const lines = [...document.querySelectorAll('#p-att-title, #p-att *, .p-att-table th, .p-att-table td')]
        .filter((n) => shown(n) && [...n.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim()));
    for (const n of lines) {
        const font = parseFloat(getComputedStyle(n).fontSize);
        const r = n.getBoundingClientRect();
        if (font < 54) out.problems.push(`${n.textContent}: ${font} px`);
        if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
            out.problems.push(`${n.textContent}: off the screen ${JSON.stringify(r)}`);
        }
    }
    return out;
}"""


@pytest.fixture
def hall(server):
    """The demo meeting with its invited citizens imported; yields a chair's client that reads the
    meeting as the server has it."""
    secretary = Client(server.url, "secretary", server.pins["secretary"])
    try:
        ack = secretary.send("citizens.import", {"rows": [{"name": n, "xom": x} for n, x in CITIZENS]})
        assert ack["ok"], ack
    finally:
        secretary.close()
    chair = Client(server.url, "chair", server.pins["chair"])
    chair.wait_for(lambda s: s["attendance"]["listed"] == len(CITIZENS))
    yield chair
    chair.close()


@pytest.fixture
def phones(browser, server):
    """Open the door page on a touch phone (or another size) and sign in with the door's PIN; the
    test fails on any script error. ``hold`` holds back the patches on this phone's wire while
    ``hold["patches"]`` is true (a phone that has not heard yet)."""
    contexts, errors = [], []
    pin = door_pin(server)

    def open_door(viewport: dict | None = None, hold: dict | None = None, person: str = "Tổ đón tiếp"):
        touch = viewport is None
        context = browser.new_context(
            viewport=viewport or PHONE, has_touch=touch, is_mobile=touch, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(5000)
        if hold is not None:
            hold_patches(page, hold)
        page.goto(server.url + "/m/1/door")
        login(page, pin, person)
        page.wait_for_selector("#door-total:has-text('Có mặt')")
        return page

    yield open_door
    for c in contexts:
        c.close()
    assert errors == [], errors


def row(page, name: str):
    """The button of the result that is exactly `name` ("Nguyễn Văn An", not "Nguyễn Văn Anh")."""
    return page.locator(f"#door-list li:has(.name:text-is('{name}')) button.who")


def citizen(state: dict, name: str) -> dict:
    return next(c for c in state["citizens"] if c["name"] == name)


def test_the_door_finds_a_name_typed_without_diacritics_and_the_chair_and_projector_count_it(
    pages,
    phones,
    tablet,
    hall,
    tmp_path,
):
    projector = pages("/m/1/projector", 1920, 1080)
    wait_live(projector, "state !== null")
    chair = tablet()
    chair.wait_for_selector("#attendance-open:has-text('Có mặt 0/100')")
    door = phones()

    # The search has the focus; the counts are on top, per xóm too.
    assert door.evaluate("document.activeElement.id") == "door-search"
    assert door.text_content("#door-total") == "Có mặt 0/100"
    assert "Xóm Đông 0/3" in door.locator("#door-xoms li").all_inner_texts()
    door.locator("#door-search").press_sequentially("nguyen van a")
    door.wait_for_selector("#door-list li:has-text('Nguyễn Văn An')")
    names = door.locator("#door-list .name").all_text_contents()
    assert set(names) == {"Nguyễn Văn An", "Nguyễn Văn Anh"}  # "a" is the start of "An" and "Anh"
    # In any order, and đ is d.
    door.fill("#door-search", "an nguyen thi")
    door.wait_for_function(
        "() => [...document.querySelectorAll('#door-list .name')].map((n) => n.textContent).join() === 'Nguyễn Thị Ánh'"
    )
    door.fill("#door-search", "dao dang")
    door.wait_for_selector("#door-list .name:text-is('Đặng Thị Đào')")
    door.fill("#door-search", "nguyen van a")
    door.wait_for_selector("#door-list li:has-text('Nguyễn Văn Anh')")
    problems = door.evaluate(PHONE_PROBLEMS, DOOR_TAP)
    assert not problems, problems
    door.screenshot(path=str(tmp_path / "door-search.png"))

    # One tap checks him in; the chair counts him within a second.
    row(door, "Nguyễn Văn An").tap()
    chair.wait_for_selector("#attendance-open:has-text('Có mặt 1/100')", timeout=1000)
    door.wait_for_selector("#toast.ok:has-text('Đã điểm danh: Nguyễn Văn An')")
    assert door.text_content("#door-total") == "Có mặt 1/100"
    state = hall.wait_for(lambda s: citizen(s, "Nguyễn Văn An")["present"])
    assert state["attendance"]["present"] == 1
    assert not citizen(state, "Nguyễn Văn Anh")["present"]
    # The search is emptied for the next person, and he heads the ones just checked in.
    assert door.input_value("#door-search") == ""
    door.wait_for_selector("#door-results-title:has-text('Vừa điểm danh')")
    assert door.locator("#door-list li.present .name").first.text_content() == "Nguyễn Văn An"
    assert "Xóm Đông 1/3" in door.locator("#door-xoms li").all_inner_texts()

    # The chair's panel, per xóm; then the attendance on the projector.
    chair.tap("#attendance-open")
    chair.wait_for_selector("#attendance-dialog[open]")
    cells = chair.locator("#attendance-rows tr:has-text('Xóm Đông') > *").all_text_contents()
    assert cells == ["Xóm Đông", "1", "3", "30"]  # present, invited, allocated
    assert chair.evaluate("document.documentElement.scrollHeight <= innerHeight")
    small = chair.evaluate(SMALL_TARGETS, TAP)
    assert not small, small
    chair.tap("#attendance-toggle-panel")
    projector.wait_for_function("() => document.body.dataset.mode === 'attendance'", timeout=1000)
    chair.wait_for_selector("#attendance-toggle:has-text('Trở lại màn hình chính')")
    chair.tap("#attendance-dialog button[type=submit]")
    chair.wait_for_selector("#attendance-dialog", state="hidden")

    shown = projector.evaluate(ATTENDANCE)
    assert shown["count"] == "1/100"
    assert shown["heads"] == ["Xóm", "Có mặt", "Phân bổ"]
    assert ["Xóm Đông", "1/3", "30"] in shown["rows"]  # present of invited, allocated
    assert not shown["problems"], shown["problems"]
    assert shown["scroll"] == [1080, 1920]
    assert "Điểm danh" in shown["text"]
    assert not [n for n, _x in CITIZENS if n in shown["text"]], "the projector shows no citizen's name"
    assert projector.locator("#p-countdown").is_hidden()
    projector.screenshot(path=str(tmp_path / "projector-attendance.png"))

    # The next check-in reaches the projector within a second.
    door.fill("#door-search", "tran binh")
    row(door, "Trần Văn Bình").tap()
    projector.wait_for_selector("#p-att-count:text-is('2/100')", timeout=1000)
    chair.wait_for_selector("#attendance-open:has-text('Có mặt 2/100')")

    # Back to the live view.
    chair.tap("#attendance-toggle")
    projector.wait_for_function("() => document.body.dataset.mode === 'idle'")
    assert projector.locator("#p-att").is_hidden()
    chair.wait_for_selector("#attendance-toggle:has-text('Hiện điểm danh trên màn chiếu')")
    assert hall.wait_for(lambda s: s["showing"] == "")


def test_two_door_phones_tapping_the_same_person_check_in_once_and_a_wrong_tap_is_undone(phones, hall):
    first = phones()
    hold = {"patches": False}
    second = phones(hold=hold, person="Tổ đón tiếp 2")
    for page in (first, second):
        page.fill("#door-search", "binh")
        page.wait_for_selector("#door-list li:has-text('Trần Văn Bình') .status.todo")

    # The second phone has not heard of the first one's tap when it taps too.
    hold["patches"] = True
    row(first, "Trần Văn Bình").tap()
    state = hall.wait_for(lambda s: citizen(s, "Trần Văn Bình")["present"])
    assert second.locator("#door-list li:has-text('Trần Văn Bình') .status.todo").is_visible()
    row(second, "Trần Văn Bình").tap()
    second.wait_for_selector("#toast.error")
    assert second.text_content("#toast") == ALREADY
    # The list shows what the server holds even before the patches get through.
    second.wait_for_selector("#door-list li.present:has-text('Trần Văn Bình')")
    assert hall.state["attendance"]["present"] == 1
    assert hall.state["version"] == state["version"]  # the refusal changed nothing
    hold["patches"] = False

    # A tap on one already present offers to undo it; the undo reaches every screen.
    first.wait_for_selector("#door-list li.present:has-text('Trần Văn Bình')")
    row(first, "Trần Văn Bình").tap()
    first.wait_for_selector("#door-list li.open .undo:has-text('Hủy điểm danh')")
    problems = first.evaluate(PHONE_PROBLEMS, DOOR_TAP)
    assert not problems, problems
    first.tap("#door-list li.open .undo")
    first.wait_for_selector("#toast.ok:has-text('Đã hủy điểm danh: Trần Văn Bình')")
    state = hall.wait_for(lambda s: not citizen(s, "Trần Văn Bình")["present"])
    assert state["attendance"]["present"] == 0
    assert first.text_content("#door-total") == "Có mặt 0/100"
    second.wait_for_selector("#door-total:text-is('Có mặt 0/100')")
    second.fill("#door-search", "binh")
    second.wait_for_selector("#door-list li:has-text('Trần Văn Bình') .status.todo")
    # And he can be checked in again, from the other phone.
    row(second, "Trần Văn Bình").tap()
    hall.wait_for(lambda s: citizen(s, "Trần Văn Bình")["present"])
    first.wait_for_selector("#door-total:text-is('Có mặt 1/100')")


def test_a_walk_in_is_added_present_and_counted_as_such(phones, tablet, hall, tmp_path):
    chair = tablet()
    door = phones()
    door.fill("#door-search", "hoang van moi")
    door.wait_for_selector("#door-none:has-text('Không có ai trong danh sách khớp với “hoang van moi”.')")
    door.tap("#walkin-open")
    door.wait_for_selector("#walkin-form:visible")
    assert door.input_value("#walkin-name") == "hoang van moi"  # what was typed, to correct
    door.fill("#walkin-name", "Hoàng Văn Mới")
    options = door.locator("#walkin-xom option").all_text_contents()
    assert options == ["Chọn xóm", "Xóm Đông", "Xóm Trong", "Xóm Ngoài", "Xóm Chùa", "Khác…"]
    door.select_option("#walkin-xom", "Xóm Chùa")
    problems = door.evaluate(PHONE_PROBLEMS, DOOR_TAP)
    assert not problems, problems
    door.screenshot(path=str(tmp_path / "door-walk-in.png"), full_page=True)
    door.tap("#walkin-form button[type=submit]")
    door.wait_for_selector("#toast.ok:has-text('Đã thêm khách và điểm danh: Hoàng Văn Mới')")
    state = hall.wait_for(lambda s: any(c["name"] == "Hoàng Văn Mới" for c in s["citizens"]))
    walk_in = citizen(state, "Hoàng Văn Mới")
    assert walk_in["walk_in"] and walk_in["present"] and walk_in["xom"] == "Xóm Chùa"
    assert state["attendance"]["walk_ins"] == 1 and state["attendance"]["present"] == 1
    chair.wait_for_selector("#attendance-open:text-is('Có mặt 1/100 (khách 1)')")
    door.wait_for_selector("#door-walk-ins:text-is('(khách 1)')")
    assert door.locator("#walkin-form").is_hidden()
    door.wait_for_selector("#door-list li.present:has-text('Hoàng Văn Mới'):has-text('khách')")

    # From a xóm the meeting does not know: "Khác…" and its name typed in.
    door.tap("#walkin-open")
    door.fill("#walkin-name", "Vũ Thị Xa")
    door.select_option("#walkin-xom", label="Khác…")
    door.fill("#walkin-xom-other", "Xóm Bãi")
    door.tap("#walkin-form button[type=submit]")
    door.wait_for_selector("#toast.ok:has-text('Vũ Thị Xa')")
    state = hall.wait_for(lambda s: s["attendance"]["walk_ins"] == 2)
    assert citizen(state, "Vũ Thị Xa")["xom"] == "Xóm Bãi"
    assert {"xom": "Xóm Bãi", "allocated": None, "invited": 0, "present": 1} in state["attendance"]["per_xom"]
    chair.wait_for_selector("#attendance-open:text-is('Có mặt 2/100 (khách 2)')")
    door.wait_for_selector("#door-xoms li:has-text('Xóm Bãi')")

    # Someone already on the list is refused as a walk-in, and found on the list to check in.
    door.tap("#walkin-open")
    door.fill("#walkin-name", "Lê Thị Hoa")
    door.select_option("#walkin-xom", "Xóm Đông")
    door.tap("#walkin-form button[type=submit]")
    door.wait_for_selector("#walkin-same:has-text('Công dân này (cùng họ tên và xóm) đã có trong danh sách mời')")
    door.wait_for_selector("#door-list li:has-text('Lê Thị Hoa') .status.todo")
    assert hall.state["attendance"]["walk_ins"] == 2


def test_the_door_works_from_a_laptop_keyboard(phones, hall):
    door = phones({"width": 1366, "height": 768})
    door.keyboard.type("hoa le")
    door.wait_for_selector("#door-list li:has-text('Lê Thị Hoa')")
    door.keyboard.press("Enter")  # the one person found is checked in
    hall.wait_for(lambda s: citizen(s, "Lê Thị Hoa")["present"])
    door.wait_for_function("() => document.activeElement.id === 'door-search' && !document.activeElement.value")
    width = door.eval_on_selector(".door-app", "(n) => n.getBoundingClientRect().width")
    assert width <= 700  # a column that reads well, not stretched across the screen


@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_attendance_keeps_the_chair_tablet_on_one_screen(server, tablet, hall, width, height):
    secretary = Client(server.url, "secretary", server.pins["secretary"])
    try:
        for name in ("Khách Thứ Nhất", "Khách Thứ Hai"):
            assert secretary.send("citizen.walk_in", {"name": name, "xom": "Xóm Đông"})["ok"]
    finally:
        secretary.close()
    assert hall.send("stage.next", {"expected_stage_id": None})["ok"]
    assert hall.send("hall.show", {"what": "attendance"})["ok"]
    chair = tablet(width, height)
    chair.wait_for_selector("#attendance-toggle.on:has-text('Trở lại màn hình chính')")
    assert chair.text_content("#attendance-open") == "Có mặt 2/100 (khách 2)"
    for sel in ("#intro-toggle", "#present-open", "#attendance-open", "#attendance-toggle", "#meeting-close"):
        r = chair.eval_on_selector(sel, "(n) => n.getBoundingClientRect().toJSON()")
        assert r["height"] >= TAP and r["width"] >= TAP and r["right"] <= width and r["bottom"] <= height, (sel, r)
    assert chair.evaluate("document.documentElement.scrollHeight <= innerHeight")
    assert not chair.evaluate(SMALL_TARGETS, TAP)
    chair.tap("#attendance-open")
    chair.wait_for_selector("#attendance-dialog[open]")
    assert chair.evaluate("document.documentElement.scrollHeight <= innerHeight")
    assert not chair.evaluate(SMALL_TARGETS, TAP)


def test_many_xom_fit_the_projector_at_the_floor(pages, server, tmp_path):
    secretary = Client(server.url, "secretary", server.pins["secretary"])
    try:
        rows = [{"name": f"Người Được Mời {n + 1}", "xom": f"Xóm Số {n % 10 + 1}"} for n in range(140)]
        ack = secretary.send("citizens.import", {"rows": rows})
        assert ack["ok"], ack
        for citizen_id in ack["created"]["citizens"][:30]:
            assert secretary.send("citizen.checkin", {"citizen_id": citizen_id})["ok"]
    finally:
        secretary.close()
    chair = Client(server.url, "chair", server.pins["chair"])
    try:
        assert chair.send("hall.show", {"what": "attendance"})["ok"]
    finally:
        chair.close()
    projector = pages("/m/1/projector", 1920, 1080)
    projector.wait_for_function("() => document.body.dataset.mode === 'attendance'")
    shown = projector.evaluate(ATTENDANCE)
    assert shown["count"] == "30/100"
    assert len(shown["rows"]) == 14  # the 4 xóm of the allocation, then the 10 of the list
    assert not shown["problems"], shown["problems"]
    assert shown["scroll"] == [1080, 1920]
    projector.screenshot(path=str(tmp_path / "projector-attendance-14.png"))


def test_the_office_hands_out_the_door_pin_and_a_new_one_signs_the_door_out(pages, phones, server):
    door = phones()
    office = pages("/office", 1366, 800)
    login(office, server.office_pin, "Trần Thị Văn Phòng")
    item = office.locator("#meeting-list li[data-id='1']")
    item.wait_for()
    assert item.locator("a[data-screen=door]").text_content() == "Cửa (điểm danh)"
    assert item.locator("a[data-screen=door]").get_attribute("href") == "/m/1/door"
    old = item.locator("[data-pin=door] b").text_content()
    assert old == door_pin(server)

    office.once("dialog", lambda dialog: dialog.accept())
    item.locator("[data-new-pin=door]").click()
    office.wait_for_function(
        "(old) => document.querySelector(\"#meeting-list li[data-id='1'] [data-pin=door] b\").textContent !== old",
        arg=old,
    )
    new = item.locator("[data-pin=door] b").text_content()
    assert new == door_pin(server) and new != old
    # The phone with the old PIN is back at the PIN form, told why.
    door.wait_for_selector("#pin-form:visible")
    assert door.locator("#pin-error").is_visible()
    login(door, new)
    door.wait_for_selector("#door-total:has-text('Có mặt')")


def test_the_door_finds_both_namesakes_and_tells_them_apart(server, phones, hall):
    """Two "Trần Thị Hương" of Xóm Đông, born 1951 and 1988: the door shows both with their year of
    birth, checks in the one who came, and a third of that name is added as a walk-in once the team
    gives her year of birth."""
    secretary = Client(server.url, "secretary", server.pins["secretary"])  # sees the years of birth
    try:
        check_namesakes(secretary, phones, hall)
    finally:
        secretary.close()


def check_namesakes(secretary, phones, hall):
    for year in (1951, 1988):
        payload = {"name": "Trần Thị Hương", "xom": "Xóm Đông", "year_of_birth": year, "gender": "nu"}
        ack = secretary.send("citizen.add", payload)
        assert ack["ok"], ack
    hall.wait_for(lambda s: s["attendance"]["listed"] == len(CITIZENS) + 2)
    door = phones()
    door.fill("#door-search", "huong tran")
    door.wait_for_function("() => document.querySelectorAll('#door-list li').length === 2")
    shown = door.locator("#door-list li .who-text").evaluate_all(
        "rows => rows.map((r) => [...r.children].map((c) => c.textContent).join(' | '))"
    )
    assert sorted(shown) == [
        "Trần Thị Hương | sinh 1951 · nữ | Xóm Đông",
        "Trần Thị Hương | sinh 1988 · nữ | Xóm Đông",
    ]
    # A name that does not repeat shows no year: nothing to tell apart.
    assert door.locator("#door-list li .born").count() == 2
    door.locator("#door-list li:has-text('sinh 1988') button.who").tap()
    state = secretary.wait_for(lambda s: s["attendance"]["present"] == 1)
    present = [c for c in state["citizens"] if c["present"]]
    assert [(c["name"], c["year_of_birth"]) for c in present] == [("Trần Thị Hương", 1988)]

    # A walk-in of that name: refused as the same name, then added with her year of birth.
    door.tap("#walkin-open")
    door.fill("#walkin-name", "Trần Thị Hương")
    door.select_option("#walkin-xom", "Xóm Đông")
    door.tap("#walkin-form button[type=submit]")
    door.wait_for_selector("#walkin-more:visible")
    assert "năm sinh" in door.text_content("#walkin-more .walkin-same")
    door.fill("#walkin-year", "1970")
    door.tap("#walkin-form button[type=submit]")
    door.wait_for_selector("#toast.ok:has-text('Trần Thị Hương')")
    state = secretary.wait_for(lambda s: s["attendance"]["walk_ins"] == 1)
    walk_in = next(c for c in state["citizens"] if c["walk_in"])
    assert (walk_in["name"], walk_in["year_of_birth"], walk_in["present"]) == ("Trần Thị Hương", 1970, True)
    assert door.locator("#walkin-more").is_hidden()
