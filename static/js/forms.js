/* For the operators' pages, not the phone's (whose first load stays small): dates typed
 * dd/mm/yyyy, and HTTP with the tab's PIN (downloads, uploads, the documents' API). Needs live.js. */
"use strict";

/** A date field typed as dd/mm/yyyy (a text input: an <input type=date> follows the browser's
 * language, mm/dd/yyyy on an English one). The page reads it as ISO for the server and shows why a
 * value is not a date in a message next to the field. */
const DateField = {
  /** Tidy the value when the field is left (25052023 -> 25/05/2023, or say what is wrong) and drop
   * the message as soon as it is edited. */
  attach(input) {
    input.addEventListener("input", () => DateField.say(input, ""));
    input.addEventListener("blur", () => {
      const iso = DateField.read(input);
      if (iso) input.value = Fmt.date(iso);
    });
  },
  /** Show an ISO date (or nothing) in the field. */
  set(input, iso) {
    input.value = Fmt.date(iso || "");
    DateField.say(input, "");
  },
  /** The field's date as ISO, "" when empty, or null after saying next to the field why not. */
  read(input) {
    const T = window.STRINGS || {};
    const text = input.value.trim();
    const iso = Fmt.parseDate(text);
    if (iso !== null) DateField.say(input, "");
    else if (/^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{8}|\d{4}-\d{2}-\d{2})$/.test(text)) DateField.say(input, Fmt.fill(T.no_such_date, { date: text }));
    else DateField.say(input, T.date_format);
    return iso;
  },
  /** Show `text` next to the field (a server's refusal of it too), or clear it with "". */
  say(input, text) {
    let box = input.nextElementSibling;
    if (!box || !box.classList.contains("field-error")) {
      if (!text) return;
      box = el("span", { class: "field-error", id: `${input.form ? input.form.id : "f"}-${input.name}-error`, role: "alert" });
      input.after(box);
      input.setAttribute("aria-describedby", box.id);
    }
    box.textContent = text;
    box.hidden = !text;
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  },
};

/** HTTP with this tab's PIN (server/access.py): the PIN startWithPin keeps for `role` of `meetingId`
 * (the office's for every meeting), sent as headers with the person's name. */
const Http = {
  headers(role, meetingId) {
    const key = `pin-${role === "office" ? null : meetingId}-${role}`;
    return {
      "X-Role": role,
      "X-Pin": sessionStorage.getItem(key) || "",
      "X-Person": encodeURIComponent(localStorage.getItem("person-name") || ""),
    };
  },

  failed(status) {
    return { ok: false, errors: [{ code: "http", message: window.STRINGS.docs_http_error.replace("{status}", status) }] };
  },

  notSent() {
    return { ok: false, errors: [{ code: "not_sent", message: window.STRINGS.not_sent }] };
  },

  /** fetch with the PIN headers; resolves to {status, body}, body being the server's JSON answer
   * (or the one error shape when there is none). */
  async json(path, role, meetingId, options = {}) {
    let response;
    try {
      const headers = { ...Http.headers(role, meetingId), ...(options.headers || {}) };
      response = await fetch(path, { cache: "no-store", ...options, headers });
    } catch (e) {
      return { status: 0, body: Http.notSent() };
    }
    let body = null;
    if ((response.headers.get("Content-Type") || "").includes("json")) body = await response.json().catch(() => null);
    return { status: response.status, body: body || (response.ok ? { ok: true } : Http.failed(response.status)) };
  },

  /** The file's name from Content-Disposition (RFC 6266: filename* in UTF-8 first). */
  fileName(disposition, fallback) {
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
  },

  /** Download a file with the PIN headers (fetch, a Blob, a temporary <a download>); resolves to
   * null, or the refusal to show. `rename(name)` may change the name it is saved under. */
  async download(path, role, meetingId, fallback, rename = (name) => name) {
    try {
      const response = await fetch(path, { headers: Http.headers(role, meetingId), cache: "no-store" });
      if (!response.ok) {
        const json = (response.headers.get("Content-Type") || "").includes("json");
        const body = json ? await response.json().catch(() => null) : null;
        return body && body.errors ? body : Http.failed(response.status);
      }
      const href = URL.createObjectURL(await response.blob());
      const link = el("a", { href, download: rename(Http.fileName(response.headers.get("Content-Disposition"), fallback)) });
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(href), 60000);
      return null;
    } catch (e) {
      return Http.notSent();
    }
  },
};
