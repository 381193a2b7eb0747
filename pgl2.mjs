import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";

let t = performance.now();
const lap = (m) => {
  const n = performance.now();
  console.log(m, Math.round(n - t));
  t = n;
};
const db = new PGlite({ extensions: { vector } });
await db.waitReady;
lap("init");
const sql = fs
  .readdirSync("db/migrations")
  .filter((f) => f.endsWith(".sql"))
  .sort()
  .map((f) => fs.readFileSync("db/migrations/" + f, "utf8").replaceAll("--> statement-breakpoint", ""));
for (const s of sql) await db.exec(s);
lap("migrate");
const dump = await db.dumpDataDir("none");
lap("dump " + dump.size);
await db.close();
const db2 = new PGlite({ extensions: { vector }, loadDataDir: dump });
await db2.waitReady;
lap("load from dump");
console.log((await db2.query("select count(*) from information_schema.tables where table_schema='public'")).rows);
const db3 = new PGlite({ extensions: { vector } });
await db3.waitReady;
lap("init2");
