"""SQLite persistence through sqlite-utils, split by concern:

- ``db``: the connection and its lock, write transactions, the log row (``LogEntry``), the
  codecs of the columns, reading a whole meeting; ``migrations``: the schema;
- ``live``: the meetings held in memory, and committing a command's effect;
- ``documents``: the versions of the documents written after the meeting;
- ``pins``: the PINs of the roles and of the office;
- ``queries``: the listing of meetings, the log, the full-text search and the follow-up;
- ``transfer``: a meeting's export file, and its import as a new meeting;
- ``readside``: the read-only connection the documents and exports are built from.

``Store`` is the one object the server holds: the parts above over one connection.
"""

from __future__ import annotations

from .db import TABLES, LogEntry, read_meeting, storable
from .documents import DocumentConflict, Documents
from .pins import Pins
from .queries import Queries
from .transfer import Transfer, TransferProblem


class Store(Transfer, Documents, Pins, Queries):
    """The database of one server process, and the meetings it holds in memory: ``Store(path,
    offload)`` (``db.Database``); every part shares its connection, lock and transactions."""


__all__ = ["TABLES", "DocumentConflict", "LogEntry", "Store", "TransferProblem", "read_meeting", "storable"]
