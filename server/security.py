"""Security headers on every response (pages, static files, downloads, errors), set in one place:
all of them on anything a browser may show as a document, nosniff alone on scripts and styles.

The Content-Security-Policy allows only the server's own scripts and styles: no inline script (the
pages' data reaches their scripts in a ``<script type="application/json">`` element, which is never
executed, read by static/js/core/page.js), no inline style (``<style>`` or ``style="…"`` in markup;
the scripts set ``element.style`` through the CSSOM, which CSP allows) and no other origin: the hall
has no internet, so nothing outside the laptop is ever needed.

What the pages need beyond ``'self'``:

- ``img-src data:``: the favicon is ``<link rel="icon" href="data:,">`` (no request for one);
- ``media-src data:``: NoSleep.js (static/vendor/nosleep) keeps the projector awake on a plain-http
  page, where the Wake Lock API is refused, with a muted looping video from a ``data:`` URI;
- ``connect-src ws: wss:``: Socket.IO's WebSocket to the same host. CSP Level 3 lets ``'self'``
  match it, but older browsers (older Safari in particular, on the phones citizens bring) do not:
  without the schemes their WebSocket would be refused.

Downloads (``download`` in static/js/core/http.js) click an ``<a download>`` on a ``blob:`` URL:
that is a navigation that saves a file, which no directive governs, so no ``blob:`` is allowed.

No ``Strict-Transport-Security``: the hall runs plain http on its LAN (there is no certificate a
laptop could present to phones). Browsers ignore it over http, and were the laptop ever reached over
https it would make them refuse the plain-http address the hall uses.
"""

from __future__ import annotations

from flask import Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self' ws: wss:",
        "font-src 'self'",
        "media-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # frame-ancestors 'none' for browsers without CSP Level 2
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


# A script or a stylesheet is never a document: a policy delivered with its own response (CSP, frames,
# referrer, permissions) has no effect, the document's governs what it does. So the pages' scripts
# and styles carry only nosniff, which does apply to them: about 400 bytes less on each of the dozen
# files a phone's first load fetches (docs/performance.md). Anything else gets every header.
SUBRESOURCE_TYPES = frozenset({"text/javascript", "text/css"})
SUBRESOURCE_HEADERS = {"X-Content-Type-Options": "nosniff"}


def add_headers(response: Response) -> Response:
    """Set the headers a view did not set itself."""
    headers = SUBRESOURCE_HEADERS if response.mimetype in SUBRESOURCE_TYPES else HEADERS
    for name, value in headers.items():
        response.headers.setdefault(name, value)
    return response
