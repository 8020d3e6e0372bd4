"""The demo meeting, from the real plan of the An Bộ dialogue meeting (Hiệp Hòa commune, 2023).

Title, banner ("tip chữ"), organiser, place, date and the six stages come from the
plan (the commune party committee's "Kế hoạch" of May 2023). The plan names no
citizens and few officials: the people below are invented and marked as demo.
"""

from __future__ import annotations

from .domain.duties import add_defaults
from .domain.meetings import PROCEDURE
from .domain.model import SCHEDULED, Delegate, Meeting, Speaker, Stage
from .storage import Store

TITLE = (
    "Hội nghị tiếp xúc, đối thoại trực tiếp của đ/c Bí thư Đảng ủy - Chủ tịch HĐND xã "
    "và đ/c Chủ tịch UBND xã với nhân dân thôn An Bộ năm 2023"
)
BANNER = [
    "HỘI NGHỊ",
    "TIẾP XÚC, ĐỐI THOẠI TRỰC TIẾP CỦA Đ/C BÍ THƯ ĐẢNG ỦY - CHỦ TỊCH HĐND XÃ VÀ Đ/C CHỦ TỊCH UBND XÃ VỚI NHÂN DÂN",
    "THÔN AN BỘ",
    "Hiệp Hòa, ngày 25/05/2023",
]

STAGES = PROCEDURE  # the plan's procedure (Bước 2)

# The plan's two groups of delegates ("Đại biểu thị xã", "Đại biểu xã Hiệp Hòa"), and the hamlet's.
DELEGATES = [
    ("Nguyễn Văn Hùng (demo)", "Thị ủy viên phụ trách xã Hiệp Hòa", "Thị ủy", "Đại biểu thị xã"),
    ("Trần Văn Minh (demo)", "Bí thư Đảng ủy - Chủ tịch HĐND xã", "Đảng ủy xã Hiệp Hòa", "Đại biểu xã Hiệp Hòa"),
    ("Lê Thị Lan (demo)", "Chủ tịch UBND xã", "UBND xã Hiệp Hòa", "Đại biểu xã Hiệp Hòa"),
    ("Phạm Văn Định", "Phó Bí thư thường trực Đảng ủy", "Đảng ủy xã Hiệp Hòa", "Đại biểu xã Hiệp Hòa"),
    ("Vũ Văn Thắng (demo)", "Chủ tịch Ủy ban MTTQ xã", "UBMTTQ xã Hiệp Hòa", "Đại biểu xã Hiệp Hòa"),
    ("Đỗ Văn Quân (demo)", "Trưởng Công an xã", "Công an xã Hiệp Hòa", "Đại biểu xã Hiệp Hòa"),
    ("Nguyễn Văn Bình (demo)", "Trưởng thôn An Bộ", "Thôn An Bộ", "Thôn An Bộ"),
]
# The plan invites 100 citizens and leaves their allocation per xóm to the hamlet: invented here.
ALLOCATION = [("Xóm Đông", 30), ("Xóm Trong", 25), ("Xóm Ngoài", 25), ("Xóm Chùa", 20)]

SPEAKERS = [
    ("Nguyễn Văn An (demo)", "Xóm Đông", "Cấp giấy chứng nhận quyền sử dụng đất ở", 3),
    ("Trần Thị Bích (demo)", "Xóm Trong", "Đường giao thông nội đồng xuống cấp", 3),
    ("Lê Văn Cường (demo)", "Xóm Ngoài", "Rác thải, ô nhiễm môi trường ven kênh", 3),
    ("Phạm Thị Dung (demo)", "Xóm Đông", "Chế độ chính sách cho người có công", 5),
    ("Hoàng Văn Em (demo)", "Xóm Chùa", "An ninh trật tự khu dân cư ban đêm", 3),
]


def demo_meeting(now: float) -> Meeting:
    """The An Bộ meeting, not yet started, with its queue of registered speakers."""
    meeting = Meeting(
        id=0,
        title=TITLE,
        banner=list(BANNER),
        organiser="Đảng ủy xã Hiệp Hòa",
        hamlet="An Bộ",
        place="Hội trường Trung tâm văn hóa xã Hiệp Hòa",
        starts_at="2023-05-25T08:00",
        is_demo=True,
        status=SCHEDULED,
        units=[
            {"level": "xã", "name": "Hiệp Hòa"},
            {"level": "thị xã", "name": "Kinh Môn"},
            {"level": "tỉnh", "name": "Hải Dương"},
        ],
        chairs=[
            {"name": "Trần Văn Minh (demo)", "title": "Bí thư Đảng ủy - Chủ tịch HĐND xã"},
            {"name": "Lê Thị Lan (demo)", "title": "Chủ tịch UBND xã"},
        ],
        secretaries=[{"name": "Nguyễn Thị Thu (demo)", "title": "Công chức Văn phòng - Thống kê xã"}],
        invited_count=100,
        allocation=[{"xom": xom, "count": count} for xom, count in ALLOCATION],
    )
    for title, minutes in STAGES:
        meeting.stages.append(Stage(meeting.new_id(), title, minutes))
    for name, title, unit, group in DELEGATES:
        meeting.delegates.append(Delegate(meeting.new_id(), name, title, unit, group))
    for name, xom, topic, minutes in SPEAKERS:
        meeting.speakers.append(Speaker(meeting.new_id(), name, xom, topic, minutes * 60, registered_at=now))
    add_defaults(meeting)  # the plan's preparation duties, as a new meeting gets them
    return meeting


def create_demo(store: Store, now: float) -> tuple[Meeting, dict[str, str]]:
    """Store a new demo meeting; return it and its PINs."""
    meeting = demo_meeting(now)
    pins = store.create_meeting(meeting, at=now)
    return meeting, pins
