import type { Executor } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { postgresRetriever } from "./postgres";
import type { Retriever } from "./retriever";

/** The retriever for this deployment: Postgres full-text search by default. */
export function retrieverFor(_config: Pick<Env, "qdrant">, db: Executor): Retriever {
  return postgresRetriever(db);
}
