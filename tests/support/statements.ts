import { vi } from "vitest";
import type { Db } from "@/db/client";

/**
 * Records the SQL of every statement a database handle sends while `run` runs (the driver's
 * `query`, which drizzle calls once per statement), for tests that count round trips.
 */
export async function statementsDuring<T>(db: Db, run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const client = (db as unknown as { $client: { query: (...args: unknown[]) => Promise<unknown> } }).$client;
  const original = client.query.bind(client);
  const statements: string[] = [];
  const spy = vi.spyOn(client, "query").mockImplementation((...args: unknown[]) => {
    const [text] = args;
    statements.push(typeof text === "string" ? text : String((text as { text?: string }).text));
    return original(...args);
  });
  try {
    return { result: await run(), statements };
  } finally {
    spy.mockRestore();
  }
}
