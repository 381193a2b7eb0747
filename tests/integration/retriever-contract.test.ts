import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vectorStoreAvailable } from "@/db/queries/vectors";
import { seedFromDir } from "@/lib/content/seed";
import { embedderFromEnv } from "@/lib/rag/embeddings";
import { syncRetrievalIndex } from "@/lib/rag/ingest";
import { postgresRetriever } from "@/lib/rag/postgres";
import { qdrantReachable, qdrantRetriever } from "@/lib/rag/qdrant";
import type { Retriever } from "@/lib/rag/retriever";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { fixtureCourseDir } from "../support/fixtures";
import { type OpenAIStub, startOpenAIStub } from "../support/openai-stub";

/**
 * One contract every retriever passes. Embeddings come from the local OpenAI-compatible server
 * through the real provider. Qdrant runs when QDRANT_URL (or TEST_QDRANT_URL) reaches a server.
 */
let t: TestDatabase;
let stub: OpenAIStub;
const qdrantUrl = process.env.TEST_QDRANT_URL ?? process.env.QDRANT_URL;

// Which flavours this environment can run is known before the suite is declared.
const qdrantUp = qdrantUrl ? await qdrantReachable({ url: qdrantUrl }) : false;
const pgvectorUp = await (async () => {
  const probe = await createTestDatabase();
  try {
    return await vectorStoreAvailable(probe.db);
  } finally {
    await probe.close();
  }
})();
if (!qdrantUp)
  console.info(
    `[retriever-contract] Qdrant run skipped: ${qdrantUrl ? `${qdrantUrl} is not reachable` : "no QDRANT_URL / TEST_QDRANT_URL set"}`,
  );
if (!pgvectorUp) console.info("[retriever-contract] pgvector run skipped: this Postgres has no vector extension");

beforeAll(async () => {
  t = await createTestDatabase();
  stub = await startOpenAIStub();
  await seedFromDir({ db: t.db, dir: fixtureCourseDir });
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

const embedder = () =>
  embedderFromEnv({ model: { apiKey: "sk-local", baseURL: stub.url, tutorModel: "x", embeddingModel: "stub-embed" } });

const flavours: { name: string; make: () => Promise<Retriever> }[] = [
  { name: "postgres full-text", make: async () => postgresRetriever(t.db) },
  ...(pgvectorUp
    ? [
        {
          name: "postgres full-text + pgvector (score fusion)",
          make: async () => {
            const report = await syncRetrievalIndex({ db: t.db, embedder: embedder() });
            expect(report.embedded).toBeGreaterThan(0);
            return postgresRetriever(t.db, embedder());
          },
        },
      ]
    : []),
  ...(qdrantUp && qdrantUrl
    ? [
        {
          name: "qdrant hybrid",
          make: async () => {
            await syncRetrievalIndex({ db: t.db, embedder: embedder(), qdrant: { url: qdrantUrl } });
            return qdrantRetriever({ url: qdrantUrl }, embedder());
          },
        },
      ]
    : []),
];

describe.each(flavours)("retriever contract: $name", ({ make }) => {
  let retriever: Retriever;
  beforeAll(async () => {
    retriever = await make();
  });
  const search = (query: string, stageIds: string[], limit = 5) =>
    retriever.search({ query, courseId: "fixture-course", stageIds, limit });

  it("finds the passage that answers a question, with its lesson and section", async () => {
    const [top] = await search("what has a magnitude and a direction?", ["basics"]);
    expect(top).toMatchObject({
      lessonId: "vectors",
      stageId: "basics",
      lessonTitle: "Vectors",
      heading: "What is a vector",
      anchor: "what-is-a-vector",
      isSolution: false,
    });
  });

  it("never returns a passage from a stage outside the filter", async () => {
    expect(await search("zanzibar velocity derivative of position", ["basics"])).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ stageId: "motion" })]),
    );
    const opened = await search("zanzibar velocity derivative of position", ["basics", "motion"]);
    expect(opened[0]?.lessonId).toBe("velocity");
    expect(await search("vector", [])).toEqual([]);
  });

  it("flags solutions and honours the limit", async () => {
    const results = await search("sum of (1, 2) and (3, 4) solution", ["basics"], 2);
    expect(results.length).toBeLessThanOrEqual(2);
    expect(results.some((p) => p.isSolution && p.content.includes("(4, 6)"))).toBe(true);
  });

  it("treats any query text as data", async () => {
    for (const q of [`'; drop table lesson; --`, `"unbalanced`, "a & b | !c :* <->", "))))", "🙂", " "]) {
      await expect(search(q, ["basics"])).resolves.toBeInstanceOf(Array);
    }
  });
});
