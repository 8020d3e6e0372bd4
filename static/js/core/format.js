/* Formatting: one placeholder fill, durations and countdowns, dd/mm/yyyy dates and 24-hour times,
 * the folding used to compare names, the one clean() of form text and the one id maker. */

/** fill("{n} người", {n: 3}); values go in as typed ("$&" too, unlike String.replace). */
export function fill(text, values = {}) {
  return String(text).replace(/\{(\w+)\}/g, (place, key) => (key in values ? String(values[key]) : place));
}

/** For matching what is typed: lower case, without diacritics, "đ" as "d", single spaces
 * ("Nguyễn Văn Đạt" -> "nguyen van dat"), as server/storage/queries.py folds. */
export function fold(text) {
  return String(text || "")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** A one-line text as the server stores it (server/domain/payloads.py clean_text): NFC, white space
 * folded to single spaces, trimmed. */
export function clean(text) {
  return String(text ?? "")
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim();
}

/** A fresh random id (32 hex digits): crypto.randomUUID needs a secure context, the hall's LAN is plain http. */
export function newId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const two = (n) => String(n).padStart(2, "0");

/** m:ss, or h:mm:ss past an hour; seconds may be negative (overtime). */
export function clock(seconds) {
  const s = Math.floor(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** A countdown: whole seconds left rounded up, then "+m:ss" counting up in overtime. */
export function countdown(left) {
  return left < 0 ? "+" + clock(Math.floor(-left)) : clock(Math.ceil(left));
}

/** "HH:MM" (24 h) of a Unix time, local. */
export function timeOfDay(ts) {
  const d = new Date(ts * 1000);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** "2023-05-25T08:00" -> "25/05/2023 08:00"; "2023-05-25" -> "25/05/2023". */
export function date(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}${m[4] ? " " + m[4] : ""}` : "";
}

/** The local calendar day of a Unix time, as ISO "YYYY-MM-DD". */
export function isoDay(ts) {
  const d = new Date(ts * 1000);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** When something happened at a meeting held on `meetingIso`: "HH:MM" on the meeting's day, else
 * "dd/mm/yyyy HH:MM" (a written opinion typed in days later, or a demo meeting's date). */
export function moment(ts, meetingIso) {
  const day = isoDay(ts);
  return day === (meetingIso || "").slice(0, 10) ? timeOfDay(ts) : `${date(day)} ${timeOfDay(ts)}`;
}

/** A date typed day first, whatever the browser's language: dd/mm/yyyy (also d/m/yyyy, with "." or
 * "-", or the 8 digits ddmmyyyy a numeric keypad types; an ISO date pasted in is unambiguous too)
 * -> ISO "YYYY-MM-DD". "" when empty; null when not written so or not a real date (31/02/2023). */
export function parseDate(text) {
  const t = String(text || "").trim();
  if (!t) return "";
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const m = iso
    ? [t, iso[3], iso[2], iso[1]]
    : /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t) || /^(\d{2})(\d{2})(\d{4})$/.exec(t);
  if (!m) return null;
  const [d, mo, y] = m.slice(1).map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return `${y}-${two(mo)}-${two(d)}`;
}
