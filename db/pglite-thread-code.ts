/**
 * The code of the embedded database's thread (see pglite-thread.ts). It runs from a string, so
 * there is no file to bundle; `@electric-sql/pglite` resolves from the working directory, the
 * project root, as `db/migrations` does.
 *
 * Messages in: { id, op: "query" | "exec", sql, params?, options?, tx? }, { id, op: "begin" },
 * { id, op: "end", tx, commit }, { id, op: "close" }. Out: { ready } or { ready, error } once,
 * then { id, result } or { id, error } for each message.
 */
export const PGLITE_THREAD_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const identity = (value) => value;
const ROLLBACK = Symbol("rollback");
const transactions = new Map();
let nextTx = 1;
let db;

// Only the parsers the main thread checked to be identity functions cross as type ids.
function queryOptions(options) {
  if (!options) return undefined;
  const parsers = {};
  for (const oid of options.rawTypes ?? []) parsers[oid] = identity;
  return { rowMode: options.rowMode, parsers };
}

// Structured cloning keeps only an error's message, so its fields (SQLSTATE code, constraint,
// detail...) travel as plain values.
function plainError(err) {
  const out = { name: err?.name ?? "Error", message: String(err?.message ?? err) };
  for (const [key, value] of Object.entries(err ?? {})) {
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) out[key] = value;
  }
  return out;
}

function target(tx) {
  if (tx === undefined) return db;
  const open = transactions.get(tx);
  if (!open) throw new Error("Transaction is closed");
  return open.tx;
}

async function begin() {
  const id = nextTx++;
  const open = {};
  const started = new Promise((resolve) => {
    open.done = db.transaction(
      (tx) =>
        new Promise((finish, abort) => {
          Object.assign(open, { tx, finish, abort });
          resolve();
        }),
    );
  });
  open.done.catch(() => {});
  transactions.set(id, open);
  try {
    await Promise.race([started, open.done]);
  } catch (err) {
    transactions.delete(id);
    throw err;
  }
  return id;
}

async function end(tx, commit) {
  const open = transactions.get(tx);
  if (!open) throw new Error("Transaction is closed");
  transactions.delete(tx);
  if (commit) open.finish();
  else open.abort(ROLLBACK);
  try {
    await open.done;
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return null;
}

async function handle(message) {
  switch (message.op) {
    case "query":
      return target(message.tx).query(message.sql, message.params, queryOptions(message.options));
    case "exec":
      return target(message.tx).exec(message.sql, queryOptions(message.options));
    case "begin":
      return begin();
    case "end":
      return end(message.tx, message.commit);
    case "close":
      await db.close();
      return null;
    default:
      throw new Error("unknown operation " + message.op);
  }
}

(async () => {
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const template = workerData.template ? { loadDataDir: new Blob([workerData.template]) } : {};
  db = new PGlite(workerData.dataDir, { extensions: { vector, pg_trgm }, ...template });
  await db.waitReady;
  parentPort.on("message", (message) => {
    handle(message).then(
      (result) => parentPort.postMessage({ id: message.id, result }),
      (err) => parentPort.postMessage({ id: message.id, error: plainError(err) }),
    );
  });
  parentPort.postMessage({ ready: true });
})().catch((err) => parentPort.postMessage({ ready: true, error: plainError(err) }));
`;
