/* Citizens or delegates imported from a spreadsheet: `POST /office/import/<kind>` reads the file
 * (server/uploads.py) and nothing is saved until the office confirms the preview; the rows then go
 * through `citizens.import` / `delegates.import`, in chunks the command takes, like any other
 * command. */

import { el, toast } from "../../core/dom.js";
import { fill } from "../../core/format.js";
import * as http from "../../core/http.js";
import { T } from "../../core/page.js";
import { isBusy, quotaItems, root, setBusy, shown } from "./people.js";
import { live, onMeeting } from "./session.js";

const CHUNK = { delegates: 500, citizens: 3000 }; // rows one import command takes (docs/protocol.md)
const PREVIEW_ROWS = 10; // rows of a file shown in its preview
const previews = { delegates: null, citizens: null }; // the preview shown for each kind, if any

const PREVIEW_COLUMNS = {
  citizens: () => [
    ["name", T.people_full_name],
    ["xom", T.people_xom],
    ["year_of_birth", T.imp_year],
    ["gender", T.imp_gender],
    ["phone", T.people_phone],
    ["id_number", T.people_id_number],
    ["note", T.people_note],
  ],
  delegates: () => [
    ["name", T.people_full_name],
    ["title", T.people_position],
    ["unit", T.people_unit],
    ["group", T.people_group],
  ],
};

/** A row's cell as the preview shows it: a gender in words, a year as is. */
function cellText(row, key) {
  const value = row[key];
  if (key === "gender") return value ? T[`imp_gender_${value}`] || value : "";
  return value === null || value === undefined ? "" : String(value);
}

const ENCODINGS = { tcvn3: "TCVN3 (ABC, .VnTime)", vni: "VNI (VNI-Times)" };

/** What the office still has to answer before importing: the same-name rows it has not decided,
 * and a conversion it has not confirmed. */
function undecided(preview) {
  const sameName = preview.result.duplicates.filter((d) => d.reason === "same_name");
  return {
    namesakes: sameName.filter((d) => !preview.decisions.has(d.line)).length,
    conversion: !preview.conversionOk,
  };
}

/** The rows to send: the preview's rows, and each same-name row the office adds as another person. */
function rowsToSend(preview) {
  const extra = preview.result.duplicates.filter((d) => d.reason === "same_name" && preview.decisions.get(d.line) === "another");
  return [...preview.result.rows, ...extra.map((d) => d.row)];
}

/** Rows to import per xóm: the server's count, and each namesake the office adds as another person. */
function perXom(preview) {
  const counts = { ...(preview.result.per_xom || {}) };
  for (const row of rowsToSend(preview).slice(preview.result.rows.length)) {
    const xom = Object.keys(counts).find((x) => x.toLocaleLowerCase("vi") === row.xom.toLocaleLowerCase("vi")) || row.xom;
    counts[xom] = (counts[xom] || 0) + 1;
  }
  return counts;
}

function previewBox(kind) {
  return root.querySelector(`.import[data-kind="${kind}"] .import-preview`);
}

function closePreview(kind) {
  previews[kind] = null;
  const box = previewBox(kind);
  box.replaceChildren();
  box.hidden = true;
}

async function upload(kind, input) {
  const file = input.files && input.files[0];
  input.value = ""; // choosing the same file again reads it again
  if (!file || shown.readOnly || shown.id === null) return;
  const id = shown.id;
  const box = previewBox(kind);
  previews[kind] = null;
  box.hidden = false;
  box.replaceChildren(el("p", { class: "muted", role: "status" }, fill(T.people_reading_file, { file: file.name })));
  const { body: result } = await http.json(`/office/import/${kind}?meeting_id=${encodeURIComponent(id)}`, "office", null, {
    method: "POST",
    body: file,
    headers: { "X-Filename": encodeURIComponent(file.name) },
  });
  if (id !== shown.id) return; // another meeting was opened meanwhile
  if (result.ok === false) {
    // The whole file is refused: the server's reason, and nothing else.
    box.replaceChildren(el("p", { class: "import-refused error", role: "alert" }, result.errors.map((e) => e.message).join(" ")));
    return;
  }
  // The office's answers: for each same-name row, "another" or "skip" (none yet: it must decide);
  // for a list in a legacy encoding, whether it confirmed the conversion.
  previews[kind] = { file: file.name, result, decisions: new Map(), conversionOk: !result.encoding };
  renderPreview(kind);
}

