"""The pages' main-thread cost against the meeting's size, in Chromium (issue 16).

    python bench/pages.py [--rounds 3] [--changes 10] [--json pages.json]

Starts two servers side by side (``python -m server``, each on a fresh database): one with the demo
meeting as it is ("small"), one whose demo meeting is grown through the protocol ("large": the
office imports the citizens, the secretary registers the speakers and records written opinions, the
door checks half of the citizens in; 300 × 1,000 × 1,000 by default). On both the chair then
starts the meeting, calls the first speaker and starts the countdown. On both it opens the chair
(1280×800), secretary (1366×768), projector (1920×1080), office (its editor on the meeting), door
and phone pages in the system Chromium, each in its own browser context, and waits until each
shows the meeting (by the DOM, not by any script's globals, so that classic scripts and ES modules
are measured alike).

Then, in interleaved rounds (small then large, large then small, …), a chair sends ``--changes``
``message.show``/``message.clear`` and a secretary ``--changes`` ``speaker.update`` (a change to a
row of a list) to one server; after each change the benchmark waits ``--window`` seconds and reads
every page's main-thread time from the DevTools protocol (``Performance.getMetrics``'s
TaskDuration, ScriptDuration, LayoutDuration, RecalcStyleDuration; thread CPU time by default,
``--time-domain``). A page's cost of a change is its time in the window less what it spends idle in
as long (measured before the rounds), never below 0. Reported: per page and size, the median over
the rounds of the mean cost per change, the ratio large/small, and each page's idle main-thread
ms per second.

Last, the phone's first load on each server, in a fresh context (empty cache) with the CPU slowed
4× and the network at 1.5 Mbit/s with 150 ms of latency: the bytes its HTTP requests took on the
wire (``encodedDataLength``: headers and compressed bodies), the WebSocket's payload apart, and the
time from navigation until the phone shows the meeting; then a second visit in the same context
(cache warm).

Targets (issue 16): large ≤ 1.5× small on every page; idle ≤ 5 ms/s; the phone's first load
≤ 40 KB and ≤ 1.5 s. Measured, never asserted: the browser, both servers and the benchmark share
the machine's cores; compare within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import socketio
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.browser import ARGS, CHROMIUM  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

MEETING = 1
SIZES = ("small", "large")
XOMS = ("Xóm Đông", "Xóm Trong", "Xóm Ngoài", "Xóm Chùa")  # the demo's allocation
METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- The pages ------------------------------------------------------------------------------------


def open_office_editor(page: Page) -> None:
    """The office page lists the meetings; its editor on the meeting is what follows it."""
    page.click(f"#meeting-list li[data-id='{MEETING}'] button.edit")


@dataclass(frozen=True)
class PageKind:
    """A page as the hall opens it: where, at what size, with which PIN, and the CSS selector that
    matches once it shows the meeting (ids the browser tests rely on too)."""

    name: str
    path: str
    viewport: tuple[int, int]
    ready: str
    pin: str | None = None  # the role whose PIN the page asks: chair, secretary, door, office
    mobile: bool = False
    then: Callable[[Page], None] | None = None  # what a person does after signing in


PROJECTOR_READY = "#p-banner .p-banner-line, #p-name:not(:empty) >> visible=true"
PAGE_KINDS = {
    kind.name: kind
    for kind in (
        PageKind("chair", f"/m/{MEETING}/chair", (1280, 800), "#app:not([hidden]) #stage-count:not(:empty)", "chair"),
        PageKind("secretary", f"/m/{MEETING}/secretary", (1366, 768), "#app:not([hidden]) #rows tr", "secretary"),
        # The title banner before the meeting, the speaker's name during it: whichever is visible.
        PageKind("projector", f"/m/{MEETING}/projector", (1920, 1080), PROJECTOR_READY),
        PageKind(
            "office",
            "/office",
            (1280, 800),
            "#editor:not([hidden]) #stage-list li",
            "office",
            then=open_office_editor,
        ),
        PageKind("door", f"/m/{MEETING}/door", (390, 844), "#app:not([hidden]) #door-total:not(:empty)", "door", True),
        PageKind("phone", f"/m/{MEETING}/phone", (390, 844), "#ph-stage:not(:empty)", mobile=True),
    )
}


def pin_of(server: LiveServer, role: str) -> str:
    return server.office_pin if role == "office" else server.pins[role]


@dataclass
class Tab:
    """One page of one server, with its DevTools session."""

    kind: PageKind
    size: str
    context: BrowserContext
    page: Page
    cdp: CDPSession
    errors: list[str] = field(default_factory=list)
    idle_ms_per_s: float = 0.0

    def metrics(self) -> dict[str, float]:
        """The page's cumulative main-thread metrics, in milliseconds."""
        got = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return {name: got.get(name, 0.0) * 1000 for name in METRICS}


