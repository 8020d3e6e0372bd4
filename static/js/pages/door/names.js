/* Finding a citizen by a few letters of the name, with or without diacritics, and the Vietnamese
 * order of names (by the given name, the last word, then the rest). */

import { fold } from "../../core/format.js";

const collator = new Intl.Collator("vi");

export const words = (text) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const nameWords = new Map(); // name -> its folded words, for a search at every key press
export function wordsOf(name) {
  let found = nameWords.get(name);
  if (!found) nameWords.set(name, (found = words(name)));
  return found;
}

/** Every typed word is the start of a different word of the name, in any order ("a nguyen" finds
 * "Nguyễn Văn An"; "van van" does not find him). */
export function matches(typed, parts) {
  const used = new Array(parts.length).fill(false);
  const place = (i) => {
    if (i === typed.length) return true;
    for (let j = 0; j < parts.length; j++) {
      if (used[j] || !parts[j].startsWith(typed[i])) continue;
      used[j] = true;
      if (place(i + 1)) return true;
      used[j] = false;
    }
    return false;
  };
  return place(0);
}

/** Vietnamese order: by the given name (the last word), then the rest. */
export function byName(a, b) {
  const split = (name) => {
    const parts = name.trim().split(/\s+/);
    return [parts[parts.length - 1] || "", parts.slice(0, -1).join(" ")];
  };
  const [ga, ra] = split(a.name);
  const [gb, rb] = split(b.name);
  return collator.compare(ga, gb) || collator.compare(ra, rb) || a.id - b.id;
}
