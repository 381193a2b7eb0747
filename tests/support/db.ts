import { randomBytes } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type DbHandle, openDatabase } from "@/db/client";
import type { DatabaseConfig } from "@/lib/env";
import { borrowPglite } from "./pglite-pool";
import { ensurePgliteTemplate } from "./pglite-template";
import { startWsProxy } from "./ws-proxy";

export type TestDriver = "pglite" | "pg" | "neon";

export const testDriver = (): TestDriver => (process.env.TEST_DB_DRIVER as TestDriver | undefined) ?? "pglite";

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL must point at a Postgres the tests may create databases on");
  return url;
}

let proxy: ReturnType<typeof startWsProxy> | undefined;

async function configureNeonForLocalProxy(): Promise<void> {
  proxy ??= startWsProxy();
  const { port } = await proxy;
  const { neonConfig } = await import("@neondatabase/serverless");
  neonConfig.wsProxy = (host, p) => `127.0.0.1:${port}/v2?address=${host}:${p}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

/** The migrated PGlite data directory that tests/support/pglite-template.ts made for this run. */
export const pgliteTemplate = () => new Blob([fs.readFileSync(inject("pgliteTemplate"))]);

/**
 * A template inside Vitest (the migrated one, or the blank one made right after initdb); outside
 * it (`npm run bench` reuses these helpers) made or reused here.
 */
async function anyPgliteTemplate(migrated: boolean): Promise<Blob> {
  try {
    return new Blob([fs.readFileSync(inject(migrated ? "pgliteTemplate" : "pgliteBlankTemplate"))]);
  } catch {
    return new Blob([fs.readFileSync(await ensurePgliteTemplate({ migrated }))]);
  }
}

export interface TestDatabase extends DbHandle {
  /** The config an app process (the CLI, say) would use to reach this same database. */
  config: DatabaseConfig;
}

/**
 * A fresh, migrated (unless told not to) database for one test file: an in-memory PGlite (one an
 * earlier file in this worker closed, emptied: tests/support/pglite-pool.ts), or a new database on
 * TEST_DATABASE_URL reached through node-postgres or the Neon driver. Dropped on close.
 */
export async function createTestDatabase({ migrate = true }: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const driver = testDriver();
  if (driver === "pglite") {
    const config: DatabaseConfig = { driver: "pglite", dataDir: "" };
    // The migrated template would defeat a test that migrates step by step itself: it gets a
    // blank database (loaded from a dump made after initdb, which is the slow part in WASM).
    if (!migrate)
      return { ...(await openDatabase(config, { inMemory: true, template: await anyPgliteTemplate(false) })), config };
    const handle = await borrowPglite(async () =>
      openDatabase(config, { inMemory: true, template: await anyPgliteTemplate(true) }),
    );
    await handle.migrate();
    return { ...handle, config };
  }

  const admin = new URL(adminUrl());
  const name = `test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`create database "${name}"`);
  await client.end();

  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  if (driver === "neon") await configureNeonForLocalProxy();
  const config: DatabaseConfig = { driver, url: url.toString() };
  const handle = await openDatabase(config);
  if (migrate) await handle.migrate();
  return {
    ...handle,
    config,
    async close() {
      await handle.close();
      await dropDatabase(admin, name);
    },
  };
}

const INSUFFICIENT_PRIVILEGE = "42501";

/**
 * Drops a test database, ending its connections. An autovacuum worker that happens to be in
 * the database can only be ended by pg_signal_backend members (CI grants it); without that
 * grant, wait for the worker to leave and try again rather than fail a suite that passed.
 */
async function dropDatabase(admin: URL, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      // A pool's end() can resolve before the server has seen its connections go (the Neon
      // driver closes through a WebSocket proxy); dropping "with (force)" then ends them under
      // a client that reports it as an uncaught error. Wait for them first (2 s at most).
      for (let i = 0; i < 40; i++) {
        const open = await c.query(
          "select 1 from pg_stat_activity where datname = $1 and backend_type = 'client backend'",
          [name],
        );
        if (open.rowCount === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await c.query(`drop database if exists "${name}" with (force)`);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== INSUFFICIENT_PRIVILEGE || attempt >= 20) {
        throw new Error(`could not drop test database ${name}: ${(error as Error).message}`, { cause: error });
      }
    } finally {
      await c.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Inserts users directly (tests that need progress rows but not sign-in). */
export async function insertUsers(db: DbHandle["db"], ids: string[], role = "student"): Promise<void> {
  const { user } = await import("@/db/schema");
  await db
    .insert(user)
    .values(ids.map((id) => ({ id, name: id, email: `${id}@example.test`, emailVerified: true, role })))
    .onConflictDoNothing();
}
