import { createHash } from "node:crypto";

/**
 * A sparse term vector for Qdrant's hybrid search: lowercase word counts, hashed into a large
 * index space. Qdrant applies IDF itself (`modifier: idf`), so this is BM25-like lexical search.
 */
const STOP = new Set(
  "a an and are as at be by for from how i in is it of on or that the this to what when where which why with you your".split(
    " ",
  ),
);

export function sparseVector(text: string): { indices: number[]; values: number[] } {
  const counts = new Map<number, number>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (STOP.has(word) || word.length < 2) continue;
    const index = createHash("sha1").update(word).digest().readUInt32BE(0) % 1_000_003;
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  const indices = [...counts.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => counts.get(i) as number) };
}
