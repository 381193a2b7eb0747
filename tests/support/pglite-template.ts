import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/db/client";

/**
 * Creating a PGlite database runs initdb inside WASM (seconds per test file on this machine);
 * loading a dumped data directory does not. Once per run (and cached across runs until the
 * migrations change) a migrated in-memory database is dumped to a file that every test file
 * loads instead of starting from scratch.
 */
const root = path.resolve(import.meta.dirname, "../..");

function migrationsHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(fs.readFileSync(full));
    }
  };
  walk(path.join(root, "db/migrations"));
  return hash.digest("hex").slice(0, 16);
}

export async function ensurePgliteTemplate(): Promise<string> {
  const file = path.join(root, "node_modules/.cache/itutor", `pglite-${migrationsHash()}.tar`);
  if (fs.existsSync(file)) return file;
  const handle = await openDatabase({ driver: "pglite", dataDir: "" }, { inMemory: true });
  await handle.migrate();
  const client = (handle.db as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir("none");
  await handle.close();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written beside and renamed, so a parallel run never reads half a file.
  const partial = `${file}.${process.pid}`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, file);
  return file;
}

/** vitest globalSetup: make the template and tell the test files where it is. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide("pgliteTemplate", await ensurePgliteTemplate());
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
