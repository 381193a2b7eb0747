import { termsOf } from "./terms";
import { joinUnits, markdownUnits, type Unit } from "./units";

/**
 * The part of a passage worth showing for a question: the run of whole units (sentences, list
 * items, formulas, code blocks) within `budget` characters that contains the most of the
 * question's terms, so an excerpt never ends inside a formula or a code block. "…" marks text
 * left out before or after it.
 */
export function excerpt(markdown: string, questionTerms: Iterable<string>, budget = 700): string {
  const units = markdownUnits(markdown);
  if (joinUnits(units).length <= budget) return markdown.trim();
  const wanted = new Set(questionTerms);
  const hits = units.map((u) => new Set(termsOf(u.text).filter((t) => wanted.has(t))));
  let best: { from: number; to: number; score: number } | null = null;
  for (let from = 0; from < units.length; from++) {
    const seen = new Set<string>();
    // Opening where the passage opens gives the reader its context: worth about half a term.
    let score = from === 0 ? 0.5 : 0;
    let length = -(units[from]?.sep.length ?? 0);
    for (let to = from; to < units.length; to++) {
      const unit = units[to] as Unit;
      length += unit.sep.length + unit.text.length;
      if (length > budget) break;
      for (const t of hits[to] as Set<string>) {
        // A term's first appearance counts most; repeats help a little.
        score += seen.has(t) ? 0.25 : 1;
        seen.add(t);
      }
      if (!best || score > best.score) best = { from, to, score };
    }
  }
  if (!best) return firstSentences(units, budget);
  const shown = units.slice(best.from, best.to + 1);
  // The ellipsis goes on its own line next to a block, so a formula stays a display formula.
  const gap = (sep: string | undefined) => (sep?.includes("\n") ? "\n\n" : " ");
  const before = best.from > 0 ? `…${gap(units[best.from]?.sep)}` : "";
  const after = best.to < units.length - 1 ? `${gap(units[best.to + 1]?.sep)}…` : "";
  return `${before}${joinUnits(shown)}${after}`;
}

/** When no window fits (one unit is longer than the budget), the opening sentences that do. */
function firstSentences(units: Unit[], budget: number): string {
  const shown: Unit[] = [];
  for (const unit of units) {
    if (unit.kind === "block" || joinUnits([...shown, unit]).length > budget) break;
    shown.push(unit);
  }
  return shown.length > 0 ? `${joinUnits(shown)} …` : "";
}
