// The public results page follows the record: a reply recorded on /followup, or a promise closed,
// appears here without a reload.
//
// Why a conditional poll and not a Socket.IO join: the page stays open for weeks on the notice
// board's screen and on phones, while the record changes a few times (a reply comes days apart).
// Asking every 30 s (the page's data-refresh-seconds) with the last ETag costs one small query and
// an empty 304 while nothing changed; there is no connection to hold, to resume or to count among
// the hall's screens, and it works behind any proxy. The page also asks at once when it becomes
// visible again or the network comes back. What changed arrives as the server-rendered content of
// <main> (the same template as the page), so nothing is rendered twice.

const main = document.querySelector("main.results");
const source = main.dataset.source;
const every = Math.max(2, Number(main.dataset.refreshSeconds) || 30) * 1000;
let etag = main.dataset.etag || "";
let asking = false;

async function refresh() {
  if (asking || document.hidden) return;
  asking = true;
  try {
    const response = await fetch(source, { cache: "no-store", headers: etag ? { "If-None-Match": etag } : {} });
    if (response.status === 200) {
      const html = await response.text();
      etag = response.headers.get("ETag") || "";
      main.innerHTML = html;
    } else if (response.status === 404) {
      window.location.reload(); // taken down: the page says so
    }
  } catch (error) {
    // offline for now: the next tick asks again
  } finally {
    asking = false;
  }
}

setInterval(refresh, every);
document.addEventListener("visibilitychange", refresh);
window.addEventListener("online", refresh);
