import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { type DatabaseConfig, env } from "@/lib/env";
import { gatePool } from "./gated-pool";
import { acquireDirLock } from "./lock";
import { nameStatements } from "./named-statements";
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

/**
 * Limits for a server database, so a frozen or unreachable one fails a request in seconds
 * instead of hanging it: connecting (or waiting for a free pooled connection), a statement on
 * the server, and the client's own wait for an answer (the one that still fires when the
 * server is frozen and cannot cancel anything). Operators' commands (migrations, retention)
 * run without the statement limits.
 */
export const DB_TIMEOUTS = { connectMs: 5_000, statementMs: 8_000, queryMs: 10_000 };

export interface OpenOptions {
  /** Who is opening the embedded database, for the lock message ("the app", "the CLI"). */
  holder?: string;
  /** Server drivers: apply the statement limits of DB_TIMEOUTS (default true). */
  statementTimeouts?: boolean;
  /** PGlite only: keep the database in memory (tests). */
  inMemory?: boolean;
  /** PGlite only, for a new database: start from this data directory dump (a migrated template). */
  template?: Blob;
}

/**
 * An in-memory PGlite on the calling thread (tests and benchmarks of queries): with pgvector for
 * dense retrieval (a separate package) and pg_trgm for typo-tolerant search (PGlite's contrib
 * build; on servers the migration creates it). A database in a folder, the app's, runs on a
 * thread of its own instead (pglite-thread.ts).
 */
async function openInProcess(template?: Blob) {
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  return new PGlite({ extensions: { vector, pg_trgm }, ...(template ? { loadDataDir: template } : {}) });
}

function poolLimits(options: OpenOptions) {
  const statements = options.statementTimeouts ?? true;
  return {
    connectionTimeoutMillis: DB_TIMEOUTS.connectMs,
    keepAlive: true,
    ...(statements ? { statement_timeout: DB_TIMEOUTS.statementMs, query_timeout: DB_TIMEOUTS.queryMs } : {}),
  };
}

/**
 * A server pool whose statements are named (prepared once per connection) unless turned off,
 * served by urgency when all its connections are busy (gated-pool.ts).
 */
const serverPool = <P extends Parameters<typeof nameStatements>[0] & Parameters<typeof gatePool>[0]>(
  config: { namedStatements?: boolean },
  pool: P,
) => gatePool(config.namedStatements === false ? pool : nameStatements(pool), DB_TIMEOUTS.connectMs);

/** Opens a database for `config` with the matching driver. The caller owns the handle. */
export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<DbHandle> {
  if (config.driver === "pglite") {
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    let client: { close(): Promise<void> };
    let release = () => {};
    if (options.inMemory) {
      client = await openInProcess(options.template);
    } else {
      // The lock file sits beside the folder, so taking it also creates the parent folder.
      release = acquireDirLock(config.dataDir, options.holder ?? "the app");
      try {
        const { PgliteThread } = await import("./pglite-thread");
        client = await PgliteThread.open(config.dataDir, options.template);
      } catch (err) {
        release();
        throw err;
      }
    }
    const db = drizzle({ client: client as never, schema, casing: "snake_case" }) as unknown as Db;
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
    const pool = serverPool(config, new Pool({ connectionString: config.url, ...poolLimits(options) }));
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
  const pool = serverPool(config, new Pool({ connectionString: config.url, max: 10, ...poolLimits(options) }));
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
  /** Whether statements are time-limited (the app: yes; an operator's CLI command: no). */
  statementTimeouts?: boolean;
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
  const handle = await openDatabase(config.database, {
    holder: role.holder,
    statementTimeouts: role.statementTimeouts,
  });
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
