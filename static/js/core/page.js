/* The page's data from the server: the JSON in <script type="application/json" id="page-data">
 * (templates/_page_data.html), which is never executed, so the Content-Security-Policy needs no inline
 * script. Read once, when the first module imports this one (modules run after the document is parsed).
 *
 *   T         the sentences this page shows, in the page's language (server/i18n/pages.py js_strings)
 *   meetingId the meeting this page is about, or null
 *   version   the static files' version this page was served with (server/static_files.py)
 *   rules     what the server decides and the page must know: limits, vocabularies, collections
 *             (server/views.py page_data, produced from the domain's own definitions)
 *   served    {state, now}: the meeting's snapshot and the server's time when the page was made, on
 *             the pages that come with one (the phone's), else null
 */

const node = document.getElementById("page-data");
const data = node ? JSON.parse(node.textContent) : {};

/** The sentences of this page, by key. */
export const T = data.strings || {};
/** The meeting this page is about (null on pages about no one meeting). */
export const meetingId = data.meeting_id === undefined ? null : data.meeting_id;
/** Limits, vocabularies and collections, from the server's domain. */
export const rules = Object.freeze({ limits: {}, collections: [], ...(data.rules || {}) });
/** The snapshot the page came with and the server's time then ({state, now}), or null. */
export const served = data.served && data.served.state ? data.served : null;
/** The static files' version this page was served with (null when the page data has none). */
export const version = data.version || null;
