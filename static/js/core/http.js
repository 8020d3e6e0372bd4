/* HTTP with this tab's PIN (server/access.py): the PIN the PIN form keeps for a role of a meeting
 * (the office's for every meeting), sent as headers with the person's name. */

import { el } from "./dom.js";
import { fill } from "./format.js";
import { T } from "./page.js";

/** The sessionStorage key of a role's PIN: per meeting, the office's one for all. */
export function pinKey(role, meetingId) {
  return role === "office" ? "pin-office" : `pin-${meetingId}-${role}`;
}

export function headers(role, meetingId) {
  return {
    "X-Role": role,
    "X-Pin": sessionStorage.getItem(pinKey(role, meetingId)) || "",
    "X-Person": encodeURIComponent(localStorage.getItem("person-name") || ""),
  };
}

const failed = (status) => ({ ok: false, errors: [{ code: "http", message: fill(T.docs_http_error, { status }) }] });
const notSent = () => ({ ok: false, errors: [{ code: "not_sent", message: T.not_sent }] });

/** fetch with the PIN headers; resolves to {status, body}, body being the server's JSON answer (or
 * the one error shape when there is none). */
export async function json(path, role, meetingId, options = {}) {
  let response;
  try {
    const h = { ...headers(role, meetingId), ...(options.headers || {}) };
    response = await fetch(path, { cache: "no-store", ...options, headers: h });
  } catch (e) {
    return { status: 0, body: notSent() };
  }
  let body = null;
  if ((response.headers.get("Content-Type") || "").includes("json")) body = await response.json().catch(() => null);
  return { status: response.status, body: body || (response.ok ? { ok: true } : failed(response.status)) };
}

/** The file's name from Content-Disposition (RFC 6266: filename* in UTF-8 first). */
export function fileName(disposition, fallback) {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch (e) {
      // fall through to the plain name
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition || "");
  return plain ? plain[1] : fallback;
}

/** Download a file with the PIN headers; resolves to null, or the refusal to show. `rename(name)`
 * may change the name it is saved under. */
export async function download(path, role, meetingId, fallback, rename = (name) => name) {
  try {
    const response = await fetch(path, { headers: headers(role, meetingId), cache: "no-store" });
    if (!response.ok) {
      const isJson = (response.headers.get("Content-Type") || "").includes("json");
      const body = isJson ? await response.json().catch(() => null) : null;
      return body && body.errors ? body : failed(response.status);
    }
    const href = URL.createObjectURL(await response.blob());
    const link = el("a", { href, download: rename(fileName(response.headers.get("Content-Disposition"), fallback)) });
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60000);
    return null;
  } catch (e) {
    return notSent();
  }
}
