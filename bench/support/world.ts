import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type DbHandle, openDatabase } from "@/db/client";
import { account, chatItem, chatThread, session, user } from "@/db/schema";
import { createAuth } from "@/lib/auth/auth";
import { hashPassword } from "@/lib/auth/password-hash";
import { defaultContentDir, type LoadedCourse, loadCourse } from "@/lib/content/load";
import { seedCourse } from "@/lib/content/seed";

/**
 * The data a benchmark server starts on: the shipped course, learners with live sessions (their
 * cookies signed with the server's secret, as better-auth signs them), accounts to sign in to,
 * all written straight into the database before the server opens it (PGlite allows one process).
 */
export const BENCH_SECRET = "bench-secret-bench-secret-bench-secret-0123456789";
export const BENCH_PASSWORD = "Bench-Password-9-Staple!";
const COOKIE = "better-auth.session_token";

export type Driver = "pglite" | "pg";

export interface Learner {
  id: string;
  email: string;
  cookie: string;
}

export interface World {
  driver: Driver;
  /** What the app needs to reach this database (DATA_DIR or DATABASE_URL). */
  appEnv: Record<string, string>;
  learners: Learner[];
  /** Accounts with BENCH_PASSWORD, one per parallel sign-in loop. */
  signInEmails: string[];
  lesson: { id: string; stageId: string; path: string; marker: string };
  /** Opens the database again (after the server stopped, for PGlite) to check what was stored. */
  open(): Promise<DbHandle>;
  cleanup(): Promise<void>;
}

function signedCookie(token: string): string {
  const signature = createHmac("sha256", BENCH_SECRET).update(token).digest("base64");
  return `${COOKIE}=${encodeURIComponent(`${token}.${signature}`)}`;
}

/** A run of plain words from the lesson, to count how many copies of the lesson a page carries. */
function markerOf(body: string): string {
  for (const line of body.split("\n")) {
    const run = line.match(/[A-Za-z][A-Za-z ]{47,}/)?.[0];
    if (run) return run.slice(0, 48).trim();
  }
  throw new Error("no plain sentence in the benchmark lesson");
}

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>, size = 200) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function populate(handle: DbHandle, course: LoadedCourse, learners: number, signIns: number) {
  await seedCourse({ db: handle.db, course });
  // One hash shared by every benchmark account: hashing each would cost minutes of scrypt.
  const hash = await hashPassword(BENCH_PASSWORD);
  const now = new Date();
  const expires = new Date(now.getTime() + 6 * 24 * 3600 * 1000);
  const people = [
    ...Array.from({ length: learners }, (_, i) => ({ id: `bench-learner-${i}`, email: `learner-${i}@bench.test` })),
    ...Array.from({ length: signIns }, (_, i) => ({ id: `bench-signin-${i}`, email: `signin-${i}@bench.test` })),
  ];
  await insertInBatches(people, (batch) =>
    handle.db
      .insert(user)
      .values(
        batch.map((p) => ({ id: p.id, name: `Bench ${p.id}`, email: p.email, emailVerified: true, role: "student" })),
      ),
  );
  await insertInBatches(people, (batch) =>
    handle.db.insert(account).values(
      batch.map((p) => ({
        id: `acc-${p.id}`,
        accountId: p.id,
        providerId: "credential",
        userId: p.id,
        password: hash,
        updatedAt: now,
      })),
    ),
  );
  const sessions = people.slice(0, learners).map((p) => ({ ...p, token: randomBytes(24).toString("base64url") }));
  await insertInBatches(sessions, (batch) =>
    handle.db
      .insert(session)
      .values(
        batch.map((s) => ({ id: `ses-${s.id}`, token: s.token, userId: s.id, expiresAt: expires, updatedAt: now })),
      ),
  );
  return sessions.map((s) => ({ id: s.id, email: s.email, cookie: signedCookie(s.token) }));
}

