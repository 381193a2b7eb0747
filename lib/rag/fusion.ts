import type { Passage } from "./retriever";

/**
 * Score fusion for a primary list and a secondary one: each list's scores scaled to 0–1 over
 * the list (the primary by its best score, the secondary min–max), summed with the secondary
 * weighted down. Unlike rank fusion it keeps the primary's confidence: a clear full-text match
 * stays first unless the secondary agrees with another passage strongly.
 */
export function weightedScoreFusion(primary: Passage[], secondary: Passage[], secondaryWeight: number): Passage[] {
  const top = Math.max(...primary.map((p) => p.score), 0) || 1;
  const scores = secondary.map((p) => p.score);
  const lo = Math.min(...scores);
  const span = Math.max(...scores) - lo || 1;
  const fused = new Map<string, Passage>();
  for (const p of primary) fused.set(p.chunkId, { ...p, score: p.score / top });
  for (const p of secondary) {
    const add = secondaryWeight * ((p.score - lo) / span);
    const known = fused.get(p.chunkId);
    fused.set(p.chunkId, known ? { ...known, score: known.score + add } : { ...p, score: add });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId));
}