def open_tab(browser: Browser, server: LiveServer, kind: PageKind, size: str, time_domain: str, timeout: float) -> Tab:
    """Open the page, sign in if it asks a PIN, and wait until it shows the meeting."""
    width, height = kind.viewport
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=kind.mobile,
        has_touch=kind.mobile,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    page = context.new_page()
    page.set_default_timeout(timeout * 1000)
    tab = Tab(kind, size, context, page, context.new_cdp_session(page))
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    try:
        page.goto(server.url + kind.path)
        if kind.pin:
            page.fill("#person", "Bench")
            page.fill("#pin", pin_of(server, kind.pin))
            page.press("#pin", "Enter")
            page.wait_for_selector("#app:not([hidden])")
        if kind.then:
            kind.then(page)
        page.wait_for_selector(kind.ready)
    except Exception as exc:
        raise RuntimeError(f"the {size} {kind.name} page did not show the meeting: {exc}; {tab.errors}") from exc
    tab.cdp.send("Performance.enable", {"timeDomain": time_domain})
    return tab


# --- The servers and what the operators send -------------------------------------------------------


class Operator:
    """A screen of the hall (``socketio.Client``) joined as a role, sending commands one at a time."""

    def __init__(self, server: LiveServer, role: str):
        self.sio = socketio.Client(reconnection=False)
        self.sio.connect(server.url, transports=["websocket"], wait_timeout=10)
        join = {"role": role, "pin": pin_of(server, role), "name": f"Bench ({role})"}
        if role != "office":
            join["meeting_id"] = MEETING
        ack = self.sio.call("join", join, timeout=30)
        if not ack.get("ok"):
            raise RuntimeError(f"{role} could not join: {ack}")
        self.role, self.state = role, ack.get("state")

    def send(self, name: str, payload: dict) -> dict:
        envelope = {"id": f"bench-{uuid.uuid4().hex}", "name": name, "payload": payload}
        if self.role == "office":
            envelope["meeting_id"] = MEETING
        ack = self.sio.call("command", envelope, timeout=60)
        if not ack.get("ok"):
            raise RuntimeError(f"{name} refused: {ack}")
        return ack

    def snapshot(self) -> dict:
        ack = self.sio.call("snapshot", {}, timeout=60)
        if not ack.get("ok"):
            raise RuntimeError(f"snapshot refused: {ack}")
        return ack["state"]

    def close(self) -> None:
        self.sio.disconnect()


def grow(server: LiveServer, speakers: int, opinions: int, citizens: int, checked_in: int) -> dict:
    """Grow the demo meeting through the protocol, as the office, the secretary and the door send it."""
    started = time.monotonic()
    office = Operator(server, "office")
    rows = [{"name": f"Công dân Số {i + 1}", "xom": XOMS[i % len(XOMS)]} for i in range(citizens)]
    for first in range(0, len(rows), 3000):  # citizens.import takes at most 3,000 rows
        office.send("citizens.import", {"rows": rows[first : first + 3000]})
    office.close()
    secretary = Operator(server, "secretary")
    for i in range(speakers):
        topic = f"Kiến nghị số {i + 1} về đường giao thông nông thôn"
        secretary.send("speaker.add", {"name": f"Người phát biểu {i + 1}", "xom": XOMS[i % len(XOMS)], "topic": topic})
    categories = secretary.state["settings"]["categories"]
    for i in range(opinions):
        opinion = {
            "summary": f"Ý kiến số {i + 1}: đề nghị sửa chữa tuyến đường liên xóm bị xuống cấp",
            "category": categories[i % len(categories)],
            "speaker_id": None,  # a written opinion (phiếu ý kiến)
            "citizen": f"Công dân Số {i + 1}",
            "xom": XOMS[i % len(XOMS)],
        }
        secretary.send("opinion.add", opinion)
    invited = secretary.snapshot()["citizens"]
    secretary.close()
    door = Operator(server, "door")
    for citizen in invited[:checked_in]:
        door.send("citizen.checkin", {"citizen_id": citizen["id"]})
    door.close()
    seconds = time.monotonic() - started
    log(f"grown in {seconds:.1f} s: {speakers} speakers, {opinions} opinions, {citizens} citizens")
    return {"speakers": speakers, "opinions": opinions, "citizens": citizens, "checked_in": checked_in}


