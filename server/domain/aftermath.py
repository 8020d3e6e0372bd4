"""After the meeting: the letterhead and signature of its documents, and the publication of its
results (the regulation gives ten days). The documents themselves are made from the record by
``server/reports/``; they change nothing in the meeting."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .errors import refuse
from .fields import (
    NameTextOrEmpty,
    OrganiserText,
    OrganiserTextOrEmpty,
    PersonTitleTextOrEmpty,
    ReplyRefTextOrEmpty,
    UnitNameTextOrEmpty,
)
from .model import Meeting
from .payloads import Payload
from .registry import OFFICE, SECRETARY, Empty, changes_sent, command

WRITERS = {OFFICE, SECRETARY}


class PaperworkUpdate(Payload):
    profile: Literal["state", "party"] | None = None
    parent_body: OrganiserTextOrEmpty | None = None
    body: OrganiserTextOrEmpty | None = None
    place_name: UnitNameTextOrEmpty | None = None
    notice_number: ReplyRefTextOrEmpty | None = None
    report_number: ReplyRefTextOrEmpty | None = None
    signer_name: NameTextOrEmpty | None = None
    signer_title: PersonTitleTextOrEmpty | None = None
    recipients: list[OrganiserText] | None = Field(default=None, max_length=15)
    hide_names: bool | None = None


@command("meeting.paperwork", WRITERS, PaperworkUpdate)
def meeting_paperwork(state: Meeting, p: PaperworkUpdate, now: float) -> None:
    """Set how the documents are headed and signed: the profile (state or Party format), the
    issuing body and the one above it, the place for the date line, the numbers and symbols of the
    notice and the report, the signer, the recipients; and whether the public results page names
    the speakers. Only the fields sent change."""
    changes = changes_sent(p)
    for key, value in changes.items():
        setattr(state.paperwork, key, list(value) if key == "recipients" else value)


@command("results.publish", WRITERS, Empty)
def results_publish(state: Meeting, p: Empty, now: float) -> None:
    """Publish the results on the public page (for the notice board and the loudspeaker), once the
    meeting is closed; the date is recorded against the ten-day duty."""
    if state.ended_at is None:
        raise refuse("not_ended")
    if state.published_at is not None:
        raise refuse("already_published")
    state.published_at = now


@command("results.unpublish", WRITERS, Empty)
def results_unpublish(state: Meeting, p: Empty, now: float) -> None:
    """Take the public results page down (to correct something); publishing again records the new date."""
    if state.published_at is None:
        raise refuse("not_published")
    state.published_at = None
