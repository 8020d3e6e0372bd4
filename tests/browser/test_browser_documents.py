"""The page after the meeting (/m/<id>/documents) in real Chromium: the demo meeting is held over
Socket.IO by a chair and a secretary client, then the secretary team writes the conclusion, edits,
saves and finalises the minutes, downloads the finalised .docx (whose SHA-256 is the one listed),
and publishes the results, which the public page then shows without a PIN."""

from __future__ import annotations

import hashlib
import io
import json
import urllib.error
import urllib.request
from pathlib import Path

import docx
import pytest

from ..support.browser import FIRST_OPINION, SECOND_OPINION, hold_the_meeting, login, ok
from ..support.client import Client
from ..support.live_server import LiveServer

pytestmark = pytest.mark.browser

CONCLUSION = "Giao công chức địa chính rà soát hồ sơ 12 hộ, trả lời trong 15 ngày làm việc."
EDITED = "Địa điểm: Hội trường Trung tâm văn hóa xã Hiệp Hòa (đã sửa lời văn)."


def block_texts(page) -> list[str]:
    return page.eval_on_selector_all("#blocks .block-field", "fields => fields.map((f) => f.value)")


def test_the_secretary_finalises_the_minutes_downloads_them_and_publishes_the_results(pages, server):
    hold_the_meeting(server)
    page = pages("/m/1/documents", 1366, 768)
    login(page, server.pins["secretary"])
    dialogs: list[str] = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)

    # The conclusion, typed and saved with Ctrl+Enter, reaches the server.
    page.wait_for_selector("#docs-status:has-text('Bế mạc lúc')")
    page.fill("#conclusion", CONCLUSION)
    page.press("#conclusion", "Control+Enter")
    page.wait_for_selector("#toast.ok:has-text('Đã lưu kết luận')")
    reader = Client(server.url, "secretary", server.pins["secretary"])
    try:
        assert reader.wait_for(lambda s: s["conclusion"] == CONCLUSION)
    finally:
        reader.close()

    # The draft tells the speakers in the order they spoke; regenerated, it quotes the conclusion.
    page.wait_for_selector("#minutes-state:has-text('chưa lưu')")
    text = "\n".join(block_texts(page))
    assert text.index("Nguyễn Văn An (demo)") < text.index("Trần Thị Bích (demo)")
    assert "(Chưa ghi kết luận của chủ trì.)" in text
    page.click("#minutes-fresh")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#blocks .block-field')]"
        ".some((f) => f.value.includes('rà soát hồ sơ 12 hộ'))"
    )
    assert dialogs[-1].startswith("Thay nội dung bên dưới bằng bản mới tạo từ dữ liệu hội nghị?")
    assert page.locator("#blocks .block-heading").first.input_value() == "I. THỜI GIAN, ĐỊA ĐIỂM"

    # Edit a paragraph: the page says it is unsaved, then saves it as draft 1.
    texts = block_texts(page)
    place = next(i for i, t in enumerate(texts) if t.startswith("Địa điểm:"))
    page.locator("#blocks .block-field").nth(place).fill(EDITED)
    page.wait_for_selector("#minutes-state:has-text('Có thay đổi chưa lưu')")
    page.click("#minutes-save")
    page.wait_for_selector("#toast.ok:has-text('Đã lưu bản nháp số 1')")
    page.wait_for_selector("#version-rows tr[data-version='1']:has-text('Bản nháp')")
    assert "Nguyễn Thị Thư Ký" in page.text_content("#version-rows tr[data-version='1']")

    # Finalise: confirmed, then confirmed again since an opinion has no outcome (the server's message).
    page.click("#minutes-finalise")
    row = page.locator("#version-rows tr[data-version='1']")
    row.locator("text=Đã hoàn tất").wait_for()
    assert dialogs[-2].startswith("Hoàn tất biên bản?")
    assert dialogs[-1].startswith("Còn 1 ý kiến chưa có kết quả xử lý.")
    sha256 = row.locator("code.sha").get_attribute("data-sha256")
    assert len(sha256) == 64 and sha256[:16] in row.locator("code.sha").text_content()
    assert row.locator("code.sha").get_attribute("title") == sha256

    # The finalised .docx downloads, byte for byte what was hashed, with the edited paragraph.
    with page.expect_download() as download:
        row.locator("button.download-version").click()
    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == sha256
    assert download.value.suggested_filename == "hoi-nghi-1-bien-ban-v1.docx"
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert any("(đã sửa lời văn)" in p for p in paragraphs)

    # The log has the finalisation, newest first, and the filter finds it without diacritics.
    page.click("#audit-reload")
    page.wait_for_selector("#audit-rows tr:first-child:has-text('minutes.finalise')")
    page.fill("#audit-filter", "finalise nguyen thi thu ky")
    page.wait_for_function("() => document.querySelectorAll('#audit-rows tr').length === 1")

    # Publish: the public page (another browser, no PIN) shows what was raised.
    page.click("#publish")
    page.wait_for_selector("#publish-state:has-text('Đã công khai')")
    assert "đã công khai ngày" in page.text_content("#publish-duty")
    assert page.get_attribute("#public-link", "href") == "/m/1/results"
    public = pages("/m/1/results", 412, 900)
    body = public.text_content("main")
    assert FIRST_OPINION in body and SECOND_OPINION in body and "Nguyễn Văn An (demo)" in body

    # Everything fits the laptop's screen: no horizontal scroll.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_wrong_pin_is_refused_in_vietnamese(pages, server):
    page = pages("/m/1/documents", 1366, 768)
    page.fill("#person", "Nguyễn Thị Thư Ký")
    page.fill("#pin", "000000")
    page.press("#pin", "Enter")
    page.wait_for_selector("#pin-error:has-text('Mã PIN không đúng')")
    assert page.locator("#app").is_hidden()


