"""Every sentence a user can read from the server or the pages' scripts, through gettext.

The msgids are English; ``server/translations/vi`` holds the Vietnamese, the default language.
What goes where:

- ``catalogs``: the request's language and the compiled catalogs;
- ``problems``: the refusal catalogue (``PROBLEMS``, one sentence per ``Problem`` code) and field names;
- ``vocabularies``: the words for the model's values (statuses, phases, kinds, levels, outcomes);
- ``refusals``: ``error_ack``, the one error shape, used only at the web edge;
- ``pages``: ``js_strings(page)``, the pages' sentences; their keys per page in ``page_keys``, the
  sentences themselves in ``sentences_meeting`` (live screens) and ``sentences_office`` (the office's pages).
"""
