/* Earlier opinions: while a new opinion's summary is typed, the most similar ones raised before (one
 * already resolved can be spotted, and declined with its reference, on the spot); and a search of
 * every meeting's opinions, with or without diacritics (opinion.search). */

import { $, el, toast } from "../../core/dom.js";
import { date } from "../../core/format.js";
import { T } from "../../core/page.js";
import { outcomeText } from "./opinions.js";

let live = null;

export function hideSimilar() {
  $("op-similar-box").hidden = true;
}

function resultItem(r) {
  return el(
    "li",
    {},
    el("b", {}, r.summary),
    el("span", { class: "muted" }, ` — ${r.citizen_name || ""} · ${r.meeting_title} (${date(r.starts_at)})`),
    el("div", {}, r.outcome ? outcomeText(r) : T.outcome_none)
  );
}

export function mount(connection) {
  live = connection;
  const form = $("op-form");
  let similarTimer = null;
  form.elements.namedItem("summary").addEventListener("input", (e) => {
    clearTimeout(similarTimer);
    const q = e.target.value.trim();
    similarTimer = setTimeout(async () => {
      const editing = Number(form.elements.namedItem("opinion_id").value) || null;
      const ack = q.length >= 4 ? await live.ask("opinion.search", { q, any: true }) : { ok: true, results: [] };
      if (!ack.ok) return;
      const results = ack.results.filter((r) => !(r.meeting_id === live.state.id && r.id === editing));
      $("op-similar-box").hidden = results.length === 0;
      $("op-similar").replaceChildren(...results.map(resultItem));
    }, 400);
  });

  let searchTimer = null;
  $("op-search").addEventListener("input", (e) => {
    clearTimeout(searchTimer);
    const q = e.target.value.trim();
    searchTimer = setTimeout(async () => {
      if (!q) return $("op-results").replaceChildren();
      const ack = await live.ask("opinion.search", { q });
      if (!ack.ok) return toast(ack);
      $("op-results").replaceChildren(...(ack.results.length ? ack.results.map(resultItem) : [el("li", { class: "muted" }, T.no_results)]));
    }, 200);
  });
}
