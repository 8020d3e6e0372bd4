"""The vocabularies: the words for the values of the model's enumerations (a request's status, a
meeting's phase, an opinion's kind, level and outcome), shown in refusals, pages and documents.

Data only: add a word here when the model gains a value.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS_NAMES = {
    "queued": _l("waiting"),
    "current": _l("at the microphone"),
    "done": _l("done"),
    "skipped": _l("skipped"),
    "withdrawn": _l("withdrawn"),
}

# Where a meeting stands (``model.phase``): in refusals, and on the office's list.
PHASE_NAMES = {
    "draft": _l("in preparation"),
    "scheduled": _l("scheduled"),
    "live": _l("in progress"),
    "ended": _l("ended"),
    "archived": _l("archived"),
    "deleted": _l("deleted"),
}

KIND_NAMES = {
    "kien_nghi": _l("Petition (kiến nghị)"),
    "phan_anh": _l("Report (phản ánh)"),
    "khieu_nai": _l("Complaint (khiếu nại)"),
    "to_cao": _l("Denunciation (tố cáo)"),
    "gop_y": _l("Suggestion (góp ý)"),
}

LEVEL_NAMES = {"xa": _l("Commune"), "cap_tren": _l("Higher level")}

OUTCOME_NAMES = {
    "answered": _l("Answered at the meeting"),
    "assigned": _l("Assigned to a unit"),
    "forwarded": _l("Forwarded to a higher level"),
    "declined": _l("Declined: already resolved"),
    "noted": _l("Noted"),
}
