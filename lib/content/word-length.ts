import { words } from "@/lib/rag/terms";

/**
 * The longest word a lesson may contain. Postgres refuses a tsvector lexeme of 2,047 bytes or
 * more ("word is too long"), which failed the whole publish as a server error. The index's
 * words are a-z and 0-9 only (lib/rag/terms.ts, one byte each), and two neighbouring words are
 * also indexed as one pair joined by "_" (lib/rag/document.ts): two words at this limit stay
 * under Postgres' (2,001 bytes).
 */
export const MAX_WORD_LENGTH = 1000;

export interface IndexedFields {
  title: string;
  summary: string;
  objectives: string[];
  body: string;
}

const count = (n: number) => n.toLocaleString("en-US");

/**
 * Why the lesson cannot be indexed for search as written (a word over the limit, found as the
 * index itself splits the text), or undefined.
 */
export function overlongWord(fields: IndexedFields): string | undefined {
  const places: [string, string][] = [
    ['front matter field "title"', fields.title],
    ['front matter field "summary"', fields.summary],
    ...fields.objectives.map((o, i): [string, string] => [`front matter field "objectives.${i}"`, o]),
    ["the text below the front matter", fields.body],
  ];
  for (const [where, text] of places) {
    const longest = words(text).reduce((a, b) => (b.length > a.length ? b : a), "");
    if (longest.length > MAX_WORD_LENGTH) {
      return `${where} contains a word of ${count(longest.length)} characters ("${longest.slice(0, 20)}…"); the search index takes words of at most ${count(MAX_WORD_LENGTH)} characters. Shorten it or break it up with spaces.`;
    }
  }
  return undefined;
}
