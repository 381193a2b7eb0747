import type { Executor } from "@/db/client";
import { nearestChunks, vectorStoreAvailable } from "@/db/queries/vectors";
import type { Embedder } from "./embeddings";
import { weightedScoreFusion } from "./fusion";
import { lexicalSearch } from "./lexical";
import { rankPassages } from "./rank";
import type { Passage, Retriever } from "./retriever";

/**
 * The default retriever: Postgres full-text search (lib/rag/lexical.ts), fused by score with
 * pgvector nearest neighbours when an embedding model is configured and the extension
 * exists, then ranked per lesson again. Full-text weighs more: it knows the course's words,
 * typos and glossary, and says how well a passage matches. Both queries carry the stage filter.
 */
const DENSE_WEIGHT = 0.3;
const POOL = 20;
export function postgresRetriever(db: Executor, embedder: Embedder | null = null): Retriever {
  return {
    kind: "postgres",
    async search(q) {
      if (!embedder || !(await vectorStoreAvailable(db))) return lexicalSearch(db, q);
      const wide = { ...q, limit: Math.max(POOL, q.limit * 2) };
      const [lexical, [embedding]] = await Promise.all([lexicalSearch(db, wide), embedder.embed([q.query])]);
      if (!embedding) return lexical.slice(0, q.limit);
      const dense = (await nearestChunks({ db, embedding, model: embedder.name, ...wide })) as unknown as Passage[];
      const fused = weightedScoreFusion(
        lexical,
        dense.map((d) => ({ ...d, score: Number(d.score) })),
        DENSE_WEIGHT,
      );
      return rankPassages(fused, { limit: q.limit, lessonId: q.lessonId });
    },
  };
}
