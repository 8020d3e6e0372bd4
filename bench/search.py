"""How fast the diacritics-insensitive opinion search is as the archive grows.

Fills a fresh database with N opinions over many meetings (varied Vietnamese text) through the
store's own save path, then times ``Store.search`` against a baseline measured in the same run:
a full scan with LIKE over a folded copy of the text (what one would write without FTS).

Usage: python bench/search.py [--opinions 20000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from server.demo import demo_meeting  # noqa: E402
from server.domain.model import Opinion  # noqa: E402
from server.storage import Store  # noqa: E402
from server.storage.queries import fold  # noqa: E402

WORDS = (
    "đất đai giấy chứng nhận quyền sử dụng đường giao thông nội đồng xuống cấp rác thải ô nhiễm môi trường "
    "kênh mương thủy lợi chính sách người có công bảo hiểm y tế học phí an ninh trật tự đèn chiếu sáng "
    "nước sạch giải phóng mặt bằng bồi thường hỗ trợ tái định cư hộ nghèo cận nghèo điện sinh hoạt"
).split()
QUERIES = ["dat dai", "giay chung nhan", "o nhiem moi truong", "đường giao thông", "nuoc sach", "tai dinh cu"]


def fill(store: Store, n: int, per_meeting: int = 200) -> None:
    rng = random.Random(7)
    made = 0
    while made < n:
        meeting = demo_meeting(0)
        store.create_meeting(meeting)
        old = store.load(meeting.id)
        new = store.load(meeting.id)
        for _ in range(min(per_meeting, n - made)):
            summary = " ".join(rng.choice(WORDS) for _ in range(12))
            new.opinions.append(Opinion(id=new.new_id(), summary=summary, category="Khác", citizen="Công dân"))
            made += 1
        with store.write():
            store.save(old, new)


def timed(fn, repeat: int = 20) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--opinions", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "search.db"))
        start = time.perf_counter()
        fill(store, args.opinions)
        print(f"{args.opinions} opinions stored and indexed in {time.perf_counter() - start:.1f} s")
        store.db.conn.create_function("fold", 1, fold, deterministic=True)
        print(f"{'query':<22} {'FTS (ms)':>9} {'LIKE scan (ms)':>15} {'hits':>6}")
        for q in QUERIES:
            fts = timed(lambda q=q: store.search(q))
            pattern = "%" + fold(q) + "%"
            scan = timed(
                lambda pattern=pattern: store.db.execute(
                    "select count(*) from opinion where fold(summary) like ?", [pattern]
                ).fetchone(),
                repeat=5,
            )
            hits = len(store.search(q, limit=100000))
            print(f"{q:<22} {fts:9.2f} {scan:15.1f} {hits:6d}")


if __name__ == "__main__":
    main()