function renderPreview(kind) {
  const preview = previews[kind];
  const box = previewBox(kind);
  if (!preview) return;
  const { result } = preview;
  const n = result.rows.length;
  const columns = PREVIEW_COLUMNS[kind]();
  const problemLines = new Set(result.problems.map((p) => p.line)).size;
  const parts = [
    el("h4", { class: "preview-title" }, fill(T.people_will_import, { n }), " ", el("span", { class: "muted" }, `(${preview.file})`)),
  ];
  if (n) {
    parts.push(
      el(
        "div",
        { class: "table-wrap" },
        el(
          "table",
          { class: "preview-rows" },
          el("thead", {}, el("tr", {}, el("th", {}, T.people_line), ...columns.map(([, label]) => el("th", {}, label)))),
          el(
            "tbody",
            {},
            result.rows.slice(0, PREVIEW_ROWS).map((row, i) =>
              el("tr", { dataset: { line: result.lines[i] } }, el("td", { class: "line" }, result.lines[i]), ...columns.map(([key]) => el("td", { class: `c-${key}` }, cellText(row, key))))
            )
          )
        )
      )
    );
    if (n > PREVIEW_ROWS) parts.push(el("p", { class: "muted more" }, fill(T.people_and_more, { n: n - PREVIEW_ROWS })));
  }
  if (result.problems.length) {
    parts.push(
      el(
        "div",
        { class: "preview-problems" },
        el("h5", {}, fill(T.people_rows_refused, { n: problemLines })),
        el(
          "ul",
          {},
          result.problems.map((p) =>
            el(
              "li",
              { dataset: { line: p.line, code: p.code } },
              el("b", {}, fill(T.people_line_n, { n: p.line })),
              ": ",
              p.message,
              p.value ? el("span", { class: "value" }, ` (“${p.value}”)`) : null
            )
          )
        )
      )
    );
  }
  if (result.encoding) parts.push(conversionPart(kind, preview));
  const sameName = result.duplicates.filter((d) => d.reason === "same_name");
  if (sameName.length) parts.push(sameNamePart(kind, preview, sameName, columns));
  const others = result.duplicates.filter((d) => d.reason !== "same_name");
  if (others.length) {
    parts.push(
      el(
        "div",
        { class: "preview-duplicates" },
        el("h5", {}, fill(T.people_duplicates_n, { n: others.length })),
        el(
          "ul",
          {},
          others.map((d) =>
            el(
              "li",
              { dataset: { line: d.line, reason: d.reason }, title: d.message || null },
              el("b", {}, fill(T.people_line_n, { n: d.line })),
              `: ${d.name} – `,
              d.reason === "repeated" ? fill(T.people_dup_repeated, { n: d.first_line }) : T.people_dup_already
            )
          )
        )
      )
    );
  }
  if (result.ignored_columns && result.ignored_columns.length) {
    parts.push(el("p", { class: "hint ignored" }, fill(T.people_ignored_columns, { columns: result.ignored_columns.join(", ") })));
  }
  if (kind === "citizens" && n) {
    parts.push(el("h5", {}, T.people_after_import), el("ul", { class: "quota after" }, quotaItems(shown.state.citizens || [], perXom(preview))));
  }
  const total = rowsToSend(preview).length;
  const waiting = undecided(preview);
  const go = el(
    "button",
    {
      type: "button",
      class: "primary do-import",
      disabled: shown.readOnly || !total || waiting.namesakes > 0 || waiting.conversion || isBusy(`import-${kind}`),
      onclick: () => runImport(kind, go),
    },
    total ? fill(T.people_import_n, { n: total }) : T.people_nobody_new
  );
  const why = [];
  if (waiting.namesakes) why.push(fill(T.imp_decide_first, { n: waiting.namesakes }));
  if (waiting.conversion) why.push(T.imp_confirm_conversion_first);
  parts.push(
    el(
      "div",
      { class: "preview-actions" },
      why.length ? el("p", { class: "waiting hint", role: "status" }, why.join(" ")) : null,
      go,
      el("button", { type: "button", class: "cancel-import", onclick: () => closePreview(kind) }, T.people_cancel)
    )
  );
  box.replaceChildren(...parts);
  box.hidden = false;
}

/** The conversion from a legacy encoding: every changed cell, original → converted, and the
 * office's confirmation (the import waits for it). */
