"""Every sentence a user can read from the server or the pages' scripts, through gettext.

The msgids are English; ``server/translations/vi`` holds the Vietnamese, which is the
default language. ``error_ack`` is the one error shape of every refused command.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from .domain.errors import Problem

PROBLEMS = {
    # validation
    "required": _l("This field is required."),
    "unknown_field": _l("Unknown field."),
    "wrong_type": _l("This value has the wrong type."),
    "empty": _l("This field cannot be empty."),
    "too_long": _l("Too long: at most %(max)s characters."),
    "too_small": _l("Too small: at least %(limit)s."),
    "too_large": _l("Too large: at most %(limit)s."),
    "not_allowed": _l("Not an allowed value (expected %(expected)s)."),
    "bad_phone": _l("A phone number has 8 to 15 digits."),
    "invalid": _l("This value is not valid."),
    "bad_envelope": _l("The command is malformed."),
    # access
    "unknown_command": _l("Unknown command: %(name)s."),
    "forbidden": _l("Your role may not do this (%(name)s)."),
    "not_joined": _l("This screen has not joined a meeting yet."),
    "wrong_pin": _l("Wrong PIN."),
    "name_required": _l("Type your name: the log records who did what."),
    "signed_out": _l("The office has changed this screen's PIN. Type the new PIN."),
    "too_many_attempts": _l("Too many wrong PINs. Wait a minute and try again."),
    "no_such_meeting": _l("There is no such meeting."),
    "server_error": _l("The server could not do this. Nothing was changed."),
    # meeting rules
    "stale_stage": _l("The stage has already changed on another screen. Check the screen and try again."),
    "last_stage": _l("This is already the last stage."),
    "first_stage": _l("This is already the first stage."),
    "no_such_stage": _l("There is no such stage."),
    "stage_ran": _l("This stage has already run: its time is part of the record. Rename or move it instead."),
    "agenda_needs_a_stage": _l("The agenda needs at least one stage."),
    "stale_speaker": _l("The current speaker has already changed on another screen. Check the screen and try again."),
    "queue_empty": _l("Nobody is waiting to speak."),
    "no_such_speaker": _l("There is no such speaker."),
    "speaker_status": _l("Not possible for a speaker who is %(status)s."),
    "not_current_speaker": _l("This speaker is no longer at the microphone."),
    "already_speaking": _l("This speaker has already started: end the turn instead."),
    "timer_already_started": _l("The timer has already started."),
    "timer_not_running": _l("The timer is not running."),
    "timer_not_paused": _l("The timer is not paused."),
    "zero_adjust": _l("Add or remove at least one second."),
    "duration_range": _l("The speaking time must stay between 0 and 60 minutes."),
    "nothing_to_change": _l("Nothing to change."),
    "move_onto_itself": _l("A speaker cannot be moved in front of themselves."),
    "not_in_queue": _l("That speaker is not in the queue."),
    "no_message": _l("No message is shown."),
    "too_few": _l("Too few: at least %(min)s."),
    "too_many": _l("Too many: at most %(max)s."),
    "bad_date": _l("Not a valid date."),
    "duplicate_category": _l("A category appears twice."),
    # opinions
    "no_such_opinion": _l("There is no such opinion."),
    "already_closed": _l("This opinion is already closed."),
    "unknown_category": _l("This category is not in the meeting's list."),
    "not_a_citizen_turn": _l("An official's answer is not a citizen's opinion."),
    "not_for_turn": _l("Name and neighbourhood come from the speaking turn; leave them empty."),
    "no_such_delegate": _l("There is no such delegate."),
    "answerer_required": _l("Choose a delegate or type who answers."),
    "no_focus": _l("No opinion is being answered."),
    "duplicate_opinion": _l("An opinion is listed twice."),
    "not_for_outcome": _l("Not used by this outcome."),
    "prior_after_meeting": _l("The earlier decision cannot be dated after the meeting."),
    "not_followed_up": _l("Only an assigned or forwarded opinion gets a written reply."),
    "reply_before_meeting": _l("The reply cannot be dated before the meeting."),
    "reply_in_future": _l("The reply cannot be dated after today: record it once it is written."),
    # preparing a meeting
    "date_in_past": _l("This date has already passed: a meeting is prepared for today or later."),
    "duplicate_xom": _l("A xóm appears twice in the allocation."),
    "changed_meanwhile": _l(
        "Someone changed this on another screen meanwhile. The current value is shown now: check it and save again."
    ),
    "meeting_phase": _l("Not possible while the meeting is %(phase)s."),
    "meeting_closed": _l("This meeting is %(phase)s: it takes no change."),
    "meeting_happened": _l("Something has already happened in this meeting: it cannot be deleted, only archived."),
    "meeting_ended": _l("The meeting has been closed. The chair can reopen it."),
    "duplicate_delegate": _l("This delegate (same name and unit) is already at the table."),
    "delegate_in_use": _l("The chair has named this delegate to answer an opinion: the delegate cannot be removed."),
    "duplicate_citizen": _l(
        "This citizen (same name and xóm) is already invited. If it is another person, give the year of birth."
    ),
    "no_such_citizen": _l("There is no such invited citizen."),
    "citizen_present": _l("This citizen has already checked in: they cannot be taken off the list."),
    "nothing_new": _l("Everyone in this list is already there: nothing to add."),
    # after the meeting
    "not_ended": _l("The chair has not closed the meeting yet."),
    "already_published": _l("The results are already published."),
    "not_published": _l("The results are not published."),
    # in the hall
    "already_present": _l("This citizen is already checked in (perhaps on another door device)."),
    "not_present": _l("This citizen is not checked in."),
    "attendance_closed": _l(
        "The meeting has been closed: attendance is closed with it, so that the figures and the minutes agree. "
        "The chair can reopen the meeting."
    ),
    "no_such_request": _l("There is no such request to speak."),
    "request_decided": _l("The secretary has already decided on this request."),
    "registration_closed": _l("Registration to speak is closed."),
    "already_registered": _l("You are already registered to speak: wait for your turn."),
    "slow_down": _l("Too many requests from here. Wait a minute and try again."),
    "opinions_without_outcome": _l(
        "%(n)s opinions have no outcome yet. Record their outcomes first, or confirm that the minutes say so."
    ),
}

# imports (server/imports.py)
PROBLEMS.update(
    {
        "bad_id_number": _l("An identity number has 9 (CMND) or 12 (CCCD) digits."),
        "import_empty": _l("The file is empty. Choose the file that holds the list."),
        "import_too_large": _l(
            "The file is larger than %(mb)s MB. Keep only the list in it, or save it as .csv, and upload it again."
        ),
        "import_not_table": _l("This file is not a spreadsheet. Choose an Excel file (.xlsx) or a .csv file."),
        "import_xls": _l(
            "This .xls file cannot be read: it may be damaged or protected by a password. Open it in Excel, "
            "save it as .xlsx and upload it again."
        ),
        "import_corrupt": _l(
            "This Excel file cannot be read; it may be damaged. Open it in Excel, save it again as .xlsx "
            "and upload it again."
        ),
        "import_zip_bomb": _l(
            "This Excel file unpacks to far more data than a list holds. Copy the list into a new workbook, "
            "save it and upload that one."
        ),
        "import_too_many_rows": _l(
            "The list has more than %(max)s rows. Split it into files of at most %(max)s rows each."
        ),
        "import_encoding": _l(
            "The letters in this .csv file cannot be read. In Excel, save it as “CSV UTF-8” and upload it again."
        ),
        "import_no_header": _l(
            "The first row does not name the columns. Put the column titles in the first row, at least: %(columns)s."
        ),
        "import_missing_columns": _l(
            "Missing columns: %(columns)s. Add them to the first row (the column titles) and upload again."
        ),
        "import_repeated_column": _l(
            "Two columns hold the same information (%(columns)s). Keep one of them and upload again."
        ),
        "import_no_rows": _l("The list has column titles but no rows. Fill in the list and upload again."),
        "import_already_invited": _l(
            "Already on this meeting's list: this row will not be added again. If it is another person "
            "with the same name, add something to tell them apart (e.g. the year of birth)."
        ),
        "import_repeated": _l(
            "Same person as row %(first_line)s: only that row will be added. If they are two people, "
            "add something to tell them apart (e.g. the year of birth)."
        ),
        "import_same_name": _l(
            "Same name and xóm as an earlier row or someone already on the list, and no year of birth tells "
            "them apart: add this row as another person, or skip it."
        ),
        "bad_year": _l("A year of birth is a year (e.g. 1951) or a date of birth (dd/mm/yyyy)."),
        "bad_gender": _l("Gender is “Nam” or “Nữ”."),
    }
)

# text checked once for every field (server/domain/fields.py), and messages the server reads no
# further (server/extensions.py)
PROBLEMS.update(
    {
        "bad_unicode": _l("This text holds a broken character (half of a UTF-16 pair). Type it again."),
        "control_character": _l(
            "This text holds a control character (such as NUL) that cannot be shown. Type it again."
        ),
        "bidi_control": _l(
            "This text holds a character that reverses or hides the writing direction (U+202A–U+202E, "
            "U+2066–U+2069). Remove it."
        ),
        "invisible_only": _l(
            "This text holds only invisible characters (such as zero-width spaces). Type something readable."
        ),
        "message_too_large": _l(
            "The message is too large: at most %(max)s characters. Send less at once (split a long list)."
        ),
        "message_too_deep": _l("The message is nested too deeply: at most %(max)s levels."),
        "unknown_event": _l("The screen sent an event the server does not know (%(name)s). Reload the page."),
    }
)

# Codes whose field is the envelope's, not a form's: the sentence is not prefixed with a field name.
ENVELOPE_CODES = {"unknown_command", "bad_envelope"}

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

FIELD_NAMES = {
    "name": _l("Full name"),
    "xom": _l("Neighbourhood (xóm)"),
    "topic": _l("Topic"),
    "requested_minutes": _l("Minutes"),
    "phone": _l("Phone"),
    "note": _l("Note"),
    "text": _l("Message"),
    "seconds": _l("Seconds"),
    "default_speech_minutes": _l("Default speaking time (minutes)"),
    "warning_seconds": _l("Amber warning (seconds)"),
    "deadline_working_days": _l("Deadline (working days)"),
    "categories": _l("Categories"),
    "summary": _l("Summary"),
    "category": _l("Category"),
    "unit": _l("Responsible unit"),
    "answer": _l("Answer"),
    "answered_by": _l("Answered by"),
    "working_days": _l("Working days"),
    "forwarded_to": _l("Forwarded to"),
    "prior_ref": _l("Decision number"),
    "prior_date": _l("Decision date"),
    "prior_body": _l("Issued by"),
    "reply_date": _l("Reply date"),
    "reply_summary": _l("Reply"),
    "answerer": _l("Who answers"),
    "citizen": _l("Citizen"),
}


def describe(problem: Problem) -> dict[str, Any]:
    """One problem as the client sees it: code, field, and a sentence in the user's language."""
    params = dict(problem.params)
    if "status" in params:
        params["status"] = str(STATUS_NAMES.get(params["status"], params["status"]))
    if "phase" in params:
        params["phase"] = str(PHASE_NAMES.get(params["phase"], params["phase"]))
    template = PROBLEMS.get(problem.code, PROBLEMS["invalid"])
    message = str(template) % params if params else str(template)
    if problem.field and problem.field in FIELD_NAMES and problem.code not in ENVELOPE_CODES:
        message = f"{FIELD_NAMES[problem.field]}: {message}"
    return {"code": problem.code, "field": problem.field, "message": message}


