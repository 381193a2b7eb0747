import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { TestDatabase } from "./db";

/**
 * The planner's plan for a statement, as one text, with the given ways of reading priced out
 * (`enable_seqscan` …): on a test's small tables a scan is cheapest, so a test that an index can
 * serve a statement turns the alternatives off and reads what is left.
 */
export async function planOf(db: TestDatabase, build: (tx: Executor) => Promise<SQL> | SQL, priceOut: string[]) {
  return db.db.transaction(async (tx) => {
    for (const setting of priceOut) await tx.execute(sql.raw(`set local ${setting} = off`));
    const result = (await tx.execute(sql`explain ${await build(tx)}`)) as unknown as { rows: Record<string, string>[] };
    return result.rows.map((row) => Object.values(row).join(" ")).join("\n");
  });
}