def test_publishing_before_the_close_shows_the_refusal_and_the_figures_show(pages, server):
    page = pages("/m/1/documents", 1366, 768)
    login(page, server.pins["secretary"])
    page.wait_for_selector("#publish-duty:has-text('Chủ trì chưa bế mạc hội nghị')")
    page.click("#publish")
    page.wait_for_selector("#toast.error:has-text('chưa bế mạc hội nghị')")
    page.wait_for_selector("#stats table caption:has-text('Chương trình')")
    assert page.locator("#stats table").last.locator("tbody tr").count() == 6
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_office_edits_the_paperwork_sending_only_what_changed(pages, server):
    page = open_as_office(pages, server)
    assert page.locator("#conclusion").get_attribute("readonly") is not None  # the office does not conclude
    page.fill("#paperwork-form input[name=body]", "  UBND XÃ HIỆP HÒA ")
    page.fill("#paperwork-form input[name=signer_title]", "CHỦ TỊCH")
    page.fill("#paperwork-form textarea[name=recipients]", "Thường trực Đảng ủy xã;\n\nLưu: VT.")
    page.check("#paperwork-form input[name=profile][value=party]")
    page.click("#paperwork-form button[type=submit]")
    page.wait_for_selector("#toast.ok")
    reader = Client(server.url, "secretary", server.pins["secretary"])
    try:
        paperwork = reader.wait_for(lambda s: s["paperwork"]["profile"] == "party")["paperwork"]
    finally:
        reader.close()
    assert paperwork["body"] == "UBND XÃ HIỆP HÒA" and paperwork["signer_title"] == "CHỦ TỊCH"
    assert paperwork["recipients"] == ["Thường trực Đảng ủy xã;", "Lưu: VT."]
    assert paperwork["signer_name"] == "" and paperwork["hide_names"] is False
    # Only the fields that changed were sent; the log names the office and the command.
    request = urllib.request.Request(
        server.url + "/m/1/audit", headers={"X-Role": "office", "X-Pin": server.office_pin, "X-Person": ""}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        log = json.load(response)["log"]
    sent = [json.loads(row["payload"]) for row in log if row["name"] == "meeting.paperwork"]
    assert [set(p) for p in sent] == [{"profile", "body", "signer_title", "recipients"}]
    page.click("#audit-reload")
    page.wait_for_selector("#audit-rows tr:first-child:has-text('meeting.paperwork')")
    assert "Văn phòng" in page.text_content("#audit-rows tr:first-child")


def test_a_draft_saved_meanwhile_is_not_overwritten_and_unsaved_text_is_not_lost_silently(pages, server):
    first = pages("/m/1/documents", 1366, 768)
    login(first, server.pins["secretary"])
    second = pages("/m/1/documents", 1366, 768)
    login(second, server.pins["secretary"], "Trần Văn Thư Ký")
    for page in (first, second):
        page.wait_for_selector("#minutes-state:has-text('chưa lưu')")
    dialogs: list[str] = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    second.on("dialog", answer)

    first.locator("#blocks textarea").first.fill("Bản của máy thứ nhất.")
    first.keyboard.press("Control+s")  # Ctrl+S in the minutes saves the draft
    first.wait_for_selector("#version-rows tr[data-version='1']")

    # The second laptop edited the same draft: its save is refused, nothing is overwritten.
    second.locator("#blocks textarea").first.fill("Bản của máy thứ hai.")
    second.click("#minutes-save")
    second.wait_for_selector("#minutes-conflict:has-text('đã có người lưu biên bản trên màn hình khác')")
    assert second.evaluate("document.activeElement.id") == "minutes-reload"
    second.click("#minutes-reload")  # asks first: the text typed here would be lost
    second.wait_for_function("() => document.querySelector('#blocks textarea').value === 'Bản của máy thứ nhất.'")
    assert dialogs == ["confirm"]
    assert second.locator("#minutes-conflict").is_hidden()

    # Leaving with unsaved text asks first.
    second.locator("#blocks textarea").first.fill("Chưa lưu.")
    second.close(run_before_unload=True)
    second.wait_for_event("close")
    assert dialogs == ["confirm", "beforeunload"]


def test_an_unknown_meeting_has_no_documents_page(server):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.url + "/m/999/documents", timeout=10)
    refused.value.close()
    assert refused.value.code == 404


