import { parseArgs } from "node:util";
import { getDatabase } from "@/db/client";
import { ensureSigningKey } from "@/lib/auth/instance";
import { indexChanged, reindexAll, seedFromDir } from "@/lib/content/seed";
import { env } from "@/lib/env";
import { embedderFromEnv } from "@/lib/rag/embeddings";
import { syncRetrievalIndex } from "@/lib/rag/ingest";
import { type Command, progress } from "./types";

export const dbMigrate: Command = {
  name: "db:migrate",
  usage: "db:migrate",
  summary: "apply the committed SQL migrations to the configured database",
  async run() {
    const handle = await getDatabase();
    // PGlite migrates itself on open; servers are migrated here.
    if (handle.driver !== "pglite") await handle.migrate();
    await ensureSigningKey();
    console.log(`migrations applied (${handle.driver}); signing key ready`);
  },
};

export const dbSeed: Command = {
  name: "db:seed",
  usage: "db:seed [--dir content]",
  summary: "load the course from content/ (idempotent; changed files update their lessons)",
  async run(args) {
    const { values } = parseArgs({ args, options: { dir: { type: "string" } } });
    const handle = await getDatabase();
    if (handle.driver !== "pglite") await handle.migrate();
    const report = await seedFromDir({ db: handle.db, dir: values.dir });
    await indexChanged({ db: handle.db, report });
    console.log(
      `course ${report.courseId}: ${report.created.length} created, ${report.updated.length} updated, ` +
        `${report.unchanged.length} unchanged`,
    );
    if (report.conflicts.length > 0) {
      console.log(`not updated (edited in the app since the last seed): ${report.conflicts.join(", ")}`);
    }
  },
};

export const contentReindex: Command = {
  name: "content:reindex",
  usage: "content:reindex",
  summary: "rebuild the retrieval chunks of every lesson",
  async run() {
    const handle = await getDatabase();
    const result = await reindexAll({
      db: handle.db,
      onProgress: (done, total, id) => progress(done, total, id),
    });
    const config = env();
    const index = await syncRetrievalIndex({ db: handle.db, embedder: embedderFromEnv(config), qdrant: config.qdrant });
    console.log(
      `reindexed ${result.lessons} lessons into ${result.chunks} chunks (${index.embedded} embedded, ${index.qdrantPoints} sent to Qdrant)`,
    );
  },
};
