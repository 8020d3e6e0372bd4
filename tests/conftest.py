"""Every shared fixture. In the style of Flask's tutorial: an app on a database in tmp_path, a test
client, and a Socket.IO client per role (the clock is fake, so times are exact); the demo meeting
held; a live server in a subprocess, a throwaway Redis, and Chromium with its pages for the browser
tests. Helpers that are not fixtures are in ``tests/support/``."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from server.app import create_app

from .support.browser import ARGS, CHROMIUM, login
from .support.client import Client
from .support.clock import FakeClock
from .support.live_server import LiveServer
from .support.services import RedisServer, find_binary


def pytest_configure(config):
    """Every test's files (databases, servers' logs, backups) on a memory file system when the
    machine has one (/dev/shm): the store commits with ``synchronous=FULL``, and on a loaded
    machine thousands of fsyncs to disk made tests time out. ``TEST_TMPDIR`` chooses another place;
    ``--basetemp`` wins over both. The files are removed after a run that passed, and kept (the
    path is printed) after one that failed."""
    if config.option.basetemp:
        return
    where = os.environ.get("TEST_TMPDIR") or "/dev/shm"
    if os.path.isdir(where) and os.access(where, os.W_OK):
        config.option.basetemp = config.stash[TEMP] = tempfile.mkdtemp(prefix="pytest-dialogue-", dir=where)


def pytest_sessionfinish(session, exitstatus):
    made = session.config.stash.get(TEMP, None)
    if made and exitstatus == 0:
        shutil.rmtree(made, ignore_errors=True)
    elif made:
        print(f"\nthe tests' files are kept in {made}")


TEMP = pytest.StashKey[str]()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(tmp_path, clock):
    app = create_app({"DATABASE": str(tmp_path / "test.db"), "CLOCK": clock, "TESTING": True})
    yield app
    app.extensions["store"].close()


@pytest.fixture
def store(app):
    return app.extensions["store"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def screen(app, store):
    """``screen(role, meeting_id=1)``: a joined client with the right PIN."""
    made = []

    def make(role: str, meeting_id: int = 1, pin: str | None = None) -> Client:
        if pin is None and role != "public":
            pin = store.pin(meeting_id, role)
        s = Client(app, role, pin, meeting_id)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


# ---------------------------------------------------------------- the demo meeting held


@pytest.fixture
def held(screen, clock):
    """The demo meeting held: two citizens speak (one overruns), three opinions with outcomes, one
    without, a written one, the conclusion, the meeting closed."""
    chair, secretary = screen("chair"), screen("secretary")
    chair.ok("stage.next", {"expected_stage_id": None})
    clock.advance(600)
    for stage in (1, 2):
        chair.ok("stage.next", {"expected_stage_id": stage})
        clock.advance(300)
    categories = secretary.state["settings"]["categories"]
    chair.ok("speaker.call_next", {"expected_speaker_id": None})
    first = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": first})
    secretary.ok(
        "opinion.add",
        {"summary": "Cấp giấy chứng nhận quyền sử dụng đất", "category": categories[0], "speaker_id": first},
    )
    clock.advance(200)  # 20 s over the 3 minutes asked
    chair.ok("speaker.call_next", {"expected_speaker_id": first})
    second = chair.state["speaker_id"]
    chair.ok("timer.start", {"speaker_id": second})
    secretary.ok(
        "opinion.add",
        {"summary": "Đường giao thông nội đồng xuống cấp", "category": categories[3], "speaker_id": second},
    )
    secretary.ok(
        "opinion.add", {"summary": "<script>alert(1)</script> =1+1", "category": categories[2], "speaker_id": second}
    )
    clock.advance(120)
    chair.ok("speaker.end", {"speaker_id": second})
    secretary.ok(
        "opinion.add",
        {
            "summary": "Hỗ trợ hộ nghèo",
            "category": categories[4],
            "citizen": "Vũ Thị Hạnh",
            "xom": "Xóm Chùa",
            "speaker_id": None,
        },
    )
    ids = [o["id"] for o in secretary.state["opinions"]]
    secretary.ok("opinion.outcome", {"opinion_id": ids[0], "outcome": "assigned", "unit": "Công chức Địa chính"})
    secretary.ok(
        "opinion.outcome",
        {
            "opinion_id": ids[1],
            "outcome": "answered",
            "answer": "Sẽ sửa trong quý III",
            "answered_by": "Chủ tịch UBND xã",
        },
    )
    secretary.ok("opinion.outcome", {"opinion_id": ids[2], "outcome": "noted"})
    chair.ok(
        "meeting.conclude", {"text": "Hội nghị ghi nhận 4 ý kiến.\nGiao Địa chính trả lời trong 15 ngày làm việc."}
    )
    chair.ok("meeting.close")
    return {"chair": chair, "secretary": secretary, "opinions": ids}


# ---------------------------------------------------------------- live servers, Redis, Chromium


@pytest.fixture
def server(tmp_path):
    """The real server (the demo meeting) in a subprocess."""
    s = LiveServer(tmp_path / "live.db").start()
    yield s
    s.stop()


@pytest.fixture
def redis(tmp_path):
    """A throwaway redis-server on a free loopback port; yields a client to it."""
    binary = find_binary("redis-server")
    if not binary:
        if os.environ.get("CI"):
            pytest.fail("redis-server is required in CI and is missing")
        pytest.skip("no redis-server (apt-get install redis-server)")
    server = RedisServer(tmp_path, binary).start()
    yield server.client
    server.stop()


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI and is missing at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def pages(browser, server):
    """Open pages in fresh contexts; all closed after the test, which fails on any script error."""
    contexts, errors = [], []

    def open_page(path: str, width: int = 1280, height: int = 800, **options):
        """``options``: the browser context's (has_touch, locale, timezone_id, reduced_motion…)."""
        options = {"locale": "vi-VN", **options}
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{path}: {exc}"))
        page.set_default_timeout(5000)
        page.goto(server.url + path)
        return page

    yield open_page
    for c in contexts:
        c.close()
    assert errors == [], errors


@pytest.fixture
def tablet(pages, server):
    """Open the chair's page in a touch context of the given size, signed in; fails on any script error."""

    def open_chair(width: int = 1280, height: int = 800):
        page = pages("/m/1/chair", width, height, has_touch=True)
        login(page, server.pins["chair"], "Trần Văn Minh")
        return page

    return open_chair


@pytest.fixture
def office_client(server):
    """The office's client over the network: reads what the server holds, not what the page shows."""
    client = Client(server.url, "office", server.office_pin)
    yield client
    client.close()
