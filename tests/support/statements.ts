import { vi } from "vitest";
import type { Db } from "@/db/client";

/**
 * Records the SQL of every statement a database handle sends while `run` runs (the driver's
 * `query`, which drizzle calls once per statement), for tests that count round trips, and the
 * most statements that were waiting for an answer at once (1: each waited for the one before).
 */
export async function statementsDuring<T>(
  db: Db,
  run: () => Promise<T>,
): Promise<{ result: T; statements: string[]; maxInFlight: number }> {
  const client = (db as unknown as { $client: { query: (...args: unknown[]) => Promise<unknown> } }).$client;
  const original = client.query.bind(client);
  const statements: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const spy = vi.spyOn(client, "query").mockImplementation((...args: unknown[]) => {
    const [text] = args;
    statements.push(typeof text === "string" ? text : String((text as { text?: string }).text));
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    return original(...args).finally(() => inFlight--);
  });
  try {
    const result = await run();
    return { result, statements, maxInFlight };
  } finally {
    spy.mockRestore();
  }
}
