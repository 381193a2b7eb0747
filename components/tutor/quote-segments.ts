import { STUCK_PUNCTUATION } from "@/lib/content/stuck-punctuation";

/**
 * A quoted lesson selection split into text and formulas. The selection carries each formula
 * as `$…$` or `$$…$$` (selection-text.ts); an amount like "$5 or $6" is not one: as in
 * Pandoc, an inline formula neither starts nor ends with a space and is not followed by a digit.
 */
export type QuoteSegment = { text: string } | { tex: string; stuck?: string };

const FORMULA = /\$\$([\s\S]+?)\$\$|\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)/g;

export function quoteSegments(quoted: string): QuoteSegment[] {
  const out: QuoteSegment[] = [];
  let at = 0;
  for (const match of quoted.matchAll(FORMULA)) {
    const tex = (match[1] ?? match[2] ?? "").trim();
    if (!tex) continue;
    if (match.index > at) out.push({ text: quoted.slice(at, match.index) });
    at = match.index + match[0].length;
    const stuck = STUCK_PUNCTUATION.exec(quoted.slice(at))?.[0];
    out.push(stuck ? { tex, stuck } : { tex });
    at += stuck?.length ?? 0;
  }
  if (at < quoted.length) out.push({ text: quoted.slice(at) });
  return out;
}

export const hasFormula = (quoted: string) => quoteSegments(quoted).some((s) => "tex" in s);
