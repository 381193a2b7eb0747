import type { Executor } from "@/db/client";
import type { Env } from "@/lib/env";
import { courseIndex } from "./course-index";
import { embedderFromEnv } from "./embeddings";
import { postgresRetriever } from "./postgres";
import { qdrantRetriever } from "./qdrant";
import type { Retriever } from "./retriever";

/** QDRANT_URL selects Qdrant; otherwise Postgres full-text (+ pgvector with EMBEDDING_MODEL). */
export function retrieverFor(config: Pick<Env, "qdrant" | "model">, db: Executor): Retriever {
  const embedder = embedderFromEnv(config);
  return config.qdrant
    ? qdrantRetriever(config.qdrant, embedder, async (courseId) => (await courseIndex(db, courseId)).glossary)
    : postgresRetriever(db, embedder);
}