def error_ack(*problems: Problem) -> dict[str, Any]:
    """The one shape of every refusal."""
    return {"ok": False, "errors": [describe(p) for p in problems]}


# The sentences of static/js/core (the connection's banner, presence, HTTP errors, dates): every page's.
COMMON_STRINGS = frozenset(
    {
        "disconnected",
        "new_version",
        "reload",
        "connecting",
        "not_sent",
        "not_confirmed",
        "signed_out",
        "role_chair",
        "role_secretary",
        "role_door",
        "public_screens",
        "docs_http_error",
        "no_such_date",
        "date_format",
        "stage_of",
        "not_started",
    }
)
# Each page's own sentences (static/js/pages/<page>/): its keys, and the prefixes of keys it reads
# by a value (T["status_" + s.status]). tests/test_pages.py checks that every T.key a page's modules
# read is served to it.
PAGE_STRINGS: dict[str, frozenset[str]] = {
    "projector": frozenset(
        {
            "answering",
            "att_walk_ins_long",
            "closed_at",
            "door_present",
            "intro_chairs",
            "intro_delegates",
            "intro_secretaries",
            "follows_up",
            "opinion_of",
            "page_of",
            "this_projector",
            "time_up",
            # the word beside the countdown, by the timer's state
            "ready",
            "paused",
            "time_short",
            "overtime",
        }
    ),
    "secretary": frozenset(
        {
            "added",
            "closed",
            "confirm_withdraw",
            "deadline",
            "edit",
            "move_down",
            "move_up",
            "no_outcome",
            "no_results",
            "no_speaker",
            "not_started",
            "outcome_none",
            "raised_at",
            "recorded",
            "restore",
            "saved",
            "set_outcome",
            "stage_of",
            "walk_in",
            "withdraw",
            "written",
            "more_rows",
            "earlier_rows",
            "follows_up",
            "answering",
        }
    ),
    "chair": frozenset(
        {
            "follows_up",
            "added",
            "answering",
            "assign",
            "att_hide",
            "att_present",
            "att_present_n",
            "att_show",
            "att_walk_ins",
            "call",
            "call_answer",
            "chime_off",
            "chime_on",
            "choose_answerer",
            "rec_mark",
            "followup_choose",
            "conclusion_saved",
            "rec_since",
            "rec_confirm_clear",
            "answerer_chairs",
            "answerer_delegates",
            "closed_at",
            "confirm_close",
            "confirm_skip",
            "identify_sent",
            "intro_hide",
            "intro_show",
            "meeting_has_closed",
            "minutes_short",
            "move_down",
            "move_up",
            "no_delegates",
            "no_speaker",
            "not_started",
            "other_answerer",
            "paused",
            "qr_show",
            "queue_empty",
            "ready",
            "req_close_button",
            "req_open_button",
            "restore",
            "screens_count",
            "skip",
            "stage_back",
            "stage_moved",
            "stage_of",
            "started",
            "walk_in",
            "more_rows",
            "earlier_rows",
        }
    ),
    "door": frozenset(
        {
            "att_present",
            "att_present_n",
            "att_walk_ins",
        }
    ),
    "phone": frozenset(
        {
            "answering",
            "closed_at",
            "meeting_has_closed",
            "not_started",
            "opinion_of",
            "stage_of",
            "ready",
            "paused",
            "time_short",
            "overtime",
        }
    ),
}
PAGE_PREFIXES: dict[str, tuple[str, ...]] = {
    "secretary": ("req_", "outcome_", "status_", "sec_"),
    "chair": ("outcome_", "status_"),
    "phone": ("phone_",),
    "door": ("door_",),
}

