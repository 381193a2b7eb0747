import { createHash } from "node:crypto";
import type { QueryTerm } from "./query";
import { bigramsOf, termsOf } from "./terms";

/**
 * Sparse term vectors for Qdrant's hybrid search, from the same analysis as full-text search
 * (stems, bigrams, glossary wordings): each lexeme hashed into a large index space with a
 * weight. Qdrant applies IDF itself (`modifier: idf`), so this is BM25-like lexical search.
 */
const SPACE = 1_000_003;
const indexOf = (lexeme: string) => createHash("sha1").update(lexeme).digest().readUInt32BE(0) % SPACE;

function toVector(weights: Map<number, number>) {
  const indices = [...weights.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => weights.get(i) as number) };
}

/** A passage: its title and heading count double, its text once per occurrence. */
export function sparseDocument(fields: { lessonTitle: string; heading: string; content: string }) {
  const weights = new Map<number, number>();
  const add = (text: string, weight: number) => {
    const terms = termsOf(text);
    for (const lexeme of [...terms, ...bigramsOf(terms)]) {
      const i = indexOf(lexeme);
      weights.set(i, (weights.get(i) ?? 0) + weight);
    }
  };
  add(`${fields.lessonTitle}\n${fields.heading}`, 2);
  add(fields.content, 1);
  return toVector(weights);
}

/** A question, as analysed terms with their weights. */
export function sparseQuery(terms: QueryTerm[]) {
  const weights = new Map<number, number>();
  for (const t of terms) weights.set(indexOf(t.lexeme), Math.max(weights.get(indexOf(t.lexeme)) ?? 0, t.weight));
  return toVector(weights);
}
