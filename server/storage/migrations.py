"""The database schema, as numbered migrations (sqlite-utils ``Migrations``).

A migration is never edited once released: a database made by an earlier version is upgraded in
place by the ones it has not seen (``tests/storage/test_store.py`` upgrades one from the first schema).
"""

from __future__ import annotations

import json
import secrets

import sqlite_utils
from sqlite_utils import Migrations

migrations = Migrations("dialogue")


@migrations()
def m001_core(db: sqlite_utils.Database) -> None:
    db.table("meeting").create(
        {
            "id": int,
            "title": str,
            "banner": str,  # JSON list of lines
            "organiser": str,
            "hamlet": str,
            "place": str,
            "starts_at": str,
            "is_demo": int,
            "settings": str,  # JSON
            "version": int,
            "next_id": int,
            "stage_id": int,
            "stage_started_at": float,
            "started_at": float,
            "speaker_id": int,
            "timer": str,  # JSON
            "message": str,
        },
        pk="id",
        not_null={"title", "version", "next_id"},
    )
    db.table("access").create(
        {"meeting_id": int, "role": str, "pin": str},
        pk=("meeting_id", "role"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db.table("stage").create(
        {"meeting_id": int, "id": int, "position": int, "title": str, "planned_minutes": int},
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db.table("delegate").create(
        {"meeting_id": int, "id": int, "position": int, "name": str, "title": str, "unit": str},
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db.table("speaker").create(
        {
            "meeting_id": int,
            "id": int,
            "position": int,
            "name": str,
            "xom": str,
            "topic": str,
            "requested_seconds": int,
            "status": str,
            "walk_in": int,
            "phone": str,
            "note": str,
            "registered_at": float,
            "started_at": float,
            "ended_at": float,
            "spoken_seconds": float,
        },
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    # The append-only log of every applied command: what the minutes are written from.
    db.table("log").create(
        {
            "seq": int,
            "meeting_id": int,
            "command_id": str,
            "at": float,
            "role": str,
            "name": str,
            "payload": str,  # JSON
            "version": int,
        },
        pk="seq",
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db.table("log").create_index(["command_id"], unique=True)
    db.table("log").create_index(["meeting_id", "seq"])


@migrations()
def m002_opinions(db: sqlite_utils.Database) -> None:
    db.table("meeting").add_column("focus_opinion_id", int)
    db.table("speaker").add_column("official", int, not_null_default=0)
    db.table("speaker").add_column("answers", str, not_null_default="[]")  # JSON list of opinion ids
    db.table("speaker").add_column("follows_opinion_id", int)
    db.table("opinion").create(
        {
            "meeting_id": int,
            "id": int,
            "position": int,
            "summary": str,
            "text": str,
            "kind": str,
            "category": str,
            "level": str,
            "unit": str,
            "speaker_id": int,
            "citizen": str,
            "xom": str,
            "raised_at": float,
            "answerer": str,
            "answerer_delegate_id": int,
            "outcome": str,
            "outcome_at": float,
            "answer": str,
            "answered_by": str,
            "deadline_days": int,
            "deadline": str,
            "forwarded_to": str,
            "prior_ref": str,
            "prior_date": str,
            "prior_body": str,
            "reply_date": str,
            "reply_summary": str,
            "reply_ref": str,
            "citizen_accepted": int,
            "closed_at": float,
        },
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db.table("opinion").create_index(["outcome", "closed_at"])
    # Full-text search over opinions of every meeting. SQLite's unicode61 tokenizer removes
    # accents but keeps "đ" (a letter of its own), so "dat dai" would not find "đất đai":
    # the indexed text is folded by fold() first, and so is every query.
    db.execute(
        "create virtual table opinion_fts using fts5("
        "body, meeting_id unindexed, opinion_id unindexed, tokenize = 'unicode61 remove_diacritics 2')"
    )
    # The commune office's PIN, for the follow-up of every meeting.
    db.table("office_access").create({"id": int, "pin": str}, pk="id")
    db.table("office_access").insert({"id": 1, "pin": f"{secrets.randbelow(10**6):06d}"})


@migrations()
def m003_effects(db: sqlite_utils.Database) -> None:
    # What each command did (the entities changed, with their new values), beside what was asked:
    # the log alone replays the meeting, and the minutes can say who was called, not only that the
    # chair pressed "next". Rows logged before this migration have none.
    db.table("log").add_column("effect", str)


@migrations()
def m004_stage_runs(db: sqlite_utils.Database) -> None:
    # Every interval in which a stage ran (JSON list of [start, end]); before, only the current
    # stage's last start was kept, and going back to a stage lost its recorded time. A meeting that
    # is running keeps what is known: its current stage has run since stage_started_at.
    db.table("stage").add_column("runs", str, not_null_default="[]")
    for row in db.query(
        "select id, stage_id, stage_started_at from meeting where stage_id is not null and stage_started_at is not null"
    ):
        db.execute(
            "update stage set runs = ? where meeting_id = ? and id = ?",
            [json.dumps([[row["stage_started_at"], None]]), row["id"], row["stage_id"]],
        )


@migrations()
def m005_log_person(db: sqlite_utils.Database) -> None:
    # The person at the screen that sent each command (the role alone does not say which of the
    # secretaries it was). Rows logged before have none.
    db.table("log").add_column("person", str, not_null_default="")


@migrations()
def m006_preparation(db: sqlite_utils.Database) -> None:
    # What the office prepares (#7): the administrative units as data, the chairs and the secretary
    # team, the invitations and their allocation per xóm, the meeting's status, when the chair closed
    # it, what the projector shows over the live view; delegates' groups and presence; the invited
    # citizens. Meetings made before were prepared in code and are ready: they are "scheduled".
    for name in ("units", "chairs", "secretaries", "allocation"):
        db.table("meeting").add_column(name, str, not_null_default="[]")  # JSON lists
    db.table("meeting").add_column("invited_count", int, not_null_default=0)
    db.table("meeting").add_column("status", str, not_null_default="scheduled")
    db.table("meeting").add_column("ended_at", float)
    db.table("meeting").add_column("showing", str, not_null_default="")
    db.table("delegate").add_column("group", str, not_null_default="")
    db.table("delegate").add_column("present", int, not_null_default=0)
    db.table("citizen").create(
        {
            "meeting_id": int,
            "id": int,
            "position": int,
            "name": str,
            "xom": str,
            "phone": str,
            "id_number": str,
            "note": str,
            "present": int,
        },
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )


@migrations()
def m007_documents(db: sqlite_utils.Database) -> None:
    # After the meeting (#9): the chair's conclusion, and the documents made from the record. A
    # document kind (the minutes) has versions: a draft, edited, then finalised; a finalised version
    # is never changed again (a later change is a new version), and its SHA-256 is kept.
    db.table("meeting").add_column("conclusion", str, not_null_default="")
    db.table("meeting").add_column("paperwork", str, not_null_default="{}")  # JSON: letterhead and signature
    db.table("meeting").add_column("published_at", float)
    db.table("document").create(
        {
            "meeting_id": int,
            "kind": str,  # "minutes"
            "version": int,
            "created_at": float,
            "person": str,
            "content": str,  # JSON: the document's blocks as edited
            "finalised_at": float,
            "docx": bytes,  # the finalised .docx, made once: a download gives these very bytes
            "sha256": str,  # of those bytes
            "profile": str,  # "state" or "party"
        },
        pk=("meeting_id", "kind", "version"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )


@migrations()
def m008_hall(db: sqlite_utils.Database) -> None:
    # In the hall (#10): the door team's PIN for every meeting, check-in and walk-ins, requests to
    # speak sent from phones, and whether they are taken.
    for row in list(db.query("select id from meeting")):
        db.table("access").insert({"meeting_id": row["id"], "role": "door", "pin": f"{secrets.randbelow(10**6):06d}"})
    db.table("citizen").add_column("walk_in", int, not_null_default=0)
    db.table("citizen").add_column("checked_in_at", float)
    db.table("meeting").add_column("registration_open", int, not_null_default=1)
    db.table("request").create(
        {
            "meeting_id": int,
            "id": int,
            "position": int,
            "name": str,
            "xom": str,
            "topic": str,
            "text": str,
            "status": str,
            "reason": str,
            "speaker_id": int,
            "device": str,
            "submitted_at": float,
            "decided_at": float,
        },
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )


@migrations()
def m009_people(db: sqlite_utils.Database) -> None:
    # Under real hands (#18): a commune tells two citizens of one name and xóm apart by their year
    # of birth and gender; and a turn keeps the allowance it ended with (the chair's ± minutes
    # included), so that the overtime the hall saw is the overtime the documents count.
    db.table("citizen").add_column("year_of_birth", int)
    db.table("citizen").add_column("gender", str, not_null_default="")
    db.table("speaker").add_column("allowed_seconds", float)


@migrations()
def m010_duties(db: sqlite_utils.Database) -> None:
    # Before the meeting (#19): the plan's preparation duties as data (a unit's task, who does it,
    # working days before the meeting, to do or done), and the radio's recording mark, from which
    # the label track and the chapters of the recording count. Meetings made before get no duties.
    db.table("meeting").add_column("recording_started_at", float)
    db.table("duty").create(
        {
            "meeting_id": int,
            "id": int,
            "position": int,
            "unit": str,
            "task": str,
            "person": str,
            "days_before": int,
            "status": str,
            "done_at": float,
        },
        pk=("meeting_id", "id"),
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