function conversionPart(kind, preview) {
  const { result } = preview;
  const labels = Object.fromEntries(PREVIEW_COLUMNS[kind]());
  const box = el("input", {
    type: "checkbox",
    class: "conversion-ok",
    checked: preview.conversionOk,
    onchange: () => {
      preview.conversionOk = box.checked;
      renderPreview(kind);
      const again = previewBox(kind).querySelector(".conversion-ok");
      if (again) again.focus();
    },
  });
  return el(
    "div",
    { class: "preview-conversion", dataset: { encoding: result.encoding } },
    el("h5", {}, fill(T.imp_encoding, { encoding: ENCODINGS[result.encoding] || result.encoding })),
    el(
      "div",
      { class: "table-wrap" },
      el(
        "table",
        { class: "conversions" },
        el("thead", {}, el("tr", {}, el("th", {}, T.people_line), el("th", {}, T.imp_column), el("th", {}, T.imp_original), el("th", {}, T.imp_converted))),
        el(
          "tbody",
          {},
          result.converted.map((c) =>
            el(
              "tr",
              { dataset: { line: c.line, field: c.field } },
              el("td", { class: "line" }, c.line),
              el("td", {}, labels[c.field] || c.field),
              el("td", { class: "original" }, c.original),
              el("td", { class: "converted" }, `→ ${c.converted}`)
            )
          )
        )
      )
    ),
    el("label", { class: "confirm-conversion" }, box, " ", T.imp_conversion_ok)
  );
}

/** The namesakes nothing tells apart: each with "add as another person" or "skip", for the office
 * to decide; none is imported or dropped on a guess. */
function sameNamePart(kind, preview, sameName, columns) {
  const choice = (d, value, label) =>
    el("label", { class: `choice ${value}` }, el("input", {
      type: "radio",
      name: `same-name-${kind}-${d.line}`,
      value,
      checked: preview.decisions.get(d.line) === value,
      onchange: () => {
        preview.decisions.set(d.line, value);
        renderPreview(kind);
        const again = previewBox(kind).querySelector(`input[name="same-name-${kind}-${d.line}"][value="${value}"]`);
        if (again) again.focus();
      },
    }), " ", label);
  return el(
    "div",
    { class: "preview-same-name" },
    el("h5", {}, fill(T.imp_same_name_n, { n: sameName.length })),
    el(
      "ul",
      {},
      sameName.map((d) => {
        const details = columns
          .filter(([key]) => key !== "name" && cellText(d.row, key))
          .map(([key, label]) => `${label}: ${cellText(d.row, key)}`)
          .join(", ");
        return el(
          "li",
          { dataset: { line: d.line, reason: d.reason, decision: preview.decisions.get(d.line) || "" } },
          el("b", {}, fill(T.people_line_n, { n: d.line })),
          `: ${d.name}`,
          details ? el("span", { class: "muted" }, ` (${details})`) : null,
          " – ",
          d.first_line ? fill(T.imp_same_name_as_row, { n: d.first_line }) : T.imp_same_name_listed,
          el(
            "span",
            { class: "choices", role: "radiogroup", "aria-label": `${fill(T.people_line_n, { n: d.line })}: ${d.name}` },
            choice(d, "another", T.imp_add_another),
            choice(d, "skip", T.imp_skip)
          )
        );
      })
    )
  );
}

/** Send the preview's rows, in chunks the command takes, then say how many were added. */
async function runImport(kind, button) {
  const preview = previews[kind];
  if (!preview || shown.readOnly || isBusy(`import-${kind}`)) return;
  const waiting = undecided(preview);
  if (waiting.namesakes || waiting.conversion) return; // the button says what is still to answer
  setBusy(`import-${kind}`, true);
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  const id = shown.id;
  const rows = rowsToSend(preview);
  const count = async () => {
    const read = await live.ask("meeting.snapshot", { meeting_id: id });
    return read.ok ? (read.state[kind] || []).length : null;
  };
  let failed = null;
  try {
    const before = await count(); // as the server holds it now, whatever this page last read
    for (let i = 0; i < rows.length; i += CHUNK[kind]) {
      const ack = await live.send(`${kind}.import`, { rows: rows.slice(i, i + CHUNK[kind]) }, { meetingId: id });
      if (!ack.ok && !ack.errors.every((e) => e.code === "nothing_new")) {
        failed = ack;
        break;
      }
    }
    const after = await count();
    const added = before === null || after === null ? null : after - before;
    if (id === shown.id) closePreview(kind);
    if (failed) toast(failed);
    else if (added !== null) toast({ ok: true }, fill(T.people_imported_n, { n: added }));
  } finally {
    setBusy(`import-${kind}`, false);
    button.removeAttribute("aria-busy");
  }
  }

for (const input of root.querySelectorAll(".import input[type=file]")) {
  input.addEventListener("change", () => upload(input.closest(".import").dataset.kind, input));
}


// Another meeting: no preview carries over; the counts after an import follow the list.
onMeeting((state, change, { other }) => {
  for (const kind of Object.keys(previews)) {
    if (other) closePreview(kind);
    else if (previews[kind] && change.touches("citizens", "allocation", "invited_count")) renderPreview(kind);
  }
});
