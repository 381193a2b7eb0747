import type { Executor } from "@/lib/db/client";
import { searchChunks } from "@/lib/db/queries/retrieval";
import type { Retriever } from "./retriever";

/** The default retriever: Postgres full-text search (PGlite, Postgres and Neon alike). */
export function postgresRetriever(db: Executor): Retriever {
  return {
    kind: "postgres",
    async search(q) {
      const rows = await searchChunks({ db, ...q });
      return rows.map((r) => ({ ...r, score: Number(r.score) }));
    },
  };
}
