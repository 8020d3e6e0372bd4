/* 3. The documents to download (the buttons marked `data-download` in templates/documents.html;
 * a new document is a new button there, with the name server/reports/http.py serves it under). */

import { toast } from "../../core/dom.js";
import * as http from "../../core/http.js";
import { T } from "../../core/page.js";
import { ID, who } from "./context.js";

/** Download a document with the PIN headers: fetch, a Blob, a temporary <a download>. The
 * button says "Making…" meanwhile (a document can take a few seconds). */
export async function download(button, name, version) {
  if (button.dataset.busy) return;
  button.dataset.busy = "1";
  const original = [...button.childNodes];
  button.setAttribute("aria-busy", "true");
  button.replaceChildren(T.docs_making);
  const query = version ? `?version=${version}` : "";
  const rename = (filename) => (version ? filename.replace(/(\.docx)$/, `-v${version}$1`) : filename);
  const problem = await http.download(`/m/${ID}/documents/${name}${query}`, who.role, ID, name, rename);
  button.replaceChildren(...original);
  button.removeAttribute("aria-busy");
  delete button.dataset.busy;
  if (problem) toast(problem);
}

document.querySelectorAll("[data-download]").forEach((button) =>
  button.addEventListener("click", () => download(button, button.dataset.download))
);
