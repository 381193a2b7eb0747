import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/db/client";

/**
 * Creating a PGlite database runs initdb inside WASM (seconds per test file on this machine);
 * loading a dumped data directory does not. Once per run (and cached across runs until the
 * migrations change) a migrated in-memory database is dumped to a file that every test file
 * loads instead of starting from scratch; a blank one (initdb only) serves the tests that
 * migrate step by step.
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

const pgliteVersion = (): string =>
  JSON.parse(fs.readFileSync(path.join(root, "node_modules/@electric-sql/pglite/package.json"), "utf8")).version;

/**
 * The migrated template (cached until the migrations change), or with `migrated: false` a blank
 * one, straight after initdb, for the tests that migrate step by step (cached per PGlite version).
 * The migrated one starts from the blank one, so a fresh checkout runs initdb once, not twice.
 */
export async function ensurePgliteTemplate({ migrated = true }: { migrated?: boolean } = {}): Promise<string> {
  const name = migrated ? `pglite-${migrationsHash()}.tar` : `pglite-blank-${pgliteVersion()}.tar`;
  const file = path.join(root, "node_modules/.cache/itutor", name);
  if (fs.existsSync(file)) return file;
  const template = migrated ? new Blob([fs.readFileSync(await ensurePgliteTemplate({ migrated: false }))]) : undefined;
  const handle = await openDatabase({ driver: "pglite", dataDir: "" }, { inMemory: true, template });
  if (migrated) await handle.migrate();
  const client = (
    handle.db as unknown as { $client: { waitReady: Promise<void>; dumpDataDir(c: "none"): Promise<Blob> } }
  ).$client;
  // A dump before the database is up never settles (migrating waits for it; a blank one must).
  await client.waitReady;
  const dump = await client.dumpDataDir("none");
  await handle.close();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written beside and renamed, so a parallel run never reads half a file.
  const partial = `${file}.${process.pid}`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, file);
  return file;
}

/** vitest globalSetup: make the templates and tell the test files where they are. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide("pgliteTemplate", await ensurePgliteTemplate());
  project.provide("pgliteBlankTemplate", await ensurePgliteTemplate({ migrated: false }));
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgliteBlankTemplate: string;
  }
}
