import "server-only";
import { getDb } from "@/db/client";
import { countChunks } from "@/db/queries/content";
import { pingDatabase } from "@/db/queries/health";
import { env } from "@/lib/env";
import { qdrantReachable } from "@/lib/rag/qdrant";

export interface Health {
  ok: boolean;
  body: {
    status: "ok" | "down";
    db: "ok" | "down";
    retriever: { kind: "postgres" | "qdrant"; status: "ok" | "empty" | "down"; chunks?: number };
    model: { mode: "llm" | "retrieval-only"; name?: string };
    down?: string[];
  };
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms))]);

/** What /api/health reports: the database, the retriever and the model configuration. */
export async function checkHealth(): Promise<Health> {
  const config = env();
  const down: string[] = [];
  let db: "ok" | "down" = "ok";
  let chunks: number | undefined;
  try {
    const conn = await withTimeout(getDb(), 10_000);
    await withTimeout(pingDatabase({ db: conn }), 3_000);
    chunks = await countChunks({ db: conn });
  } catch (err) {
    console.error(`[health] database: ${(err as Error).message}`);
    db = "down";
    down.push("db");
  }
  const kind = config.qdrant ? "qdrant" : "postgres";
  const qdrantDown = config.qdrant ? !(await qdrantReachable(config.qdrant)) : false;
  const retrieverStatus = (db === "down" && kind === "postgres") || qdrantDown ? "down" : chunks === 0 ? "empty" : "ok";
  if (retrieverStatus === "down") down.push("retriever");
  const model = config.model.apiKey
    ? { mode: "llm" as const, name: config.model.tutorModel }
    : { mode: "retrieval-only" as const };
  return {
    ok: down.length === 0,
    body: {
      status: down.length === 0 ? "ok" : "down",
      db,
      retriever: { kind, status: retrieverStatus, chunks },
      model,
      ...(down.length > 0 ? { down } : {}),
    },
  };
}
