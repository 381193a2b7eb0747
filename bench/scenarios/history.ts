import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { handleJson } from "@/lib/chatkit/json-handlers";
import { HIDDEN_ITEM_TYPES, type JsonRequest } from "@/lib/chatkit/protocol";
import { createChatStore } from "@/lib/chatkit/store";
import { type Line, line, type Measured } from "../support/report";
import { median } from "../support/stats";
import { insertLongThread, insertManyThreads } from "../support/world";
import type { Settings } from "./pages";

/**
 * Times `ours` and `raw` alternately, `runs` times each, so both see the same machine from one
 * moment to the next (a shared machine's load swings by several times within seconds).
 */
async function timePair(runs: number, ours: () => Promise<unknown>, raw: () => Promise<unknown>) {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, out] of i % 2
      ? ([
          [raw, b],
          [ours, a],
        ] as const)
      : ([
          [ours, a],
          [raw, b],
        ] as const)) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
  }
  return { value: median(a), baseline: median(b) };
}

const hidden = sql.join(
  [...HIDDEN_ITEM_TYPES].map((t) => sql`${t}`),
  sql`, `,
);

/**
 * The history requests the chat makes (items.list of 100, threads.get_by_id with its first 20,
 * threads.list of 50) through the ChatKit handlers, against raw SQL fetching the same rows on
 * the same connection. In process, so only the query path is compared.
 */
export async function historyScenarios(handle: DbHandle, driver: string, s: Settings): Promise<Line[]> {
  const { db } = handle;
  const { user } = await import("@/db/schema");
  await db.insert(user).values([
    { id: "history-long", name: "Long", email: "long@bench.test", emailVerified: true },
    { id: "history-many", name: "Many", email: "many@bench.test", emailVerified: true },
  ]);
  const threadId = await insertLongThread(db, { userId: "history-long", items: 1000 });
  await insertManyThreads(db, { userId: "history-many", threads: 500 });
  const long = createChatStore(db, "history-long");
  const many = createChatStore(db, "history-many");
  const runs = s.quick ? 40 : 100;

  const cases: { name: string; ours: () => Promise<unknown>; raw: () => Promise<unknown> }[] = [
    {
      name: "items.list (100) on a 1,000-item thread",
      ours: () =>
        handleJson(long, {
          type: "items.list",
          params: { thread_id: threadId, limit: 100, order: "asc" },
          metadata: {},
        } as JsonRequest),
      raw: () =>
        db.execute(sql`select id, thread_id, type, content, created_at from chat_item
          where thread_id = ${threadId} and user_id = 'history-long' and type not in (${hidden})
          order by seq asc limit 101`),
    },
    {
      name: "threads.get_by_id on a 1,000-item thread",
      ours: () =>
        handleJson(long, { type: "threads.get_by_id", params: { thread_id: threadId }, metadata: {} } as JsonRequest),
      raw: async () => {
        await db.execute(sql`select id, title, status, created_at from chat_thread
          where id = ${threadId} and user_id = 'history-long'`);
        await db.execute(sql`select id, thread_id, type, content, created_at from chat_item
          where thread_id = ${threadId} and user_id = 'history-long' and type not in (${hidden})
          order by seq asc limit 21`);
      },
    },
    {
      name: "threads.list (50) for a user with 500 threads",
      ours: () =>
        handleJson(many, { type: "threads.list", params: { limit: 50, order: "desc" }, metadata: {} } as JsonRequest),
      raw: () =>
        db.execute(sql`select id, title, status, created_at from chat_thread where user_id = 'history-many'
          order by created_at desc, id desc limit 51`),
    },
  ];

  const lines: Line[] = [];
  for (const c of cases) {
    await timePair(10, c.ours, c.raw);
    const measured: Measured[] = [];
    for (let rep = 0; rep < s.reps; rep++) measured.push(await timePair(runs, c.ours, c.raw));
    lines.push(
      line(
        {
          name: `${c.name} p50 [${driver}]`,
          unit: "ms",
          baselineLabel: "raw SQL",
          goal: { on: "ratio", op: "<=", target: 2 },
        },
        measured,
      ),
    );
  }
  return lines;
}
