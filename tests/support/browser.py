"""What the browser tests share: how Chromium is launched, logging in on a page, holding back a
page's patches, measuring a glyph, the chair's tablet sizes, a page watcher that records every
violation of the Content-Security-Policy, and the demo meeting held from start to close."""

from __future__ import annotations

import os
from datetime import date

from .client import Client

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def hold_patches(page, hold: dict) -> None:
    """Hold back the patches on this page's WebSocket while ``hold["patches"]`` is true: a screen
    that has not heard of a change yet (everything else passes)."""

    def route(ws):
        upstream = ws.connect_to_server()

        def from_server(message):
            if hold["patches"] and isinstance(message, str) and message.startswith('42["patch"'):
                return
            ws.send(message)

        upstream.on_message(from_server)
        ws.on_message(lambda message: upstream.send(message))

    page.route_web_socket("**/socket.io/**", route)


def login(page, pin: str, name: str = "Nguyễn Thị Thư Ký"):
    if not page.input_value("#person"):  # remembered by the browser after the first time
        page.fill("#person", name)
    page.fill("#pin", pin)
    page.press("#pin", "Enter")
    page.wait_for_selector("#app:not([hidden])")


def glyph_height(page, selector: str) -> float:
    """The painted height of a digit/capital in the element's font, in CSS pixels."""
    return page.evaluate(
        """(sel) => {
            const node = document.querySelector(sel);
            const ctx = document.createElement('canvas').getContext('2d');
            const cs = getComputedStyle(node);
            ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
            const m = ctx.measureText('0');
            return m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
        }""",
        selector,
    )


SIZES = [(1280, 800), (1180, 820), (800, 1280)]  # a 1280×800 tablet, an iPad-class one, portrait
TAP = 44  # px: the smallest touch target

# Every visible control smaller than TAP×TAP, described well enough to find it.
SMALL_TARGETS = """(tap) => [...document.querySelectorAll('button, select, input, summary, a, textarea, [role=button]')]
    .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .map((e) => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width < tap || r.height < tap)
    .map(([e, r]) => {
        const text = e.textContent.trim().slice(0, 30);
        const name = e.id ? '#' + e.id : `${e.tagName.toLowerCase()}.${e.className} "${text}"`;
        return `${name} ${Math.round(r.width)}x${Math.round(r.height)}`;
    })"""


# Reports every violation of the policy to the test, before any of the page's scripts runs.
RECORDER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolation({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, sample: e.sample,
  });
});
"""


class Watch:
    """Open pages in fresh contexts that record every violation of the policy and every script
    error; ``check()`` waits for late reports and fails on any."""

    def __init__(self, browser, server):
        self.browser, self.server = browser, server
        self.contexts: list = []
        self.pages: list = []
        self.violations: list[dict] = []
        self.errors: list[str] = []

    def open(self, path: str, width: int = 1280, height: int = 800, script: str = "", **options):
        context = self.browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN", **options)
        self.contexts.append(context)
        context.expose_function("cspViolation", lambda report: self.violations.append({"page": path, **report}))
        context.add_init_script(RECORDER + script)
        page = context.new_page()
        page.on("console", lambda message: self._console(path, message.text))
        page.on("pageerror", lambda exc: self.errors.append(f"{path}: {exc}"))
        page.set_default_timeout(5000)
        page.goto(self.server.url + path)
        self.pages.append(page)
        return page

    def _console(self, path: str, text: str) -> None:
        if "Content Security Policy" in text:
            self.violations.append({"page": path, "console": text})

    def settle(self) -> None:
        """Violation events are queued tasks: give every open page a moment to deliver them."""
        for page in self.pages:
            page.evaluate("new Promise((resolve) => setTimeout(resolve, 150))")

    def check(self) -> None:
        self.settle()
        assert self.violations == [], self.violations
        assert self.errors == [], self.errors

    def close(self) -> None:
        for context in self.contexts:
            context.close()


YEAR = date.today().year + 1
OFFICE_NAME = "Trần Thị Văn Phòng"


FIRST_OPINION = "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ"
SECOND_OPINION = "Đường giao thông nội đồng xuống cấp, đề nghị sửa chữa"


def ok(client: Client, name: str, payload: dict | None = None) -> dict:
    """Send a command, and wait until the client's state shows it."""
    ack = client.send(name, payload or {})
    assert ack["ok"], (name, ack)
    return client.wait_for(lambda s: s["version"] >= ack["version"])


def hold_the_meeting(server) -> None:
    """The demo meeting from start to close: two citizens speak, each raises an opinion; the first
    is answered at the meeting, the second has no outcome yet."""
    chair = Client(server.url, "chair", server.pins["chair"])
    secretary = Client(server.url, "secretary", server.pins["secretary"])
    try:
        state = ok(chair, "stage.next", {"expected_stage_id": None})
        for _ in range(2):
            state = ok(chair, "stage.next", {"expected_stage_id": state["stage_id"]})
        categories = secretary.state["settings"]["categories"]
        first = ok(chair, "speaker.call_next", {"expected_speaker_id": None})["speaker_id"]
        ok(chair, "timer.start", {"speaker_id": first})
        ok(secretary, "opinion.add", {"summary": FIRST_OPINION, "category": categories[0], "speaker_id": first})
        second = ok(chair, "speaker.call_next", {"expected_speaker_id": first})["speaker_id"]
        ok(chair, "timer.start", {"speaker_id": second})
        ok(secretary, "opinion.add", {"summary": SECOND_OPINION, "category": categories[3], "speaker_id": second})
        ok(chair, "speaker.end", {"speaker_id": second})
        opinions = secretary.wait_for(lambda s: len(s["opinions"]) == 2)["opinions"]
        answer = {"answer": "Đã hoàn thiện hồ sơ, trả sổ trong tháng 6", "answered_by": "Chủ tịch UBND xã"}
        ok(secretary, "opinion.outcome", {"opinion_id": opinions[0]["id"], "outcome": "answered", **answer})
        ok(chair, "meeting.close")
    finally:
        chair.close()
        secretary.close()


def door_pin(server) -> str:
    """The door's PIN of the demo meeting, as the office's page lists it."""
    office = Client(server.url, "office", server.office_pin)
    try:
        return next(m for m in office.meetings() if m["id"] == 1)["pins"]["door"]
    finally:
        office.close()


# A page's scripts are ES modules: nothing of theirs is global. A test reaches the page's connection
# (static/js/core/connection.js) through its entry module, which exports it as `live`.
ENTRY = "document.querySelector('script[type=module]').src"
LIVE = f"(await import({ENTRY})).live"


def core(module: str) -> str:
    """A JS expression that imports a core module as the page's own modules do: relative to its entry
    module, so under the static files' hashed prefix (``server/static_files.py``)."""
    return f"import(new URL('../../core/{module}.js', {ENTRY}))"


def wait_live(page, condition: str, **kwargs) -> None:
    """Wait until ``condition`` holds, a JS expression over ``live`` and ``state`` (its state)."""
    function = f"async () => {{ const live = {LIVE}; const state = live.state; return {condition}; }}"
    page.wait_for_function(function, **kwargs)


def live_eval(page, expression: str):
    """The value of a JS expression over the page's ``live`` and ``state``."""
    return page.evaluate(f"async () => {{ const live = {LIVE}; const state = live.state; return {expression}; }}")


def record_commands(page) -> None:
    """From now on the page's commands are kept in ``window.sent`` as they are sent."""
    page.evaluate(
        f"""async () => {{
            window.sent = [];
            const live = {LIVE};
            const send = live.send.bind(live);
            live.send = (...args) => (window.sent.push(args), send(...args));
        }}"""
    )
