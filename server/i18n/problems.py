"""The refusal catalogue: one sentence for each ``Problem`` code the server may send, and the names
of the fields a sentence is prefixed with.

Add a new refusal here, in the one ``PROBLEMS`` literal under the comment of its area (the msgid is
English; add the Vietnamese to ``server/translations/vi/LC_MESSAGES/messages.po``). Wording a problem
for a user is ``server/i18n/refusals.py``'s job.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
    # imports (server/imports.py)
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
    # text checked once for every field (server/domain/fields.py), and messages the server reads no
    # further (server/extensions.py)
    "bad_unicode": _l("This text holds a broken character (half of a UTF-16 pair). Type it again."),
    "control_character": _l("This text holds a control character (such as NUL) that cannot be shown. Type it again."),
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
    # transfer (server/storage/transfer.py)
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
    # the papers before the meeting (server/reports/invitations.py)
    "no_delegates_to_invite": _l(
        "This meeting has no delegates yet: add them on the office page, then make the invitations again."
    ),
    "no_citizens_to_invite": _l(
        "No invited citizen is listed for this meeting yet: import the list on the office page, or make "
        "one invitation per xóm."
    ),
    # the preparation duties and the radio's recording mark (server/domain/duties.py)
    "no_such_duty": _l("There is no such preparation duty."),
    "duplicate_duty": _l("This unit already has this duty."),
    "no_recording_mark": _l(
        "Nobody has marked when the recording started: tap “Recording started” on the chair's or the "
        "secretary's screen when the radio starts recording."
    ),
}

# Codes whose field is the envelope's, not a form's: the sentence is not prefixed with a field name.
ENVELOPE_CODES = {"unknown_command", "bad_envelope"}

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