def test_the_office_moves_a_meeting_between_laptops_and_follows_up_across_meetings(pages, server, tmp_path):
    """The demo held, its export downloaded by the office, then imported on the office page: a new
    meeting with its record; the follow-up page sums up what is open across meetings."""
    hold_the_meeting(server)
    secretary = Client(server.url, "secretary", server.pins["secretary"])
    try:
        opinions = secretary.state["opinions"]
        assign = {"opinion_id": opinions[1]["id"], "outcome": "assigned", "unit": "Công chức Giao thông - Thủy lợi"}
        ok(secretary, "opinion.outcome", assign)
    finally:
        secretary.close()
    headers = {"X-Role": "office", "X-Pin": server.office_pin, "X-Person": "Kiem%20tra"}
    request = urllib.request.Request(f"{server.url}/m/1/documents/export.json", headers=headers)
    exported = tmp_path / "hoi-nghi-an-bo.json"
    exported.write_bytes(urllib.request.urlopen(request, timeout=10).read())

    other = LiveServer(tmp_path / "other-laptop.db", extra=("--no-demo",)).start()
    try:
        office = pages("/office", 1366, 768)
        office.goto(other.url + "/office")
        login(office, other.office_pin, "Văn phòng")
        office.wait_for_selector("#create-empty:not([hidden])")
        office.set_input_files("#import-meeting", str(exported))
        office.wait_for_selector("#toast.ok:has-text('Đã nhập hội nghị, với mã PIN mới.')")
        office.wait_for_selector("#meeting-list li[data-id='1']")
        assert "An Bộ" in office.text_content("#meeting-list li[data-id='1']")
        office.set_input_files("#import-meeting", str(exported))  # the same file again: refused, nothing added
        office.wait_for_selector("#toast:not(.ok)")
        assert office.locator("#meeting-list > li").count() == 1
    finally:
        other.stop()

    followup = pages("/followup", 1366, 768)
    login(followup, server.office_pin, "Văn phòng")
    followup.wait_for_selector("#open-by-unit tr")
    assert followup.locator("#open-by-unit tr").first.text_content() == "Công chức Giao thông - Thủy lợi1"
    assert followup.locator("#repeated tr").first.text_content() == "Không có."  # one meeting: nothing repeats


def open_as_office(pages, server):
    page = pages("/m/1/documents", 1366, 768)
    page.evaluate(
        "(pin) => { sessionStorage.setItem('pin-office', pin); localStorage.setItem('person-name', 'Văn phòng xã'); }",
        server.office_pin,
    )
    page.goto(server.url + "/m/1/documents?as=office")
    page.wait_for_selector("#app:not([hidden])")
    page.wait_for_selector("#docs-title:has-text('An Bộ')")
    return page


def docx_text(download) -> str:
    document = docx.Document(download.value.path())
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_office_downloads_the_plan_and_the_invitations_and_the_radio_files_wait_for_the_mark(pages, server):
    page = open_as_office(pages, server)
    with page.expect_download() as plan:
        page.click("button[data-download='plan.docx']")
    text = docx_text(plan)
    assert "KẾ HOẠCH" in text.upper() and "An Bộ" in text
    assert plan.value.suggested_filename.endswith(".docx")
    for to in ("delegates", "xom"):
        with page.expect_download() as letters:
            page.click(f"button[data-download='invitations.docx?to={to}']")
        assert "GIẤY MỜI" in docx_text(letters).upper()

    # The radio's files need the recording mark: the page says so in Vietnamese, nothing downloads.
    page.click("button[data-download='labels.txt']")
    page.wait_for_selector("#toast.error:has-text('Chưa ai đánh dấu lúc bắt đầu ghi âm')")
    assert "Bắt đầu ghi âm" in page.text_content(".downloads-note")
    page.click("button[data-download='chapters.vtt']")
    page.wait_for_selector("#toast.error:has-text('Bắt đầu ghi âm')")


def test_the_paperwork_form_shows_each_profiles_examples(pages, server):
    page = open_as_office(pages, server)
    body = page.locator("#paperwork-form input[name=body]")
    number = page.locator("#paperwork-form input[name=notice_number]")
    page.check("#paperwork-form input[name=profile][value=state]")
    assert body.get_attribute("placeholder") == "VD: ỦY BAN NHÂN DÂN XÃ HIỆP HÒA"
    assert number.get_attribute("placeholder") == "VD: 25/TB-UBND"
    page.check("#paperwork-form input[name=profile][value=party]")
    assert body.get_attribute("placeholder") == "VD: ĐẢNG ỦY XÃ HIỆP HÒA"
    assert number.get_attribute("placeholder") == "VD: 25-TB/ĐU"
    assert page.locator("#paperwork-form input[name=signer_title]").get_attribute("placeholder") == "VD: BÍ THƯ"
