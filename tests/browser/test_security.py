"""The security headers (server/security.py) on every response, and the Content-Security-Policy
proven in real Chromium: every page works with no inline script, no inline style markup and nothing
from another origin, and the browser reports no violation of the policy.

The Flask client checks the headers and the markup of every template; the browser tests (marked
``browser``) open every screen in pages that record each violation, both as the
``securitypolicyviolation`` event and as Chromium's console message."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from server.security import CSP, HEADERS

from ..support.browser import Watch, core, door_pin, hold_the_meeting, login
from ..support.client import Client, office_screen

ROOT = Path(__file__).resolve().parents[2]

PAGES = (
    "/",
    "/office",
    "/followup",
    "/m/1/chair",
    "/m/1/secretary",
    "/m/1/projector",
    "/m/1/door",
    "/m/1/phone",
    "/m/1/documents",
    "/m/1/documents?as=office",
)


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def assert_headers(response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (response.request.path, name)
    assert "Strict-Transport-Security" not in response.headers  # plain http on the hall's LAN


class Markup(HTMLParser):
    """What a page's markup would need the policy to allow: inline scripts, inline styles, event
    handler attributes, javascript: URLs, and anything loaded from another origin."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.data: list[str] = []  # the text of each <script type="application/json">
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> (an inline event handler)")
            if name == "style":
                self.problems.append(f"<{tag} style=…> (an inline style attribute)")
            if name in {"href", "src", "action", "formaction"} and value:
                if value.strip().lower().startswith("javascript:"):
                    self.problems.append(f"<{tag} {name}={value!r}>")
                if value.startswith(("http:", "https:", "//")):
                    self.problems.append(f"<{tag} {name}={value!r}> (another origin)")
        if tag == "style":
            self.problems.append("<style> (an inline style element)")
        if tag == "script":
            if attrs.get("src"):
                self._in = None
            elif attrs.get("type") == "application/json":
                self._in = "json"
                self.data.append("")
            else:
                self.problems.append(f"<script {attrs}> without src (an inline script)")
                self._in = None

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in == "json":
            self.data[-1] += data


