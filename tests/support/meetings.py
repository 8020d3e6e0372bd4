"""Meetings the tests prepare through the protocol, as the office types them."""

TWO_TIER = {
    "title": "Hội nghị tiếp xúc, đối thoại trực tiếp với nhân dân thôn Tân Hưng năm 2023",
    "hamlet": "Tân Hưng",
    "place": "Nhà văn hóa thôn Tân Hưng",
    "organiser": "Đảng ủy xã Tân Tiến",
    "starts_at": "2023-06-20T14:00",
    # Today's two-tier structure: the commune sits directly under the province.
    "units": [{"level": "xã", "name": "Tân Tiến"}, {"level": "tỉnh", "name": "Hưng Yên"}],
    "chairs": [
        {"name": "Phạm Văn Chiến", "title": "Bí thư Đảng ủy xã"},
        {"name": "Đào Thị Hạnh", "title": "Chủ tịch HĐND xã"},
        {"name": "Ngô Văn Tuấn", "title": "Chủ tịch UBND xã"},
    ],
    "secretaries": [{"name": "Lý Thị Thu", "title": "Văn phòng HĐND-UBND xã"}],
    "invited_count": 40,
    "allocation": [{"xom": "Xóm 1", "count": 15}, {"xom": "Xóm 2", "count": 15}, {"xom": "Xóm 3", "count": 10}],
}