def get_under_way(server: LiveServer) -> None:
    """The chair starts the meeting (its first stage), calls the first speaker and starts their
    countdown: what the pages show during a meeting, and a clock that ticks while they idle."""
    chair = Operator(server, "chair")
    chair.send("stage.next", {"expected_stage_id": None})
    chair.send("speaker.call_next", {"expected_speaker_id": None})
    chair.send("timer.start", {"speaker_id": chair.snapshot()["speaker_id"]})
    chair.close()


class Changes:
    """The changes a round sends to one server: the chair's hall message shown and cleared in turn,
    and the secretary's edit of the first queued speaker's topic."""

    def __init__(self, server: LiveServer):
        self.chair = Operator(server, "chair")
        self.secretary = Operator(server, "secretary")
        queued = [s for s in self.secretary.state["speakers"] if s["status"] == "queued"]
        self.speaker_id = queued[0]["id"]
        self.count = 0

    def send(self, kind: str) -> None:
        self.count += 1
        if kind == "message":
            if self.count % 2:
                self.chair.send("message.show", {"text": f"Xin giữ trật tự trong hội trường ({self.count})"})
            else:
                self.chair.send("message.clear", {})
        else:
            topic = f"Cấp giấy chứng nhận quyền sử dụng đất ở (lần {self.count})"
            self.secretary.send("speaker.update", {"speaker_id": self.speaker_id, "topic": topic})

    def close(self) -> None:
        self.chair.close()
        self.secretary.close()


# --- Measures -------------------------------------------------------------------------------------


def measure_idle(tabs: list[Tab], seconds: float) -> None:
    """Each page's main-thread ms per second while nothing happens (all pages at once)."""
    before = {id(t): t.metrics()["TaskDuration"] for t in tabs}
    started = time.monotonic()
    time.sleep(seconds)
    after = {id(t): t.metrics()["TaskDuration"] for t in tabs}
    elapsed = time.monotonic() - started
    for t in tabs:
        t.idle_ms_per_s = (after[id(t)] - before[id(t)]) / elapsed


def measure_change(tabs: list[Tab], send: Callable[[], None], window: float) -> dict[str, dict[str, float]]:
    """Send one change and return each page's main-thread ms for it, by metric."""
    before = {t.kind.name: t.metrics() for t in tabs}
    started = time.monotonic()
    send()
    time.sleep(max(0.0, window - (time.monotonic() - started)))
    elapsed = time.monotonic() - started
    costs = {}
    for t in tabs:
        after = t.metrics()
        spent = {name: after[name] - before[t.kind.name][name] for name in METRICS}
        spent["TaskDuration"] = max(0.0, spent["TaskDuration"] - t.idle_ms_per_s * elapsed)
        costs[t.kind.name] = spent
    return costs


def run_rounds(tabs: dict[str, list[Tab]], changes: dict[str, Changes], args: argparse.Namespace) -> dict:
    """Interleaved rounds; returns per kind of change, size and page the mean ms per change of each round."""
    kinds = ("message", "speaker")
    per_round: dict = {k: {size: {t.kind.name: [] for t in tabs[size]} for size in SIZES} for k in kinds}
    breakdown: dict = {k: {size: {t.kind.name: [] for t in tabs[size]} for size in SIZES} for k in kinds}
    for r in range(args.rounds):
        order = SIZES if r % 2 == 0 else tuple(reversed(SIZES))
        for size in order:
            for kind in kinds:
                sums: dict[str, dict[str, float]] = {}
                for _ in range(args.changes):
                    costs = measure_change(tabs[size], lambda s=size, k=kind: changes[s].send(k), args.window)
                    for page, spent in costs.items():
                        total = sums.setdefault(page, dict.fromkeys(METRICS, 0.0))
                        for name, ms in spent.items():
                            total[name] += ms
                for page, total in sums.items():
                    per_round[kind][size][page].append(total["TaskDuration"] / args.changes)
                    breakdown[kind][size][page].append({n: v / args.changes for n, v in total.items()})
        log(f"round {r + 1}/{args.rounds} done")
    return {"per_round": per_round, "breakdown": breakdown}


class Traffic:
    """What a page's network events say: each request's URL and bytes on the wire (headers and
    body as sent, compressed), and the WebSocket's received payload."""

    def __init__(self, cdp: CDPSession):
        self.urls: dict[str, str] = {}
        self.wire: dict[str, float] = {}
        self.websocket = 0
        cdp.on("Network.requestWillBeSent", self.sent)
        cdp.on("Network.loadingFinished", self.finished)
        cdp.on("Network.webSocketFrameReceived", self.frame)

    def clear(self) -> None:
        self.urls.clear()
        self.wire.clear()
        self.websocket = 0

    def sent(self, event: dict) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def finished(self, event: dict) -> None:
        self.wire[event["requestId"]] = event["encodedDataLength"]

    def frame(self, event: dict) -> None:
        self.websocket += len(event["response"]["payloadData"])


