/* The page's data from the server, read before any other script: the JSON in
 * <script type="application/json" id="page-data"> (templates/_scripts.html), which is never
 * executed, so the Content-Security-Policy needs no inline script (server/security.py). Every
 * other script reads window.STRINGS (the sentences in the page's language) and window.MEETING_ID
 * (null on the pages that are not about one meeting). */
"use strict";

(() => {
  const node = document.getElementById("page-data");
  const data = node ? JSON.parse(node.textContent) : {};
  window.STRINGS = data.strings || {};
  window.MEETING_ID = data.meeting_id === undefined ? null : data.meeting_id;
})();