# The office's pages (static/js/pages/office, documents, followup): their own sentences, and the
# prefixes they read by a value (T[`phase_${phase}`], T[`outcome_${k}`]).
PAGE_STRINGS.update(
    {
        "office": frozenset(
            {
                "allocation_total",
                "archived_n",
                "archived_ok",
                "backup_done",
                "backup_every",
                "backup_none",
                "backup_off",
                "backup_restore",
                "backup_working",
                "banner_line_long",
                "banner_lines",
                "confirm_archive",
                "confirm_delete",
                "confirm_new_pin",
                "confirm_remove_stage",
                "copy",
                "copy_created",
                "copy_heading",
                "copy_note",
                "deleted_ok",
                "demo",
                "documents_link",
                "duplicate_category",
                "duplicate_xom",
                "duration_hm",
                "duration_m",
                "edit",
                "expected_end",
                "hamlet_of",
                "meeting_created",
                "meeting_imported",
                "minutes_range",
                "minutes_short",
                "move_down",
                "move_up",
                "new_meeting",
                "new_pin",
                "no_meetings",
                "no_pin",
                "nothing_to_change",
                "paper_agenda",
                "paper_attendance",
                "paper_chairs",
                "paper_clock",
                "paper_invited",
                "paper_item",
                "paper_minutes",
                "paper_motto",
                "paper_name",
                "paper_nation",
                "paper_no",
                "paper_note",
                "paper_reg_minutes",
                "paper_reg_name",
                "paper_reg_opinion",
                "paper_reg_phone",
                "paper_reg_sign_hint",
                "paper_reg_signer",
                "paper_reg_xom",
                "paper_registration",
                "paper_secretaries",
                "paper_sign",
                "paper_when",
                "paper_where",
                "people_after_import",
                "people_and_more",
                "people_cancel",
                "people_checked_in",
                "people_citizen_added",
                "people_citizen_removed",
                "people_confirm_remove_citizen",
                "people_confirm_remove_delegate",
                "people_date_long",
                "people_delegate_added",
                "people_delegate_removed",
                "people_delegates_present",
                "people_dup_already",
                "people_dup_repeated",
                "people_duplicates_n",
                "people_full_name",
                "people_group",
                "people_id_number",
                "people_ignored_columns",
                "people_import_n",
                "people_imported_n",
                "people_line",
                "people_line_n",
                "people_no_citizens",
                "people_no_delegates",
                "people_no_group",
                "people_nobody_new",
                "people_note",
                "people_phone",
                "people_position",
                "people_present",
                "people_quota_total",
                "people_quota_total_only",
                "people_reading_file",
                "people_rows_refused",
                "people_show_more",
                "people_shown_of",
                "people_unit",
                "people_weekdays",
                "people_will_import",
                "people_xom",
                "people_xom_of",
                "pin",
                "planned_minutes",
                "qr_print",
                "range",
                "remove",
                "remove_row",
                "required",
                "role_projector",
                "row_n",
                "save",
                "saved",
                "scheduled_ok",
                "stage_added",
                "stage_ran",
                "stage_ran_title",
                "stage_removed",
                "stage_title_n",
                "time_format",
                "total_planned",
                "unarchived_ok",
                "unscheduled_ok",
            }
        ),
        "documents": frozenset(
            {
                "docs_actual",
                "docs_add_after",
                "docs_add_paragraph",
                "docs_allocated",
                "docs_answering",
                "docs_attendance",
                "docs_audit_more",
                "docs_block_n",
                "docs_by_category",
                "docs_by_outcome",
                "docs_category",
                "docs_changed_elsewhere",
                "docs_conclusion_saved",
                "docs_confirm_finalise",
                "docs_confirm_fresh",
                "docs_confirm_fresh_unsaved",
                "docs_confirm_open",
                "docs_confirm_reload",
                "docs_confirm_unpublish",
                "docs_copied",
                "docs_copy_failed",
                "docs_copy_hash",
                "docs_copy_hash_n",
                "docs_count",
                "docs_difference",
                "docs_download_docx",
                "docs_download_version",
                "docs_draft",
                "docs_draft_n_saved",
                "docs_duty",
                "docs_duty_done",
                "docs_duty_left",
                "docs_duty_not_ended",
                "docs_duty_overdue",
                "docs_duty_today",
                "docs_ended_at",
                "docs_final_n",
                "docs_finalised",
                "docs_finalised_n",
                "docs_fresh_after_final",
                "docs_fresh_unsaved",
                "docs_in_progress",
                "docs_invited",
                "docs_kind_bullet",
                "docs_kind_heading",
                "docs_kind_paragraph",
                "docs_loading",
                "docs_making",
                "docs_minutes_conflict",
                "docs_next_version",
                "docs_no_category",
                "docs_no_opinions",
                "docs_no_xom",
                "docs_not_published",
                "docs_not_started",
                "docs_opinions",
                "docs_outcome",
                "docs_overrun",
                "docs_planned",
                "docs_present",
                "docs_present_short",
                "docs_publish_ok",
                "docs_published_at",
                "docs_regenerated",
                "docs_remove_block",
                "docs_requested",
                "docs_role_office",
                "docs_speaker",
                "docs_speakers",
                "docs_speakers_short",
                "docs_speaking_time",
                "docs_spoken",
                "docs_stage",
                "docs_stages",
                "docs_started",
                "docs_still_open",
                "docs_time_per_xom",
                "docs_turns",
                "docs_undo_remove",
                "docs_unpublish_ok",
                "docs_unsaved",
                "docs_without_outcome",
                "docs_xom",
                "no_outcome",
                "nothing_to_change",
                "outcome_none",
                "saved",
            }
        ),
        "followup": frozenset(
            {
                "accepted",
                "closed",
                "days_left",
                "due_today",
                "no_unit",
                "none",
                "not_accepted",
                "overdue",
                "people_show_more",
                "raised_at",
                "reply",
                "saved",
            }
        ),
    }
)
PAGE_PREFIXES.update({"office": ("phase_", "imp_", "duty_", "form_"), "documents": ("outcome_", "dl_")})


