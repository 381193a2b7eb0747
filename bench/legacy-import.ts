/**
 * Legacy user migration: the import rate for 10,000 users, and a burst of first sign-ins with a
 * bcrypt hash through the app (the real /api/auth handler) against bare bcrypt verification at
 * the same cost and concurrency. A first sign-in answers after the bcrypt check and leaves the
 * rehash to the app's scrypt scheme to a background queue, so that deferred work is measured
 * too: how long the backlog takes to drain after the burst, and the whole (burst + drain)
 * against bare bcrypt + one scrypt hash, the same cryptographic work.
 */
import { performance } from "node:perf_hooks";
import { hash as bcryptHash, verify as bcryptVerify } from "@node-rs/bcrypt";
import { and, eq, sql } from "drizzle-orm";
import { authEvent } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password-hash";
import { rehashQueue } from "@/lib/auth/rehash-queue";
import { executeImport } from "@/lib/migration/import";
import { planImport } from "@/lib/migration/plan";
import { call, createTestAuth } from "../tests/support/auth";
import { createTestDatabase } from "../tests/support/db";
import { legacyUserSet, toJsonLines } from "../tests/support/legacy-users";

const operator = { by: "bench" };
const encode = (text: string) => new TextEncoder().encode(text);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Runs `tasks` with at most `concurrency` in flight; returns the milliseconds it took. */
async function timed(tasks: (() => Promise<unknown>)[], concurrency: number): Promise<number> {
  const queue = [...tasks];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    }),
  );
  return performance.now() - started;
}

/** Operations per second. */
async function throughput(tasks: (() => Promise<unknown>)[], concurrency: number): Promise<number> {
  return tasks.length / ((await timed(tasks, concurrency)) / 1000);
}

async function importRate(driver: "pglite" | "pg"): Promise<void> {
  const previous = process.env.TEST_DB_DRIVER;
  process.env.TEST_DB_DRIVER = driver;
  const db = await createTestDatabase();
  process.env.TEST_DB_DRIVER = previous;
  try {
    const set = await legacyUserSet(10_000);
    const bytes = encode(toJsonLines(set.records));
    let started = performance.now();
    const plan = await planImport({ db: db.db, bytes, fileName: "bench.jsonl" });
    const checkMs = performance.now() - started;
    started = performance.now();
    const outcome = await executeImport({ db: db.db, plan, operator });
    const writeMs = performance.now() - started;
    const total = (checkMs + writeMs) / 1000;
    console.log(
      `${`import 10,000 users (${driver})`.padEnd(36)} ${Math.round(outcome.created / total)} users/s   (check ${Math.round(checkMs)} ms, write ${Math.round(writeMs)} ms)`,
    );
  } finally {
    await db.close();
  }
}

async function signInThroughput({
  cost,
  concurrency,
  perRound,
  rounds,
}: {
  cost: number;
  concurrency: number;
  perRound: number;
  rounds: number;
}) {
  const ctx = await createTestAuth();
  try {
    const n = perRound * rounds;
    const password = (i: number) => `Bench-Harbor-${i.toString(36)}-lantern-Ovq!`;
    const hashes = await Promise.all(Array.from({ length: n }, (_, i) => bcryptHash(password(i), cost)));
    const records = hashes.map((h, i) => ({
      id: `bench-${cost}-${i}`,
      email: `bench-${cost}-${i}@legacy.example`,
      name: `Bench ${i}`,
      email_verified: true,
      password_hash: h,
      role: "student",
      created_at: "2020-01-01T00:00:00.000Z",
      accounts: [],
    }));
    const plan = await planImport({ db: ctx.db.db, bytes: encode(toJsonLines(records as never)), fileName: "b.jsonl" });
    await executeImport({ db: ctx.db.db, plan, operator });

    const app: number[] = [];
    const drainMs: number[] = [];
    const appWithDrain: number[] = [];
    const bare: number[] = [];
    const bareWithRehash: number[] = [];
    // Interleaved rounds, so background load on a shared machine hits every measure alike; each
    // burst's backlog is drained (and timed) before the next measure starts.
    for (let round = 0; round < rounds; round++) {
      const ids = Array.from({ length: perRound }, (_, k) => round * perRound + k);
      bare.push(
        await throughput(
          ids.map((i) => () => bcryptVerify(password(i), hashes[i] as string)),
          concurrency,
        ),
      );
      const burstMs = await timed(
        ids.map((i) => async () => {
          const res = await call("/sign-in/email", { body: { email: records[i]?.email, password: password(i) } });
          if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
        }),
        concurrency,
      );
      const drainStarted = performance.now();
      await rehashQueue().settled();
      const drained = performance.now() - drainStarted;
      app.push(perRound / (burstMs / 1000));
      drainMs.push(drained);
      appWithDrain.push(perRound / ((burstMs + drained) / 1000));
      bareWithRehash.push(
        await throughput(
          ids.map((i) => async () => {
            await bcryptVerify(password(i), hashes[i] as string);
            await hashPassword(password(i));
          }),
          concurrency,
        ),
      );
    }
    const rehashed = await ctx.db.db.$count(
      authEvent,
      and(eq(authEvent.type, "password_rehash"), sql`${authEvent.details}->>'result' = 'done'`),
    );
    if (rehashed !== n) throw new Error(`expected ${n} rehashes after the bursts, found ${rehashed}`);
    const a = median(app);
    const b = median(bare);
    const c = median(bareWithRehash);
    const d = median(appWithDrain);
    const label = `cost ${cost}, ${concurrency} in flight`;
    console.log(`${`bcrypt sign-in burst via app (${label})`.padEnd(50)} ${a.toFixed(1)}/s`);
    console.log(
      `${`bare bcrypt verify (${label})`.padEnd(50)} ${b.toFixed(1)}/s   app ratio ${(a / b).toFixed(2)} (goal ≥ 0.9)`,
    );
    console.log(
      `${`  rehash backlog after a burst of ${perRound}`.padEnd(50)} drained in ${Math.round(median(drainMs))} ms (median of ${rounds})`,
    );
    console.log(
      `${`  burst + drain via app vs bare bcrypt + scrypt`.padEnd(50)} ${d.toFixed(1)}/s vs ${c.toFixed(1)}/s   ratio ${(d / c).toFixed(2)}`,
    );
  } finally {
    await ctx.close();
  }
}

export async function benchLegacyImport(options: { postgres: boolean }): Promise<void> {
  console.log("\nlegacy user migration");
  await importRate("pglite");
  if (options.postgres) await importRate("pg");
  await signInThroughput({ cost: 10, concurrency: 4, perRound: 24, rounds: 3 });
  await signInThroughput({ cost: 12, concurrency: 4, perRound: 12, rounds: 3 });
}
