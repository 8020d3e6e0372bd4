"""The PINs: one per operator role of each meeting, and the office's, random and kept in the file."""

from __future__ import annotations

import secrets

from .db import Database, LogEntry, storable


def new_pin() -> str:
    """A random six-digit PIN."""
    return f"{secrets.randbelow(10**6):06d}"


class Pins(Database):
    """Reading and changing the PINs."""

    def pins(self, meeting_id: int) -> dict[str, str]:
        """The PINs of a meeting's operator roles (for the office, which hands them out)."""
        if not storable(meeting_id):
            return {}
        with self.lock:
            return {
                r["role"]: r["pin"]
                for r in self.db.query("select role, pin from access where meeting_id = ?", [meeting_id])
            }

    def pin(self, meeting_id: int, role: str) -> str | None:
        """The PIN of ``role`` for the meeting, or None."""
        return self.pins(meeting_id).get(role)

    def office_pin(self) -> str:
        """The office's PIN (made with the database)."""
        with self.lock:
            pin: str = self.conn.execute("select pin from office_access where id = 1").fetchone()[0]
            return pin

    def regenerate_pin(self, meeting_id: int, role: str, at: float, person: str = "") -> str | None:
        """A new random PIN for ``role`` of the meeting (never the old one), logged without the PIN
        itself; None if there is no such meeting."""
        if not storable(meeting_id):
            return None
        with self.write():
            version = self.meeting_version(meeting_id)
            if version is None:
                return None
            old = self.conn.execute(
                "select pin from access where meeting_id = ? and role = ?", [meeting_id, role]
            ).fetchone()
            pin = old[0] if old else ""
            while old and pin == old[0]:
                pin = new_pin()
            self.conn.execute(
                "insert into access (meeting_id, role, pin) values (?, ?, ?) "
                "on conflict (meeting_id, role) do update set pin = excluded.pin",
                [meeting_id, role, pin],
            )
            command_id = f"pin-{meeting_id}-{role}-{secrets.token_hex(6)}"
            self.append_log(
                LogEntry(
                    meeting_id=meeting_id,
                    command_id=command_id,
                    at=at,
                    role="office",
                    name="pin.regenerate",
                    payload={"role": role},
                    version=version,
                    person=person,
                )
            )
        return pin