def js_strings(page: str | None = None) -> dict[str, str]:
    """The sentences a page's scripts show, translated for the current request: those of every page
    (COMMON_STRINGS) and the page's own (PAGE_STRINGS); every sentence for a page not listed there."""
    strings = _all_js_strings()
    if page not in PAGE_STRINGS:
        return strings
    keep = COMMON_STRINGS | PAGE_STRINGS[page]
    prefixes = PAGE_PREFIXES.get(page, ())
    return {k: v for k, v in strings.items() if k in keep or k.startswith(prefixes)}


def _all_js_strings() -> dict[str, str]:
    return {
        "disconnected": gettext("Disconnected. Reconnecting…"),
        "new_version": gettext("A new version is running: reload the page"),
        "reload": gettext("Reload"),
        # documents after the meeting (static/js/pages/documents)
        "docs_loading": gettext("Loading…"),
        "docs_not_started": gettext("The meeting has not started."),
        "docs_in_progress": gettext("The meeting is in progress."),
        "docs_ended_at": gettext("Closed on %(time)s", time="{time}"),
        "docs_unsaved": gettext("Unsaved changes."),
        "docs_changed_elsewhere": gettext("Changed on another screen meanwhile: saving replaces that text with yours."),
        "docs_conclusion_saved": gettext("Conclusion saved."),
        "docs_http_error": gettext(
            "The server could not do this (error %(status)s). Try again in a moment.", status="{status}"
        ),
        "docs_kind_heading": gettext("heading"),
        "docs_kind_paragraph": gettext("paragraph"),
        "docs_kind_bullet": gettext("bullet point"),
        "docs_block_n": gettext("Block %(n)s (%(kind)s)", n="{n}", kind="{kind}"),
        "docs_add_paragraph": gettext("+ paragraph"),
        "docs_add_after": gettext("Add a paragraph after block %(n)s", n="{n}"),
        "docs_remove_block": gettext("Remove block %(n)s", n="{n}"),
        "docs_undo_remove": gettext("Undo the removal"),
        "docs_draft_n_saved": gettext("Draft %(n)s saved.", n="{n}"),
        "docs_final_n": gettext("Version %(n)s is finalised.", n="{n}"),
        "docs_finalised_n": gettext("Version %(n)s finalised: its .docx and SHA-256 are recorded.", n="{n}"),
        "docs_next_version": gettext("Saving makes version %(n)s.", n="{n}"),
        "docs_fresh_unsaved": gettext("Drafted from the meeting's record, not saved yet."),
        "docs_fresh_after_final": gettext("Below: a new draft from the meeting's record, not saved."),
        "docs_confirm_fresh": gettext("Replace the text below with a new draft from the meeting's record?"),
        "docs_confirm_fresh_unsaved": gettext(
            "Replace the text below with a new draft from the meeting's record? Your unsaved changes will be lost."
        ),
        "docs_regenerated": gettext("New draft made from the record: check it, then save."),
        "docs_confirm_finalise": gettext(
            "Finalise the minutes? The .docx is made and its SHA-256 recorded; that version can no longer be "
            "changed (a later change becomes a new version)."
        ),
        "docs_confirm_open": gettext("Finalise anyway?"),
        "docs_minutes_conflict": gettext(
            "Meanwhile someone saved the minutes on another screen: yours were not saved, so as not to overwrite "
            "theirs. Load the latest version to see it (copy your text first if you need it)."
        ),
        "docs_confirm_reload": gettext("Load the latest version? Your unsaved changes will be lost."),
        "docs_finalised": gettext("Finalised"),
        "docs_draft": gettext("Draft"),
        "docs_copy_hash": gettext("Copy the code"),
        "docs_copy_hash_n": gettext("Copy the SHA-256 of version %(n)s", n="{n}"),
        "docs_copied": gettext("Copied."),
        "docs_copy_failed": gettext("Could not copy: select the code and copy it by hand (%(text)s).", text="{text}"),
        "docs_download_docx": gettext("Download .docx"),
        "docs_download_version": gettext("Download version %(n)s (.docx)", n="{n}"),
        "docs_making": gettext("Making…"),
        "dl_paperwork_placeholder": gettext("e.g. %(example)s", example="{example}"),
        "docs_not_published": gettext("Not published yet."),
        "docs_published_at": gettext("Published on %(time)s.", time="{time}"),
        "docs_duty": gettext("Publication deadline: %(date)s", date="{date}"),
        "docs_duty_left": gettext("%(n)s days left", n="{n}"),
        "docs_duty_today": gettext("the deadline is today"),
        "docs_duty_overdue": gettext("overdue by %(n)s days", n="{n}"),
        "docs_duty_done": gettext("published on %(date)s", date="{date}"),
        "docs_duty_not_ended": gettext(
            "The chair has not closed the meeting yet: the results are to be published within 10 days of its close."
        ),
        "docs_publish_ok": gettext("The results are published."),
        "docs_confirm_unpublish": gettext("Take the public results page down?"),
        "docs_unpublish_ok": gettext("The results page is taken down."),
        "docs_speakers": gettext("Citizens who spoke"),
        "docs_opinions": gettext("Opinions, petitions"),
        "docs_present": gettext("Present / invited"),
        "docs_without_outcome": gettext("Without an outcome"),
        "docs_still_open": gettext("Still being followed up"),
        "docs_attendance": gettext("Attendance per xóm"),
        "docs_xom": gettext("Neighbourhood (xóm)"),
        "docs_allocated": gettext("Allocated"),
        "docs_invited": gettext("Invited"),
        "docs_present_short": gettext("Present"),
        "docs_speakers_short": gettext("Speakers"),
        "docs_speaking_time": gettext("Speaking time"),
        "docs_by_category": gettext("Opinions by category"),
        "docs_by_outcome": gettext("Opinions by outcome"),
        "docs_category": gettext("Category"),
        "docs_outcome": gettext("Outcome"),
        "docs_count": gettext("Number"),
        "docs_no_category": gettext("(no category)"),
        "docs_no_opinions": gettext("No opinion was raised."),
        "docs_turns": gettext("Speaking time per speaker"),
        "docs_speaker": gettext("Speaker"),
        "docs_started": gettext("Started at"),
        "docs_requested": gettext("Requested"),
        "docs_spoken": gettext("Spoken"),
        "docs_overrun": gettext("Over time"),
        "docs_answering": gettext("answering"),
        "docs_no_xom": gettext("(no xóm)"),
        "docs_time_per_xom": gettext("Speaking time per xóm"),
        "docs_stages": gettext("Agenda: planned and actual time"),
        "docs_stage": gettext("Agenda item"),
        "docs_planned": gettext("Planned"),
        "docs_actual": gettext("Actual"),
        "docs_difference": gettext("Difference"),
        "docs_role_office": gettext("Office"),
        "docs_audit_more": gettext(
            "The first %(n)s of %(total)s rows are shown: filter to narrow them down.", n="{n}", total="{total}"
        ),
        "signed_out": gettext("The office has changed this screen's PIN. Type the new PIN."),
        "new_pin": gettext("New PIN"),
        "documents_link": gettext("Documents after the meeting"),
        "this_projector": gettext("This projector:"),
        "qr_show": gettext("Show the QR code of the phone page on the projector"),
        "qr_print": gettext("QR code of the phone page (to print)"),
        "screens_count": gettext(
            "%(projectors)s projectors, %(phones)s phones", projectors="{projectors}", phones="{phones}"
        ),
        "identify": gettext("Which projector is which?"),
        "chime_on": gettext("Chime on this tablet: on"),
        "chime_off": gettext("Chime on this tablet: off"),
        "identify_sent": gettext("Every projector shows its address for 5 seconds."),
        "meeting_imported": gettext("Meeting imported, with new PINs."),
        # backups
        "backup_done": gettext("Backup made: %(file)s (%(size)s).", file="{file}", size="{size}"),
        "backup_working": gettext("Backing up…"),
        "backup_none": gettext("No backup yet."),
        "backup_every": gettext(
            "Made by itself every %(minutes)s minutes, and at each start of the server, in the folder %(directory)s.",
            minutes="{minutes}",
            directory="{directory}",
        ),
        "backup_off": gettext(
            "Automatic backups are off: only this button makes one, in the folder %(directory)s.",
            directory="{directory}",
        ),
        "backup_restore": gettext("To restore one: stop the server, then run"),
        "no_unit": gettext("(no unit named)"),
        "none": gettext("None."),
        "confirm_new_pin": gettext("Give this screen a new PIN? Screens using the old one are signed out at once."),
        # office: particulars and status
        **{f"phase_{k}": str(v) for k, v in PHASE_NAMES.items()},
        "archived_n": gettext("Archived (%(n)s)", n="{n}"),
        "new_meeting": gettext("New meeting"),
        "copy": gettext("Copy"),
        "copy_heading": gettext("Copy a meeting"),
        "copy_note": gettext(
            "From “%(title)s”. Copied: the agenda, the delegates, the settings and the particulars (place, "
            "organiser, banner, units, chairs, secretary team, number invited). Not copied: speakers, opinions, "
            "invited citizens and the allocation per xóm.",
            title="{title}",
        ),
        "copy_created": gettext("Copy created: check its particulars and hand out its screens' PINs."),
        "allocation_total": gettext(
            "Allocated in all: %(sum)s / %(invited)s invited", sum="{sum}", invited="{invited}"
        ),
        "range": gettext("From %(min)s to %(max)s.", min="{min}", max="{max}"),
        "duplicate_xom": str(PROBLEMS["duplicate_xom"]),
        "duplicate_category": str(PROBLEMS["duplicate_category"]),
        "row_n": gettext("%(group)s, row %(n)s", group="{group}", n="{n}"),
        "remove_row": gettext("Remove row %(n)s of %(group)s", n="{n}", group="{group}"),
        "confirm_archive": gettext(
            "Archive “%(title)s”? It keeps every record and takes no change until it is restored.", title="{title}"
        ),
        "confirm_delete": gettext("Delete “%(title)s”? It leaves every list.", title="{title}"),
        "scheduled_ok": gettext("Scheduled."),
        "unscheduled_ok": gettext("Back to draft."),
        "archived_ok": gettext("Archived."),
        "unarchived_ok": gettext("Restored."),
        "deleted_ok": gettext("Meeting deleted."),
        "role_chair": gettext("Chair"),
        # phones and requests
        "phone_choose_xom": gettext("Choose your xóm"),
        "phone_other_xom": gettext("Another xóm (type it)"),
        "phone_closed": gettext(
            "Registration to speak by phone is closed. You can still hand a paper form to the secretary team."
        ),
        "phone_fill": gettext("Fill in your name, your xóm and the topic."),
        "phone_sending": gettext("Sending…"),
        "phone_waiting_network": gettext(
            "Not sent yet: waiting for the Wi-Fi. It is sent by itself when the connection is back."
        ),
        "phone_sent": gettext("Sent. The secretary team will review it."),
        "phone_pending": gettext("Waiting for the secretary team to review it"),
        "phone_place": gettext("Accepted: you are number %(n)s in the queue", n="{n}"),
        "phone_soon": gettext("Your turn is coming soon"),
        "phone_called": gettext("Please come up and speak"),
        "phone_rejected": gettext("Not accepted: %(reason)s", reason="{reason}"),
        "phone_done": gettext("You have spoken. Thank you!"),
        "phone_skipped": gettext("Your turn was passed over: please see the secretary team."),
        "phone_withdrawn": gettext("Your registration was withdrawn."),
        "req_accept": gettext("Add to the queue"),
        "req_merge": gettext("Merge with a paper form…"),
        "req_merge_do": gettext("Merge"),
        "req_merge_with": gettext("The paper form of"),
        "req_reject": gettext("Reject"),
        "req_reason": gettext("Reason (the citizen's phone shows it)"),
        "req_reason_required": gettext("Type the reason: the citizen's phone shows it."),
        "req_cancel": gettext("Cancel (Esc)"),
        "req_same_name": gettext("Same name"),
        "req_same_xom": gettext("Same xóm"),
        "req_others": gettext("Others in the queue"),
        "req_nobody_queued": gettext("Nobody is in the queue to merge with."),
        "req_accepted": gettext("Added to the queue"),
        "req_merged": gettext("Merged with the paper form of %(name)s", name="{name}"),
        "req_rejected": gettext("Rejected: %(reason)s", reason="{reason}"),
        "req_merged_ok": gettext("Merged: the phone follows that registration."),
        "req_rejected_ok": gettext("Rejected: the citizen's phone shows the reason."),
        "req_open": gettext("Phones may ask to speak."),
        "req_closed": gettext("Registration by phone is closed."),
        "req_close_button": gettext("Close registration by phone"),
        "req_open_button": gettext("Open registration again"),
        "req_none": gettext("No request waiting."),
        "req_decided_n": gettext("Decided (%(n)s)", n="{n}"),
        "req_sent_at": gettext("sent at %(time)s", time="{time}"),
        "req_pending_n": gettext("%(n)s waiting", n="{n}"),
        "role_secretary": gettext("Secretary"),
        # door and attendance
        "role_door": gettext("Door (check-in)"),
        "att_present": gettext("Present %(n)s/%(total)s", n="{n}", total="{total}"),
        "att_present_n": gettext("Present %(n)s", n="{n}"),
        "att_walk_ins": gettext("(walk-ins %(n)s)", n="{n}"),
        "att_walk_ins_long": gettext("Walk-ins not on the list: %(n)s", n="{n}"),
        "att_show": gettext("Show attendance on the projector"),
        "att_hide": gettext("Back to the main screen"),
        "door_check_in": gettext("Check in"),
        "door_present": gettext("Present"),
        "door_at": gettext("at %(time)s", time="{time}"),
        "door_undo": gettext("Cancel check-in"),
        "door_walk_in": gettext("walk-in"),
        "door_checked_in": gettext("Checked in: %(name)s", name="{name}"),
        "door_checked_out": gettext("Check-in cancelled: %(name)s", name="{name}"),
        "door_walk_in_added": gettext("Walk-in added and checked in: %(name)s", name="{name}"),
        "door_born": gettext("born %(year)s", year="{year}"),
        "door_gender_nam": gettext("male"),
        "door_gender_nu": gettext("female"),
        "door_same_name": gettext(
            "Someone of this name and xóm is already on the list (below). If this is another person, give the "
            "year of birth, or tick “another person”, and add again."
        ),
        "door_no_match": gettext("Nobody on the list matches “%(q)s”.", q="{q}"),
        "door_more": gettext("%(n)s more: type more letters.", n="{n}"),
        "door_choose_xom": gettext("Choose the xóm"),
        "door_other_xom": gettext("Other…"),
        "public_screens": gettext("%(n)s public screens", n="{n}"),
        "connecting": gettext("Connecting…"),
        "not_sent": gettext("Not sent: the server could not be reached. Try again."),
        "not_confirmed": gettext(
            "No answer from the server: this may not have been done. Try again: it is never done twice."
        ),
        "not_started": gettext("Not started"),
        "no_speaker": gettext("Nobody at the microphone"),
        "queue_empty": gettext("Nobody is waiting"),
        "more_rows": gettext("Show more (%(n)s not shown)", n="{n}"),
        "earlier_rows": gettext("Show earlier ones (%(n)s not shown)", n="{n}"),
        "minutes_short": gettext("min"),
        "started": gettext("Started"),
        # projector introductions, closing
        "intro_delegates": gettext("Delegates"),
        "intro_chairs": gettext("Chairing the meeting"),
        "intro_secretaries": gettext("Secretariat"),
        "page_of": gettext("Page %(n)s/%(total)s", n="{n}", total="{total}"),
        "meeting_has_closed": gettext("The meeting has closed"),
        "closed_at": gettext("at %(time)s", time="{time}"),
        "intro_show": gettext("Introduce the delegates on the projector"),
        "intro_hide": gettext("Back to the main screen"),
        "no_delegates": gettext("No delegate yet: the office or the secretary adds them."),
        "confirm_close": gettext(
            "Close the meeting? The turn at the microphone ends, the current stage ends and the meeting "
            "clock stops. The meeting can be reopened."
        ),
        "stage_of": gettext("Stage %(n)s of %(total)s", n="{n}", total="{total}"),
        "stage_moved": gettext("Moved to stage %(n)s", n="{n}"),
        "stage_back": gettext("Back to stage %(n)s", n="{n}"),
        "walk_in": gettext("from the floor"),
        "confirm_skip": gettext("Skip this speaker?"),
        "confirm_withdraw": gettext("Withdraw this registration?"),
        "saved": gettext("Saved."),
        "added": gettext("Added to the queue."),
        "paused": gettext("Paused"),
        "ready": gettext("Ready"),
        "time_short": gettext("Time almost up"),
        "overtime": gettext("Over time"),
        "time_up": gettext("Time is up"),
        "edit": gettext("Edit"),
        "call": gettext("Call to the microphone"),
        "skip": gettext("Skip"),
        "restore": gettext("Put back in the queue"),
        "withdraw": gettext("Withdraw"),
        "written": gettext("Written opinion (phiếu ý kiến)"),
        "no_outcome": gettext("%(n)s without an outcome", n="{n}"),
        "outcome_none": gettext("No outcome yet"),
        "set_outcome": gettext("Outcome…"),
        "closed": gettext("Closed"),
        "deadline": gettext("Deadline"),
        "days_left": gettext("%(n)s working days left", n="{n}"),
        "overdue": gettext("%(n)s days overdue", n="{n}"),
        "due_today": gettext("Due today"),
        "assign": gettext("Assign"),
        "call_answer": gettext("Give the floor"),
        "answering": gettext("Answering"),
        "opinion_of": gettext("Opinion of"),
        "no_results": gettext("Nothing found."),
        "recorded": gettext("Recorded."),
        "other_answerer": gettext("Other (type below)"),
        "choose_answerer": gettext("Choose who answers"),
        "answerer_chairs": gettext("Chairing the meeting"),
        "rec_mark": gettext("Recording started"),
        "followup_choose": gettext("Choose the opinion"),
        "conclusion_saved": gettext("Conclusion saved."),
        "rec_since": gettext("Recording since %(time)s", time="{time}"),
        "rec_confirm_clear": gettext("Take the recording mark away? The label track counts from it."),
        "answerer_delegates": gettext("Delegates present"),
        "reply": gettext("Record the reply"),
        "accepted": gettext("Citizen accepted"),
        "not_accepted": gettext("Citizen did not accept"),
        "move_up": gettext("Move up"),
        "move_down": gettext("Move down"),
        "date_format": gettext("Type the date as dd/mm/yyyy, e.g. 25/05/2023."),
        "no_such_date": gettext("%(date)s is not a real date: check the day and the month.", date="{date}"),
        "raised_at": gettext("raised at %(time)s", time="{time}"),
        # the secretary's console (issue 18): the follow-up's link, field limits, category, the radio's mark
        "follows_up": gettext("Follows up the opinion on “%(summary)s”", summary="{summary}"),
        "sec_too_long": gettext(
            "%(n)s/%(max)s characters: %(extra)s too many. Shorten it: it cannot be saved like this.",
            n="{n}",
            max="{max}",
            extra="{extra}",
        ),
        "sec_choose_category": gettext("— Choose a category —"),
        "sec_rec_start": gettext("Recording starts now"),
        "sec_rec_again": gettext("Mark again"),
        "sec_rec_since": gettext("Recording since %(time)s", time="{time}"),
        "sec_rec_marked": gettext("Start of the recording marked."),
        "sec_rec_confirm_again": gettext("Move the start of the recording to now?"),
        "sec_rec_confirm_clear": gettext("Remove the mark? The radio's label track needs one."),
        # the office's preparation of its meetings (static/js/pages/office)
        "required": str(PROBLEMS["required"]),
        "nothing_to_change": str(PROBLEMS["nothing_to_change"]),
        "save": gettext("Save"),
        "remove": gettext("Remove"),
        "demo": gettext("DEMO"),
        "pin": gettext("PIN"),
        "no_pin": gettext("no PIN needed"),
        "role_projector": gettext("Projector"),
        "no_meetings": gettext("No meeting yet."),
        "hamlet_of": gettext("Hamlet %(name)s", name="{name}"),
        "meeting_created": gettext("Meeting created: hand out its screens' PINs."),
        "time_format": gettext("Type the time as HH:MM on the 24-hour clock, e.g. 08:00 or 14:30."),
        "banner_lines": gettext("At most %(n)s lines.", n="{n}"),
        "banner_line_long": gettext("Line %(n)s is too long: at most %(max)s characters.", n="{n}", max="{max}"),
        "minutes_range": gettext("From 1 to 600 minutes."),
        "planned_minutes": gettext("Planned minutes"),
        "stage_title_n": gettext("Agenda item %(n)s", n="{n}"),
        "stage_ran": gettext("has run"),
        "stage_ran_title": gettext("This item has run: it can be renamed or moved, not removed."),
        "confirm_remove_stage": gettext("Remove “%(title)s” from the agenda?", title="{title}"),
        "stage_added": gettext("Added to the agenda."),
        "stage_removed": gettext("Removed from the agenda."),
        "total_planned": gettext("Total planned time: %(time)s", time="{time}"),
        "expected_end": gettext("expected to end at %(time)s", time="{time}"),
        "duration_hm": gettext("%(h)s h %(m)s min", h="{h}", m="{m}"),
        "duration_m": gettext("%(m)s min", m="{m}"),
        **{f"outcome_{k}": str(v) for k, v in OUTCOME_NAMES.items()},
        **{f"kind_{k}": str(v) for k, v in KIND_NAMES.items()},
        "status_queued": str(STATUS_NAMES["queued"]),
        "status_current": str(STATUS_NAMES["current"]),
        "status_done": str(STATUS_NAMES["done"]),
        "status_skipped": str(STATUS_NAMES["skipped"]),
        "status_withdrawn": str(STATUS_NAMES["withdrawn"]),
        # office: delegates, citizens, papers
        "people_full_name": gettext("Full name"),
        "people_position": gettext("Position (chức vụ)"),
        "people_unit": gettext("Unit (agency)"),
        "people_group": gettext("Introduction group"),
        "people_present": gettext("Present on the day"),
        "people_xom": gettext("Neighbourhood (xóm)"),
        "people_phone": gettext("Phone"),
        "people_id_number": gettext("Identity number (CCCD/CMND)"),
        "people_note": gettext("Note"),
        "people_cancel": gettext("Discard"),
        "people_checked_in": gettext("Checked in at the door"),
        "people_delegate_added": gettext("Delegate added."),
        "people_delegate_removed": gettext("Delegate removed."),
        "people_confirm_remove_delegate": gettext("Remove %(name)s from the delegates?", name="{name}"),
        "people_delegates_present": gettext("%(n)s of %(total)s present", n="{n}", total="{total}"),
        "people_no_delegates": gettext("No delegate yet."),
        "people_no_group": gettext("Not in a group"),
        "people_citizen_added": gettext("Citizen added to the invitation list."),
        "people_citizen_removed": gettext("Taken off the invitation list."),
        "people_confirm_remove_citizen": gettext("Take %(name)s off the invitation list?", name="{name}"),
        "people_no_citizens": gettext("No citizen invited yet."),
        "people_shown_of": gettext("%(n)s of %(total)s shown", n="{n}", total="{total}"),
        "people_show_more": gettext("Show %(n)s more (of %(total)s)", n="{n}", total="{total}"),
        "people_quota_total": gettext("Total: %(n)s / %(max)s", n="{n}", max="{max}"),
        "people_quota_total_only": gettext("Total: %(n)s", n="{n}"),
        "people_xom_of": gettext("Xóm %(name)s", name="{name}"),
        "people_reading_file": gettext("Reading %(file)s…", file="{file}"),
        "people_will_import": gettext("%(n)s people will be imported", n="{n}"),
        "people_import_n": gettext("Import %(n)s people", n="{n}"),
        "people_nobody_new": gettext("Nobody new"),
        "people_imported_n": gettext("%(n)s people imported.", n="{n}"),
        "people_line": gettext("Row"),
        "people_line_n": gettext("Row %(n)s", n="{n}"),
        "people_and_more": gettext("… and %(n)s more", n="{n}"),
        "people_rows_refused": gettext("Cannot be imported: %(n)s rows", n="{n}"),
        "people_duplicates_n": gettext("Duplicates, not imported again: %(n)s", n="{n}"),
        "people_dup_already": gettext("already on the list"),
        "people_dup_repeated": gettext("same as row %(n)s", n="{n}"),
        "people_ignored_columns": gettext("Columns not used: %(columns)s", columns="{columns}"),
        "people_after_import": gettext("Per xóm after the import"),
        # the import's preview and the citizens' form (static/js/pages/office/imports.js, citizens.js)
        "imp_year": gettext("Year of birth"),
        "imp_gender": gettext("Gender"),
        "imp_gender_nam": gettext("Male"),
        "imp_gender_nu": gettext("Female"),
        "imp_encoding": gettext(
            "Typed in %(encoding)s: converted to Unicode as below. Check the names before importing.",
            encoding="{encoding}",
        ),
        "imp_column": gettext("Column"),
        "imp_original": gettext("As typed"),
        "imp_converted": gettext("Converted"),
        "imp_conversion_ok": gettext("The converted names are right"),
        "imp_confirm_conversion_first": gettext("Confirm the conversion first."),
        "imp_decide_first": gettext("Decide for the %(n)s namesakes first.", n="{n}"),
        "imp_same_name_n": gettext("Same name and xóm, nothing tells them apart: %(n)s. Decide for each.", n="{n}"),
        "imp_same_name_as_row": gettext("same name as row %(n)s", n="{n}"),
        "imp_same_name_listed": gettext("same name as someone already on the list"),
        "imp_add_another": gettext("Add as another person"),
        "imp_skip": gettext("Skip"),
        "form_example": gettext("e.g. %(example)s", example="{example}"),
        # the preparation duties (static/js/pages/office/duties.js)
        "duty_added": gettext("Duty added."),
        "duty_removed": gettext("Duty removed."),
        "duty_confirm_remove": gettext("Remove the duty “%(task)s”?", task="{task}"),
        "duty_none": gettext("No preparation duty yet."),
        "duty_overdue": gettext("Overdue by %(n)s days", n="{n}"),
        "duty_days_left": gettext("%(n)s working days left", n="{n}"),
        "duty_due_today": gettext("Due today"),
        "duty_no_date": gettext("No meeting date yet"),
        "duty_overdue_n": gettext("%(n)s overdue", n="{n}"),
        "duty_done": gettext("Done"),
        "duty_deadline": gettext("Deadline: %(date)s", date="{date}"),
        "people_weekdays": gettext("Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"),
        "people_date_long": gettext(
            "%(weekday)s, %(day)s/%(month)s/%(year)s, %(time)s",
            weekday="{weekday}",
            day="{day}",
            month="{month}",
            year="{year}",
            time="{time}",
        ),
        "paper_nation": gettext("SOCIALIST REPUBLIC OF VIET NAM"),
        "paper_motto": gettext("Independence - Freedom - Happiness"),
        "paper_agenda": gettext("PROGRAMME OF THE MEETING"),
        "paper_when": gettext("Date and time"),
        "paper_where": gettext("Meeting place"),
        "paper_no": gettext("No."),
        "paper_item": gettext("Agenda item"),
        "paper_minutes": gettext("Minutes planned"),
        "paper_clock": gettext("Planned time"),
        "paper_chairs": gettext("Chaired by:"),
        "paper_secretaries": gettext("Secretaries:"),
        "paper_registration": gettext("REGISTRATION TO SPEAK"),
        "paper_reg_name": gettext("Full name:"),
        "paper_reg_xom": gettext("Neighbourhood (xóm):"),
        "paper_reg_phone": gettext("Phone number (optional):"),
        "paper_reg_opinion": gettext("What you wish to raise:"),
        "paper_reg_minutes": gettext("Time requested (minutes):"),
        "paper_reg_signer": gettext("The citizen registering"),
        "paper_reg_sign_hint": gettext("(signature and full name)"),
        "paper_attendance": gettext("ATTENDANCE LIST"),
        "paper_invited": gettext("Invited: %(n)s", n="{n}"),
        "paper_name": gettext("Full name"),
        "paper_note": gettext("Note"),
        "paper_sign": gettext("Signature"),
    }


