import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

/** The cheapest round trip that proves the database answers. */
export async function pingDatabase({ db }: { db: Executor }): Promise<void> {
  await db.execute(sql`select 1`);
}
