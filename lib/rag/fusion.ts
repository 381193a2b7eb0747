import type { Passage } from "./retriever";

/**
 * Reciprocal rank fusion: each list contributes 1 / (k + rank) per passage, so agreement
 * between lexical and dense search wins without comparing their incomparable scores.
 */
export function reciprocalRankFusion(lists: Passage[][], limit: number, k = 60): Passage[] {
  const fused = new Map<string, { passage: Passage; score: number }>();
  for (const list of lists) {
    list.forEach((passage, rank) => {
      const entry = fused.get(passage.chunkId) ?? { passage, score: 0 };
      entry.score += 1 / (k + rank + 1);
      fused.set(passage.chunkId, entry);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.passage.chunkId.localeCompare(b.passage.chunkId))
    .slice(0, limit)
    .map(({ passage, score }) => ({ ...passage, score }));
}
