import type { RootContent } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import { parseMarkdown } from "@/lib/content/markdown";

/**
 * The pieces a passage may be cut between: sentences of a paragraph, items of a list, and whole
 * blocks (display maths, code, tables, quotes). A cut never falls inside `$…$`, `$$…$$`, inline
 * code or a code block, so every piece renders on its own.
 */
export interface Unit {
  text: string;
  /** Sentences and list items can be dropped from either end of an excerpt; blocks only whole. */
  kind: "sentence" | "item" | "block";
  /** What joins this unit to the one before it in the original text ("" for the first). */
  sep: string;
}

const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|approx|fig|eq|eqs|resp|no)\.$/i;
const CLOSERS = `"')]*_”’`;

/**
 * Splits prose into sentences. A full stop, question or exclamation mark ends a sentence when
 * whitespace and a capital, digit, `$`, `*` or bracket follow, and it is not inside inline maths
 * or code and does not end a common abbreviation.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let start = 0;
  let math: "" | "$" | "$$" = "";
  let code = false;
  for (let i = 0; i < n; i++) {
    const ch = text[i] as string;
    if (ch === "\\") {
      i++;
      continue;
    }
    if (!math && ch === "`") {
      code = !code;
      continue;
    }
    if (code) continue;
    if (ch === "$") {
      const token = text[i + 1] === "$" ? "$$" : "$";
      if (token === "$$") i++;
      if (!math) math = token;
      else if (math === token) math = "";
      continue;
    }
    if (math || !".!?".includes(ch)) continue;
    let end = i + 1;
    while (end < n && CLOSERS.includes(text[end] as string)) end++;
    if (end >= n || !/\s/.test(text[end] as string)) continue;
    let next = end;
    while (next < n && /\s/.test(text[next] as string)) next++;
    if (next >= n) break;
    if (!/[A-Z0-9$*([“"]/.test(text[next] as string)) continue;
    if (ch === "." && ABBREVIATION.test(text.slice(Math.max(0, start), i + 1))) continue;
    out.push(text.slice(start, end).trim());
    start = next;
    i = next - 1;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  // A bold lead-in ("**Predict.** Odometry reports…") belongs to the sentence it introduces.
  return out.reduce<string[]>((acc, sentence) => {
    const last = acc.at(-1);
    if (last !== undefined && /^\*\*[^*]+\*\*$/.test(last)) acc[acc.length - 1] = `${last} ${sentence}`;
    else acc.push(sentence);
    return acc;
  }, []);
}

function sourceOf(markdown: string, node: RootContent): string {
  const from = node.position?.start.offset;
  const to = node.position?.end.offset;
  return from === undefined || to === undefined ? mdastToString(node) : markdown.slice(from, to);
}

/** Units of one top-level markdown node, taken from `markdown` (the text the node was parsed from). */
export function nodeUnits(markdown: string, node: RootContent, sep = "\n\n"): Unit[] {
  if (node.type === "paragraph") {
    return splitSentences(sourceOf(markdown, node)).map((text, i) => ({
      text,
      kind: "sentence" as const,
      sep: i === 0 ? sep : " ",
    }));
  }
  if (node.type === "list") {
    return node.children.map((item, i) => ({
      text: sourceOf(markdown, item as RootContent),
      kind: "item" as const,
      sep: i === 0 ? sep : "\n",
    }));
  }
  return [{ text: sourceOf(markdown, node), kind: "block", sep }];
}

/** A markdown passage as units, in order. */
export function markdownUnits(markdown: string): Unit[] {
  const units = parseMarkdown(markdown).children.flatMap((node) => nodeUnits(markdown, node));
  if (units[0]) units[0] = { ...units[0], sep: "" };
  return units;
}

/** Joins consecutive units back into markdown (the first unit's separator is dropped). */
export function joinUnits(units: Unit[]): string {
  return units.map((u, i) => (i === 0 ? u.text : `${u.sep}${u.text}`)).join("");
}