def markup(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def test_the_policy_allows_only_the_server_itself():
    policy = directives(CSP)
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == ["'self'"]
    for name, sources in policy.items():
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, name
        assert all(s.startswith("'") or s.endswith(":") for s in sources), (name, sources)  # no host
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == ["'none'"]
    assert policy["media-src"] == ["'self'", "data:"]  # NoSleep.js's muted video
    assert policy["img-src"] == ["'self'", "data:"]  # the favicon "data:,"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_headers_and_no_inline_script_or_style(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert_headers(response)
    found = markup(response.text)
    assert found.problems == [], (path, found.problems)


def test_the_page_data_is_json_that_cannot_close_its_element(client):
    for path, meeting_id in (("/m/1/chair", 1), ("/m/1/phone", 1), ("/office", None), ("/followup", None)):
        found = markup(client.get(path).text)
        assert len(found.data) == 1, path
        assert "<" not in found.data[0]  # tojson escapes it: a sentence cannot end the element
        data = json.loads(found.data[0])
        assert data["meeting_id"] == meeting_id
        assert isinstance(data["strings"], dict) and data["strings"]["connecting"]
    page = client.get("/m/1/chair").text
    assert page.index('id="page-data"') < page.index("js/pages/chair/main.js")  # read by static/js/core/page.js
    page = client.get("/office").text
    assert page.index('id="page-data"') < page.index("js/pages/office/main.js")


def test_errors_downloads_and_redirects_have_the_headers_too(client):
    for path, status in (
        ("/m/99/chair", 404),
        ("/no/such/page", 404),
        ("/m/1/qr.svg", 200),
        ("/lang/en?next=/office", 302),
        ("/healthz", 200),
    ):
        with client.get(path) as response:
            assert response.status_code == status, path
            assert_headers(response)
            if path.startswith("/m/99"):
                assert markup(response.text).problems == []


def test_scripts_and_styles_carry_nosniff_and_no_document_policy(client):
    """A script's or a stylesheet's own policies have no effect (the page's govern it): they carry
    nosniff, which does, and not the ~400 bytes of the others, a dozen times in a phone's first load."""
    static = client.application.static_url_path
    for path, mimetype in (
        (f"{static}/js/core/page.js", "text/javascript"),
        (f"{static}/vendor/socket.io/socket.io.esm.min.js", "text/javascript"),
        (f"{static}/css/requests.css", "text/css"),
    ):
        with client.get(path, headers={"Accept-Encoding": "br"}) as response:
            assert (response.status_code, response.mimetype) == (200, mimetype), path
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Content-Encoding"] == "br"
            assert not (set(HEADERS) - {"X-Content-Type-Options"}) & set(response.headers.keys()), path


def test_the_published_results_page_has_the_headers(app, client, store, held):
    office = office_screen(app, store)
    publish = {"id": "publish-csp-1", "name": "results.publish", "payload": {}, "meeting_id": 1}
    assert office.sio.emit("command", publish, callback=True)["ok"]
    response = client.get("/m/1/results")
    assert response.status_code == 200
    assert_headers(response)
    assert markup(response.text).problems == []


def test_no_template_has_an_inline_script_style_or_handler():
    """Also the templates no test above renders: every <script> loads a file or holds JSON."""
    for path in sorted((ROOT / "templates").glob("*.html")):
        found = markup(path.read_text())
        # A template's attribute may be Jinja ({{ … }}): only the markup itself is judged here.
        assert found.problems == [], (path.name, found.problems)


def test_browser_tests_wait_with_a_function_not_an_expression():
    """Playwright evaluates an expression string given to wait_for_function with eval at each poll
    after the first, which the policy refuses (no 'unsafe-eval'): a browser test waits with a function
    instead, "() => expression", which Playwright evaluates once."""
    expression = re.compile(r"wait_for_function\(\s*f?([\"'])(?!\s*(?:\([^)]*\)|\w+)\s*=>)")
    for path in sorted((ROOT / "tests").rglob("*.py")):
        text = path.read_text()
        lines = [text.count("\n", 0, m.start()) + 1 for m in expression.finditer(text)]
        assert lines == [], f'{path.name}, lines {lines}: wait_for_function("() => …")'


# ---------------------------------------------------------------------------------------------
# Real Chromium

# The projector on a plain-http LAN address, where the browser refuses the Wake Lock: NoSleep.js
# then plays its muted video from a data: URI (on 127.0.0.1 the page is a secure context and would
# use the Wake Lock). The videos it plays are kept to be looked at.
NO_WAKE_LOCK = """
delete Navigator.prototype.wakeLock;
window.played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () { window.played.push(this); return play.call(this); };
"""


@pytest.fixture
def watch(browser, server):
    w = Watch(browser, server)
    yield w
    w.close()


@pytest.mark.browser
def test_the_operators_screens_work_with_no_violation(watch, server):
    chair = watch.open("/m/1/chair")
    login(chair, server.pins["chair"])
    chair.click("#stage-next")
    chair.wait_for_selector("#stage-count:has-text('1/6')")
    # The page's data reached the scripts (static/js/core/page.js): the sentences and the meeting.
    data = f"async () => {{ const p = await {core('page')}; return [typeof p.T.connecting, p.meetingId]; }}"
    assert chair.evaluate(data) == ["string", 1]

    secretary = watch.open("/m/1/secretary", 1366, 768)
    login(secretary, server.pins["secretary"])
    secretary.wait_for_selector("#req-state:not(:empty)")
    # The requests panel's style, now a file: its bar is a flex row.
    assert secretary.eval_on_selector("#req-bar", "n => getComputedStyle(n).display") == "flex"

    door = watch.open("/m/1/door", 390, 844, has_touch=True, is_mobile=True)
    login(door, door_pin(server), "Tổ đón tiếp")
    door.wait_for_selector("#door-total:has-text('Có mặt')")

    office = watch.open("/office", 1366, 768)
    login(office, server.office_pin, "Văn phòng")
    office.wait_for_selector("#meeting-list li[data-id='1']")
    assert office.evaluate("window.MEETING_ID") is None

    followup = watch.open("/followup", 1366, 768)
    login(followup, server.office_pin, "Văn phòng")
    followup.wait_for_selector("#open-by-unit tr")
    watch.check()


@pytest.mark.browser
def test_the_hall_screens_work_with_no_violation(watch, server):
    projector = watch.open("/m/1/projector", 1920, 1080, script=NO_WAKE_LOCK)
    projector.wait_for_function("() => document.querySelector('.p-banner-line') !== null")
    projector.click("body")  # the gesture that starts NoSleep's video where autoplay waits for one
    # The muted video from a data: URI loaded (media-src data:), so the screen stays awake.
    projector.wait_for_function("() => window.played.length > 0 && window.played[0].readyState >= 1")
    assert projector.evaluate("window.played[0].currentSrc").startswith("data:video/")

    chair = Client(server.url, "chair", server.pins["chair"])
    try:
        for name, payload in (("stage.next", {"expected_stage_id": None}), ("hall.show", {"what": "qr"})):
            ack = chair.send(name, payload)
            assert ack["ok"], ack
    finally:
        chair.close()
    projector.wait_for_function("() => document.body.dataset.mode === 'qr'")
    projector.wait_for_function("() => document.querySelector('#p-qr-img').naturalWidth > 0")

    phone = watch.open("/m/1/phone", 390, 844, has_touch=True, is_mobile=True)
    phone.wait_for_selector("#ph-stage:not(:empty)")

    index = watch.open("/")
    index.wait_for_selector("a[href='/m/1/chair']")
    missing = watch.open("/m/99/chair")
    missing.wait_for_selector("text=Trang này không tồn tại.")
    watch.check()


@pytest.mark.browser
def test_documents_download_and_the_public_results_work_with_no_violation(watch, server):
    hold_the_meeting(server)
    page = watch.open("/m/1/documents", 1366, 768)
    login(page, server.pins["secretary"])
    page.wait_for_selector("#docs-status:has-text('Bế mạc lúc')")
    # A download is a fetch, a blob: URL and a click on an <a download>: no directive stops it.
    with page.expect_download() as download:
        page.click("button[data-download='timeline.csv']")
    assert download.value.suggested_filename.endswith(".csv")
    page.click("#publish")
    page.wait_for_selector("#publish-state:has-text('Đã công khai')")

    public = watch.open("/m/1/results", 412, 900)
    assert "Nguyễn Văn An (demo)" in public.text_content("main")
    watch.check()


@pytest.mark.browser
def test_the_policy_blocks_an_injected_inline_script_style_and_handler(watch):
    """The recorder works, and the policy is in force: markup that reached a page (were a page ever to
    insert HTML) would neither run nor restyle it."""
    page = watch.open("/")
    page.wait_for_selector("a[href='/m/1/chair']")
    page.evaluate(
        """() => {
            document.body.insertAdjacentHTML(
                "beforeend", '<p id="x" style="color: rgb(255, 0, 0)" onmouseover="window.ran = 1">x</p>');
            const script = document.createElement("script");
            script.textContent = "window.ran = 2";
            document.body.append(script);
            const style = document.createElement("style");
            style.textContent = "#x { background: rgb(0, 255, 0); }";
            document.head.append(style);
        }"""
    )
    page.hover("#x")
    watch.settle()
    assert page.evaluate("window.ran") is None
    assert page.eval_on_selector("#x", "n => getComputedStyle(n).color") != "rgb(255, 0, 0)"
    assert page.eval_on_selector("#x", "n => getComputedStyle(n).backgroundColor") != "rgb(0, 255, 0)"
    blocked = {v.get("directive") for v in watch.violations if "directive" in v}
    assert {"script-src-elem", "style-src-attr", "style-src-elem", "script-src-attr"} <= blocked, watch.violations
    assert any("console" in v for v in watch.violations)  # Chromium's own message is seen too
    watch.violations.clear()
    watch.check()
