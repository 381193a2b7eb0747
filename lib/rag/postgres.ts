import type { Executor } from "@/db/client";
import { searchChunks } from "@/db/queries/retrieval";
import { nearestChunks, vectorStoreAvailable } from "@/db/queries/vectors";
import type { Embedder } from "./embeddings";
import { reciprocalRankFusion } from "./fusion";
import type { Passage, Retriever } from "./retriever";

/**
 * The default retriever: Postgres full-text search, fused (RRF) with pgvector nearest
 * neighbours when an embedding model is configured and the extension exists. Both queries
 * carry the stage filter themselves.
 */
export function postgresRetriever(db: Executor, embedder: Embedder | null = null): Retriever {
  return {
    kind: "postgres",
    async search(q) {
      const wide = { ...q, limit: q.limit * 2 };
      const lexical: Passage[] = (await searchChunks({ db, ...wide })).map((r) => ({ ...r, score: Number(r.score) }));
      if (!embedder || !(await vectorStoreAvailable(db))) return lexical.slice(0, q.limit);
      const [embedding] = await embedder.embed([q.query]);
      if (!embedding) return lexical.slice(0, q.limit);
      const dense = (await nearestChunks({ db, embedding, model: embedder.name, ...wide })) as unknown as Passage[];
      return reciprocalRankFusion([lexical, dense.map((d) => ({ ...d, score: Number(d.score) }))], q.limit);
    },
  };
}