def phone_first_load(browser: Browser, server: LiveServer, timeout: float) -> dict:
    """The phone page's cold then warm load, on a 4×-slowed CPU and a 1.5 Mbit/s, 150 ms network
    (a fresh browser context: an empty cache)."""
    kind = PAGE_KINDS["phone"]
    context = browser.new_context(
        viewport={"width": kind.viewport[0], "height": kind.viewport[1]}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    try:
        page = context.new_page()
        page.set_default_timeout(timeout * 1000)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        rate = 1.5e6 / 8  # bytes per second
        conditions = {"offline": False, "latency": 150, "downloadThroughput": rate, "uploadThroughput": rate}
        cdp.send("Network.emulateNetworkConditions", conditions)
        traffic = Traffic(cdp)

        def visit() -> dict:
            traffic.clear()
            started = time.monotonic()
            page.goto(server.url + kind.path, wait_until="commit")
            page.wait_for_selector(kind.ready)
            shown = time.monotonic() - started
            # The page shows the meeting from the snapshot it came with; its bytes count the live
            # connection too (the handshake and the join's snapshot), up to the moment it is online.
            page.wait_for_selector("body[data-connection='online']")
            page.wait_for_load_state("load")
            by_path = {traffic.urls.get(r, r).removeprefix(server.url): int(n) for r, n in traffic.wire.items()}
            return {
                "shown_s": shown,
                "http_bytes": sum(by_path.values()),
                "websocket_payload_bytes": traffic.websocket,
                "requests": by_path,
            }

        return {"first": visit(), "again": visit()}
    finally:
        context.close()


def phone_loads(browser: Browser, servers: dict[str, LiveServer], loads: int, timeout: float) -> dict:
    """``loads`` cold-then-warm loads of the phone on each server, interleaved (small, large, large,
    small, …); each figure of the report is their median, and their range says how noisy it was."""
    visits: dict[str, list[dict]] = {size: [] for size in servers}
    for n in range(loads):
        for size in SIZES if n % 2 == 0 else tuple(reversed(SIZES)):
            visits[size].append(phone_first_load(browser, servers[size], timeout))
    out = {}
    for size, runs in visits.items():
        out[size] = {
            visit: {
                "shown_s": statistics.median(r[visit]["shown_s"] for r in runs),
                "shown_s_range": [min(r[visit]["shown_s"] for r in runs), max(r[visit]["shown_s"] for r in runs)],
                "http_bytes": statistics.median(r[visit]["http_bytes"] for r in runs),
                "websocket_payload_bytes": statistics.median(r[visit]["websocket_payload_bytes"] for r in runs),
                "requests": runs[0][visit]["requests"],
            }
            for visit in ("first", "again")
        }
    return out


# --- Report ---------------------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def summary(results: dict) -> dict:
    out: dict = {}
    for kind, sizes in results["rounds"]["per_round"].items():
        for page in sizes["small"]:
            small, large = median(sizes["small"][page]), median(sizes["large"][page])
            out.setdefault(kind, {})[page] = {
                "small_ms": small,
                "large_ms": large,
                "ratio": large / small if small and large is not None else None,
            }
    return out


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def tables(results: dict) -> str:
    idle = results["idle_ms_per_s"]
    titles = {
        "message": "`message.show`/`message.clear` (chair)",
        "speaker": "`speaker.update` of a queued speaker (secretary)",
    }
    lines = []
    for kind, pages in results["summary"].items():
        lines += [f"#### Main-thread ms per change: {titles[kind]}", ""]
        lines += ["| page | small | large | ratio | idle small (ms/s) | idle large (ms/s) |"]
        lines += ["|---|---|---|---|---|---|"]
        for page, row in pages.items():
            ratio = fmt(row["ratio"], 2) + "×" if row["ratio"] is not None else "–"
            lines.append(
                f"| {page} | {fmt(row['small_ms'])} | {fmt(row['large_ms'])} | {ratio} |"
                f" {fmt(idle['small'][page])} | {fmt(idle['large'][page])} |"
            )
        lines.append("")
    if results.get("phone"):
        lines += ["#### The phone's first load (CPU 4× slower, 1.5 Mbit/s, 150 ms)", ""]
        lines += ["| meeting | HTTP bytes | WebSocket payload | shown after | again: HTTP bytes | again: shown after |"]
        lines += ["|---|---|---|---|---|---|"]

        def shown(visit: dict) -> str:
            low, high = visit["shown_s_range"]
            return f"{visit['shown_s']:.2f} s ({low:.2f}–{high:.2f})"

        for size, load in results["phone"].items():
            first, again = load["first"], load["again"]
            lines.append(
                f"| {size} | {first['http_bytes'] / 1000:.1f} KB | {first['websocket_payload_bytes'] / 1000:.1f} KB |"
                f" {shown(first)} | {again['http_bytes'] / 1000:.1f} KB | {shown(again)} |"
            )
        lines.append("")
    return "\n".join(lines)


def machine(browser_version: str) -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "chromium": browser_version,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


# --- Main -----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds; each figure is their median")
    p.add_argument("--changes", type=int, default=10, help="changes of each kind per round and size")
    p.add_argument("--window", type=float, default=1.0, help="seconds measured after each change")
    p.add_argument("--idle", type=float, default=5.0, help="seconds of idling measured before the rounds")
    p.add_argument("--settle", type=float, default=3.0, help="seconds left to the pages after they show the meeting")
    p.add_argument("--pages", default=",".join(PAGE_KINDS), help="which pages, comma-separated")
    p.add_argument("--speakers", type=int, default=300)
    p.add_argument("--opinions", type=int, default=1000)
    p.add_argument("--citizens", type=int, default=1000)
    p.add_argument("--checked-in", type=int, default=None, help="citizens checked in (default: half)")
    p.add_argument("--not-started", action="store_true", help="leave both meetings before their start")
    p.add_argument("--no-phone-load", action="store_true", help="skip the phone's first load")
    p.add_argument("--phone-loads", type=int, default=3, help="the phone's first loads on each server (median, range)")
    p.add_argument(
        "--only-phone-load", action="store_true", help="measure only the phone's first load (no pages, no rounds)"
    )
    p.add_argument("--time-domain", choices=("threadTicks", "timeTicks"), default="threadTicks",
                   help="threadTicks: the main thread's CPU time; timeTicks: wall time of its tasks")  # fmt: skip
    p.add_argument("--timeout", type=float, default=60.0, help="seconds a page may take to show the meeting")
    p.add_argument("--json", type=Path, help="write every figure here")
    args = p.parse_args(argv)
    args.pages = [name.strip() for name in args.pages.split(",") if name.strip()]
    unknown = set(args.pages) - set(PAGE_KINDS)
    if unknown:
        p.error(f"unknown pages: {', '.join(sorted(unknown))} (known: {', '.join(PAGE_KINDS)})")
    if args.only_phone_load:
        args.pages = []
    if args.checked_in is None:
        args.checked_in = args.citizens // 2
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
    servers: dict[str, LiveServer] = {}
    changes: dict[str, Changes] = {}
    finished = False
    try:
        for size in SIZES:
            servers[size] = LiveServer(folder / f"{size}.db").start()
            log(f"{size} server at {servers[size].url}")
        meeting = grow(servers["large"], args.speakers, args.opinions, args.citizens, args.checked_in)
        if not args.not_started:
            for server in servers.values():
                get_under_way(server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            tabs = {
                size: [
                    open_tab(browser, servers[size], PAGE_KINDS[name], size, args.time_domain, args.timeout)
                    for name in args.pages
                ]
                for size in SIZES
            }
            everything = tabs["small"] + tabs["large"]
            rounds: dict = {"per_round": {}, "breakdown": {}}
            if everything:
                log(f"{len(args.pages)} pages open on each server; settling for {args.settle} s")
                time.sleep(args.settle)
                measure_idle(everything, args.idle)
                changes = {size: Changes(servers[size]) for size in SIZES}
                rounds = run_rounds(tabs, changes, args)
            phone = {}
            if not args.no_phone_load:
                phone = phone_loads(browser, servers, args.phone_loads, args.timeout)
            errors = {f"{t.size} {t.kind.name}": t.errors for t in everything if t.errors}
            results = {
                "machine": machine(browser.version),
                "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
                "meeting": {"small": "the demo meeting", "large": meeting, "under_way": not args.not_started},
                "idle_ms_per_s": {size: {t.kind.name: t.idle_ms_per_s for t in tabs[size]} for size in SIZES},
                "rounds": rounds,
                "phone": phone,
                "page_errors": errors,
            }
            results["summary"] = summary(results)
            browser.close()
        finished = True
    finally:
        for c in changes.values():
            c.close()
        for s in servers.values():
            s.stop()
        if finished:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            log(f"the servers' databases and logs are kept in {folder}")
    print(tables(results))
    if errors:
        print(f"Script errors on the pages: {json.dumps(errors, ensure_ascii=False)}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