# transfer (server/storage/transfer.py)
PROBLEMS.update(
    {
        "transfer_not_json": _l(
            "This file cannot be read as an exported meeting: it is not a .json file, or it was cut short. "
            "Export the meeting again on the other laptop and copy the file again."
        ),
        "transfer_foreign": _l(
            "This file is not a meeting exported by this program. On the other laptop, export the meeting "
            "and choose the .json file it makes."
        ),
        "transfer_newer": _l(
            "This file was made by a newer version of the program. Update the program on this laptop, "
            "then import the file again."
        ),
        "transfer_tampered": _l(
            "This file was changed or damaged after it was exported, so it cannot be trusted. Export the "
            "meeting again on the other laptop and copy the new file without opening or editing it."
        ),
        "transfer_too_large": _l(
            "The file is larger than %(mb)s MB: it is not an exported meeting. Choose the .json file made "
            "by exporting the meeting."
        ),
        "transfer_already_here": _l(
            "This meeting is already on this laptop (imported or made here before): nothing was imported. "
            "Open it from the list of meetings."
        ),
    }
)


# the papers before the meeting (server/reports/invitations.py)
PROBLEMS.update(
    {
        "no_delegates_to_invite": _l(
            "This meeting has no delegates yet: add them on the office page, then make the invitations again."
        ),
        "no_citizens_to_invite": _l(
            "No invited citizen is listed for this meeting yet: import the list on the office page, or make "
            "one invitation per xóm."
        ),
    }
)


# the preparation duties and the radio's recording mark (server/domain/duties.py)
PROBLEMS.update(
    {
        "no_such_duty": _l("There is no such preparation duty."),
        "duplicate_duty": _l("This unit already has this duty."),
        "no_recording_mark": _l(
            "Nobody has marked when the recording started: tap “Recording started” on the chair's or the "
            "secretary's screen when the radio starts recording."
        ),
    }
)
