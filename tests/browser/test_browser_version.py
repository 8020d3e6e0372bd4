"""After a server update every page says so and offers to reload (issue 18), and after a reconnect no
ghost screens of a process that is gone remain in the presence line."""

from __future__ import annotations

import json

import pytest

from ..support.browser import LIVE, live_eval, login, wait_live

pytestmark = pytest.mark.browser


def reconnect(page) -> None:
    """Drop the transport as a lost Wi-Fi or a server restart does; the page reconnects by itself."""
    page.evaluate(f"async () => {{ (await {LIVE}).socket.io.engine.close(); }}")


@pytest.mark.parametrize("path", ["/m/1/projector", "/m/1/phone", "/m/1/chair"])
def test_a_new_version_on_the_server_shows_a_reload_banner_after_a_reconnect(pages, server, path):
    page = pages(path, 1280, 800)
    if path.endswith("chair"):
        login(page, server.pins["chair"], "Trần Văn Minh")
    wait_live(page, "live.joined && state !== null")
    page.wait_for_timeout(300)
    assert page.locator("#new-version").count() == 0  # the same version: nothing to say

    # The server is updated meanwhile: its static files have another version.
    page.route(
        "**/healthz",
        lambda route: route.fulfill(
            content_type="application/json", body=json.dumps({"ok": True, "version": "0123456789ab"})
        ),
    )
    reconnect(page)
    banner = page.locator("#new-version")
    banner.wait_for()
    assert "Đã có phiên bản mới — tải lại trang" in banner.text_content()
    page.unroute("**/healthz")
    with page.expect_navigation():
        banner.get_by_role("button", name="Tải lại trang").click()
    if path.endswith("chair"):
        page.wait_for_selector("#app:not([hidden])")
    wait_live(page, "live.joined && state !== null")
    page.wait_for_timeout(300)
    assert page.locator("#new-version").count() == 0


def test_the_presence_starts_afresh_at_each_join(pages, server):
    page = pages("/m/1/chair", 1280, 800)
    login(page, server.pins["chair"], "Trần Văn Minh")
    wait_live(page, "live.joined && state !== null")
    page.wait_for_selector("#presence:has-text('Trần Văn Minh')")
    # The report of a process that was running before a restart (another process's id).
    live_eval(
        page,
        """live.showPresence({process: "gone", operators: [{role: "secretary", name: "Bóng Ma"}],
            public: 5, projectors: 3, phones: 2})""",
    )
    page.wait_for_selector("#presence:has-text('Bóng Ma')")
    reconnect(page)
    page.wait_for_function("() => !document.querySelector('#presence').textContent.includes('Bóng Ma')")
    page.wait_for_selector("#presence:has-text('Trần Văn Minh')")
    assert "Bóng Ma" not in page.text_content("#presence")
