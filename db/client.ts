import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { type DatabaseConfig, env } from "@/lib/env";
import { acquireDirLock } from "./lock";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  driver: DatabaseConfig["driver"];
  /** Applies the committed drizzle-kit migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), "db/migrations");

export interface OpenOptions {
  /** Who is opening the embedded database, for the lock message ("the app", "the CLI"). */
  holder?: string;
  /** PGlite only: keep the database in memory (tests). */
  inMemory?: boolean;
  /** PGlite only, for a new database: start from this data directory dump (a migrated template). */
  template?: Blob;
}

/** Opens a database for `config` with the matching driver. The caller owns the handle. */
export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<DbHandle> {
  if (config.driver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    // pgvector for dense retrieval (a separate package) and pg_trgm for typo-tolerant search
    // (PGlite's contrib build; on servers the migration creates it).
    const { vector } = await import("@electric-sql/pglite-pgvector");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const extensions = { vector, pg_trgm };
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    let release = () => {};
    let client: InstanceType<typeof PGlite>;
    if (options.inMemory) {
      client = new PGlite({ extensions, ...(options.template ? { loadDataDir: options.template } : {}) });
    } else {
      // The lock file sits beside the folder, so taking it also creates the parent folder.
      release = acquireDirLock(config.dataDir, options.holder ?? "the app");
      try {
        client = new PGlite(config.dataDir, {
          extensions,
          ...(options.template ? { loadDataDir: options.template } : {}),
        });
        await client.waitReady;
      } catch (err) {
        release();
        throw err;
      }
    }
    const db = drizzle({ client, schema, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      driver: "pglite",
      migrate: () => migrate(db as never, { migrationsFolder }),
      close: async () => {
        await client.close();
        release();
      },
    };
  }

  if (config.driver === "neon") {
    const { Pool, neonConfig } = await import("@neondatabase/serverless");
    const { drizzle } = await import("drizzle-orm/neon-serverless");
    const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
    if (typeof WebSocket === "undefined") {
      neonConfig.webSocketConstructor = (await import("ws")).default;
    }
    const pool = new Pool({ connectionString: config.url });
    const db = drizzle({ client: pool, schema, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      driver: "neon",
      migrate: () => migrate(db as never, { migrationsFolder }),
      close: () => pool.end(),
    };
  }

  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new Pool({ connectionString: config.url, max: 10 });
  const db = drizzle({ client: pool, schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "pg",
    migrate: () => migrate(db as never, { migrationsFolder }),
    close: () => pool.end(),
  };
}

// One handle per process, kept on globalThis so dev hot reloads do not open PGlite twice.
const store = globalThis as unknown as {
  __intellistackDb?: Promise<DbHandle>;
  __intellistackDbRole?: ProcessRole;
};

interface ProcessRole {
  /** Named in lock messages ("the app", "the CLI"). */
  holder: string;
}

/** The CLI calls this before its first query, so lock messages name it. */
export function setProcessRole(role: ProcessRole): void {
  store.__intellistackDbRole = role;
}

async function openAppDatabase(): Promise<DbHandle> {
  const config = env();
  if (config.isBuildPhase) {
    throw new Error("the database must not be opened during `next build`");
  }
  const role = store.__intellistackDbRole ?? { holder: "the app" };
  const handle = await openDatabase(config.database, { holder: role.holder });
  // The embedded database is the zero-setup path: bring it to the current schema on first
  // use (servers, Postgres and Neon, are migrated by `db:migrate`). Start-up loads the course.
  if (handle.driver === "pglite") await handle.migrate();
  return handle;
}

/** The process-wide database handle, opened lazily on first use. */
export function getDatabase(): Promise<DbHandle> {
  store.__intellistackDb ??= openAppDatabase().catch((err) => {
    store.__intellistackDb = undefined;
    throw err;
  });
  return store.__intellistackDb;
}

/** Installs an already-open handle as the process database (tests open their own). */
export function installDatabaseHandle(handle: DbHandle): void {
  store.__intellistackDb = Promise.resolve(handle);
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const pending = store.__intellistackDb;
  store.__intellistackDb = undefined;
  if (pending) await (await pending).close();
}

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Query functions accept either the database or an open transaction. */
export type Executor = Db | Tx;