export async function createWorld({
  driver,
  learners,
  signIns = 19,
}: {
  driver: Driver;
  learners: number;
  signIns?: number;
}): Promise<World> {
  const course = await loadCourse(defaultContentDir());
  const stage = course.stages[0];
  const chosen = stage?.lessons.reduce((a, b) => (b.body.length > a.body.length ? b : a));
  if (!stage || !chosen) throw new Error("the course has no lessons");
  const lesson = {
    id: chosen.id,
    stageId: stage.id,
    path: `/learn/${stage.id}/${chosen.id}`,
    marker: markerOf(chosen.body),
  };
  const signInEmails = Array.from({ length: signIns }, (_, i) => `signin-${i}@bench.test`);

  if (driver === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itutor-bench-"));
    const config = { driver: "pglite" as const, dataDir: path.join(dir, "pglite") };
    const open = async () => openDatabase(config, { holder: "the benchmark" });
    const handle = await open();
    await handle.migrate();
    const people = await populate(handle, course, learners, signIns);
    await handle.close();
    return {
      driver,
      appEnv: { DATA_DIR: dir, DATABASE_URL: "" },
      learners: people,
      signInEmails,
      lesson,
      open,
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }

  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("TEST_DATABASE_URL is not set");
  const name = `bench_${randomBytes(5).toString("hex")}`;
  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`create database "${name}"`);
  await adminClient.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const config = { driver: "pg" as const, url: url.toString() };
  const open = () => openDatabase(config);
  const handle = await open();
  await handle.migrate();
  const people = await populate(handle, course, learners, signIns);
  // What `db:migrate` does for a server database: the first JWT signing key.
  const auth = createAuth({
    db: handle.db,
    baseURL: "http://127.0.0.1",
    secret: BENCH_SECRET,
    mailer: { send: async () => {} },
  });
  await auth.api.getJwks();
  await handle.close();
  return {
    driver,
    appEnv: { DATABASE_URL: url.toString(), DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "itutor-bench-pg-")) },
    learners: people,
    signInEmails,
    lesson,
    open,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

/** One thread of `items` messages, alternating learner and tutor, oldest first. */
export async function insertLongThread(db: DbHandle["db"], { userId, items }: { userId: string; items: number }) {
  const base = Date.now() - 24 * 3600 * 1000;
  const threadId = `thr_long_${userId}`;
  await db.insert(chatThread).values({ id: threadId, userId, title: "A long conversation" });
  const rows = Array.from({ length: items }, (_, i) => {
    const assistant = i % 2 === 1;
    return {
      id: `msg_${userId}_${i}`,
      threadId,
      userId,
      type: assistant ? "assistant_message" : "user_message",
      role: assistant ? "assistant" : "user",
      content: assistant
        ? {
            content: [
              {
                type: "output_text",
                text: `Answer ${i}: a rotation matrix has orthonormal columns and determinant one. `.repeat(6),
                annotations: [
                  {
                    type: "annotation",
                    source: {
                      type: "url",
                      title: "Rotation matrices",
                      url: "/learn/spatial-foundations/rotation-matrices",
                    },
                  },
                ],
              },
            ],
          }
        : {
            content: [{ type: "input_text", text: `Question ${i}: why is the inverse of a rotation its transpose?` }],
            attachments: [],
            inference_options: {},
          },
      createdAt: new Date(base + i * 1000),
    };
  });
  await insertInBatches(rows, (batch) => db.insert(chatItem).values(batch), 250);
  return threadId;
}

/** `threads` short threads for one user, one minute apart. */
export async function insertManyThreads(db: DbHandle["db"], { userId, threads }: { userId: string; threads: number }) {
  const base = Date.now() - 24 * 3600 * 1000;
  const rows = Array.from({ length: threads }, (_, i) => ({
    id: `thr_${userId}_${i}`,
    userId,
    title: `Conversation ${i}`,
    lessonId: "rotation-matrices",
    createdAt: new Date(base + i * 60_000),
  }));
  await insertInBatches(rows, (batch) => db.insert(chatThread).values(batch), 250);
}
