import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import type { Db, DbHandle } from "@/db/client";
import * as schema from "@/db/schema";

/**
 * Starting PGlite from the migrated template still costs 1.5–3 s per test file (Postgres
 * starting inside WASM). Test files share workers (isolate: false), so a database a file has
 * closed is kept for the next file in the same worker instead: emptied (every table truncated,
 * identities restarted, the session discarded) and checked against the template's schema
 * fingerprint. A database whose schema, functions, roles, extensions or migrations differ from
 * the template's after the reset is closed instead, and the next file gets a fresh one.
 */
const idle: PGlite[] = [];
const KEEP = 2;
let templateFingerprint: string | undefined;

const migrationsFolder = path.join(process.cwd(), "db/migrations");

const FINGERPRINT = `
select md5(coalesce(string_agg(x, ',' order by x), '')) as fp from (
  select 'c:' || n.nspname || '.' || c.relname || ':' || c.relkind::text
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_t%'
  union all select 'a:' || a.attrelid::regclass::text || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod)
    || ':' || a.attnotnull || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where n.nspname in ('public', 'drizzle') and a.attnum > 0 and not a.attisdropped
  union all select 'k:' || conrelid::regclass::text || '.' || conname || ':' || pg_get_constraintdef(oid)
    from pg_constraint where connamespace in (select oid from pg_namespace where nspname in ('public', 'drizzle'))
  union all select 'i:' || indexrelid::regclass::text || ':' || pg_get_indexdef(indexrelid)
    from pg_index where indrelid in (select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'drizzle'))
  union all select 'p:' || p.oid::regprocedure::text || ':' || md5(p.prosrc)
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('public', 'drizzle')
  union all select 't:' || tgrelid::regclass::text || '.' || tgname from pg_trigger where not tgisinternal
  union all select 'r:' || rolname from pg_roles
  union all select 'e:' || extname || ':' || extversion from pg_extension
  union all select 'm:' || hash || ':' || created_at from drizzle.__drizzle_migrations
  union all select 's:' || name || '=' || setting from pg_settings where source not in ('default', 'override')
) s(x)`;

async function fingerprint(client: PGlite): Promise<string> {
  const { rows } = await client.query<{ fp: string }>(FINGERPRINT);
  return rows[0]?.fp ?? "";
}

/** Empties a database a test file has finished with; true if it now matches the template. */
async function reset(client: PGlite): Promise<boolean> {
  const { rows } = await client.query<{ t: string }>(
    "select format('%I.%I', schemaname, tablename) as t from pg_tables where schemaname = 'public'",
  );
  if (rows.length > 0) await client.exec(`truncate ${rows.map((r) => r.t).join(", ")} restart identity cascade`);
  await client.exec("discard all");
  return (await fingerprint(client)) === templateFingerprint;
}

/** A handle on `client` for one test file; closing it hands the database back for the next file. */
function lend(client: PGlite): DbHandle {
  let returned = false;
  // The file's handle stops working once returned, as a closed database would.
  const view = new Proxy(client, {
    get(target, prop) {
      if (returned) throw new Error("this test database was closed");
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const db = drizzle({ client: view, schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    migrate: () => migrate(db as never, { migrationsFolder }),
    async close() {
      if (returned) return;
      returned = true;
      const clean = idle.length < KEEP && !client.closed && (await reset(client).catch(() => false));
      if (clean) idle.push(client);
      else if (!client.closed) await client.close();
    },
  };
}

/** A migrated database: one a previous file returned, or a new one from `open` (from the template). */
export async function borrowPglite(open: () => Promise<DbHandle>): Promise<DbHandle> {
  const reused = idle.pop();
  if (reused) return lend(reused);
  const fresh = await open();
  const client = (fresh.db as unknown as { $client: PGlite }).$client;
  templateFingerprint ??= await fingerprint(client);
  return lend(client);
}

/**
 * Closes the databases kept for reuse. Vitest ends its workers itself; a plain process that
 * borrowed one (`npm run bench`) must call this, or Postgres's own timers inside an open
 * PGlite keep the process running after its work is done.
 */
export async function closeIdlePglite(): Promise<void> {
  const open = idle.splice(0);
  await Promise.all(open.map((client) => client.close()));
}
