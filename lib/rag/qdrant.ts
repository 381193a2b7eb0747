import { createHash } from "node:crypto";
import { chunkText, type Embedder } from "./embeddings";
import type { Glossary } from "./glossary";
import { analyzeQuery } from "./query";
import { rankPassages } from "./rank";
import type { Passage, Retriever } from "./retriever";
import { sparseDocument, sparseQuery } from "./sparse";

/**
 * Qdrant over its REST API: one collection per course with a dense vector (when an embedding
 * model is configured) and a sparse lexical vector, a keyword payload index on stage_id, and
 * hybrid queries fused by Qdrant (RRF). The stage filter is part of every prefetch.
 */
export interface QdrantConfig {
  url: string;
  apiKey?: string;
}

export interface IndexedChunk {
  id: string;
  lessonId: string;
  stageId: string;
  courseId: string;
  lessonTitle: string;
  heading: string;
  anchor: string;
  content: string;
  isSolution: boolean;
}

const collectionFor = (courseId: string) => `lessons_${courseId.replace(/[^a-z0-9_-]/gi, "_")}`;

/** Qdrant point ids must be UUIDs (or integers): a stable one per chunk id. */
function pointId(chunkId: string): string {
  const h = createHash("sha1").update(chunkId).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function qdrantClient(config: QdrantConfig) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${config.url.replace(/\/$/, "")}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(config.apiKey ? { "api-key": config.apiKey } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok)
      throw new Error(`Qdrant ${method} ${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return ((await res.json()) as { result: T }).result;
  }
  return { call };
}

export async function qdrantReachable(config: QdrantConfig): Promise<boolean> {
  try {
    await qdrantClient(config).call("GET", "/collections");
    return true;
  } catch {
    return false;
  }
}

/** (Re)creates the course's collection and loads every chunk into it. */
export async function indexIntoQdrant(
  config: QdrantConfig,
  embedder: Embedder | null,
  courseId: string,
  chunks: IndexedChunk[],
) {
  const q = qdrantClient(config);
  const name = collectionFor(courseId);
  const dense = embedder && chunks.length > 0 ? await embedder.embed(chunks.map(chunkText)) : null;
  await q.call("DELETE", `/collections/${name}`).catch(() => undefined);
  await q.call("PUT", `/collections/${name}`, {
    ...(dense?.[0] ? { vectors: { dense: { size: dense[0].length, distance: "Cosine" } } } : { vectors: {} }),
    sparse_vectors: { sparse: { modifier: "idf" } },
  });
  await q.call("PUT", `/collections/${name}/index`, { field_name: "stage_id", field_schema: "keyword" });
  for (let i = 0; i < chunks.length; i += 64) {
    const batch = chunks.slice(i, i + 64).map((c, j) => ({
      id: pointId(c.id),
      vector: { ...(dense ? { dense: dense[i + j] } : {}), sparse: sparseDocument(c) },
      payload: {
        chunk_id: c.id,
        lesson_id: c.lessonId,
        stage_id: c.stageId,
        lesson_title: c.lessonTitle,
        heading: c.heading,
        anchor: c.anchor,
        content: c.content,
        is_solution: c.isSolution,
      },
    }));
    await q.call("PUT", `/collections/${name}/points?wait=true`, { points: batch });
  }
}

/**
 * `glossary` gives the course glossary for question expansion (the app reads it from the
 * database); results are ranked per lesson with diversity, like full-text search.
 */
export function qdrantRetriever(
  config: QdrantConfig,
  embedder: Embedder | null,
  glossary: (courseId: string) => Promise<Glossary> = async () => [],
): Retriever {
  const q = qdrantClient(config);
  return {
    kind: "qdrant",
    async search({ query, courseId, stageIds, limit, lessonId }) {
      if (stageIds.length === 0 || !query.trim()) return [];
      const terms = analyzeQuery(query, await glossary(courseId));
      if (terms.length === 0 && !embedder) return [];
      const filter = { must: [{ key: "stage_id", match: { any: stageIds } }] };
      const [embedding] = embedder ? await embedder.embed([query]) : [];
      const wide = limit * 3;
      const prefetch = [
        ...(terms.length > 0 ? [{ query: sparseQuery(terms), using: "sparse", limit: wide, filter }] : []),
        ...(embedding ? [{ query: embedding, using: "dense", limit: wide, filter }] : []),
      ];
      const result = await q.call<{ points: { score: number; payload: Record<string, unknown> }[] }>(
        "POST",
        `/collections/${collectionFor(courseId)}/points/query`,
        { prefetch, query: { fusion: "rrf" }, filter, limit: wide, with_payload: true },
      );
      const passages = result.points.map(
        (p): Passage => ({
          chunkId: String(p.payload.chunk_id),
          lessonId: String(p.payload.lesson_id),
          stageId: String(p.payload.stage_id),
          lessonTitle: String(p.payload.lesson_title),
          heading: String(p.payload.heading),
          anchor: String(p.payload.anchor),
          content: String(p.payload.content),
          isSolution: Boolean(p.payload.is_solution),
          score: p.score,
        }),
      );
      return rankPassages(passages, { limit, lessonId });
    },
  };
}
