"""The Vietnamese of the documents: dates, times, durations, and the names of the record's
vocabulary. The documents after the meeting are always in Vietnamese, whatever language a screen
uses, so these are written here rather than through the translation catalog."""

from __future__ import annotations

from datetime import date, datetime

KIND = {
    "kien_nghi": "Kiến nghị",
    "phan_anh": "Phản ánh",
    "khieu_nai": "Khiếu nại",
    "to_cao": "Tố cáo",
    "gop_y": "Góp ý",
}
LEVEL = {"xa": "Cấp xã", "cap_tren": "Cấp trên"}
OUTCOME = {
    "answered": "Đã trả lời tại hội nghị",
    "assigned": "Giao đơn vị giải quyết",
    "forwarded": "Chuyển cấp trên",
    "declined": "Từ chối: đã được giải quyết",
    "noted": "Tiếp thu",
    None: "Chưa có kết quả",
}


def date_words(day: date | datetime | None) -> str:
    """ "ngày 25 tháng 5 năm 2023", "ngày 05 tháng 01 năm 2026": as the date line of an official
    document writes it (Decree 30/2020, Appendix I: a day below 10 and the months 1 and 2 take a
    leading zero, so that nothing can be added in front of them)."""
    if day is None:
        return "ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def weekday(day: date | datetime) -> str:
    """ "thứ Năm"."""
    return WEEKDAYS[day.weekday()]


def present_of(present: int, invited: int) -> str:
    """ "có mặt 12/30"; for people nobody invited (a walk-in from another xóm or hamlet), "có mặt 1
    (ngoài danh sách mời)" rather than "1/0"."""
    if invited:
        return f"có mặt {present}/{invited}"
    return f"có mặt {present} (ngoài danh sách mời)"


def clock_words(moment: datetime | None) -> str:
    """ "08 giờ 05"."""
    return "… giờ …" if moment is None else f"{moment.hour:02d} giờ {moment.minute:02d}"


def hhmm(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment.hour:02d}:{moment.minute:02d}"


def ddmmyyyy(value: str | date | datetime | None) -> str:
    """ "2023-06-15" (or a date) → "15/06/2023"; "" for none."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def duration_words(seconds: float) -> str:
    """ "3 phút 20 giây", "45 giây", "1 giờ 05 phút"."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} giờ {minutes:02d} phút"
    if minutes:
        return f"{minutes} phút {secs} giây" if secs else f"{minutes} phút"
    return f"{secs} giây"
