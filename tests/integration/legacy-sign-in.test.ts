import { hash as bcryptHash } from "@node-rs/bcrypt";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account, authEvent, user } from "@/db/schema";
import { hashLimiter } from "@/lib/auth/hash-limit";
import { isLegacyHash } from "@/lib/auth/legacy-hash";
import { hashPassword } from "@/lib/auth/password-hash";
import { rehashQueue } from "@/lib/auth/rehash-queue";
import { APP_HASH } from "@/lib/migration/format";
import { executeImport } from "@/lib/migration/import";
import { planImport } from "@/lib/migration/plan";
import {
  type AuthTestContext,
  CookieJar,
  call,
  createTestAuth,
  linkIn,
  STRONG_PASSWORD,
  waitFor,
} from "../support/auth";

/** The edges of a first sign-in with an imported hash, on a handful of users. */
let ctx: AuthTestContext;
const WEAK = "letmein";
/** Passes the composition rules (length, kinds of character) but not the strength estimate. */
const GUESSABLE = "Password123!";
const GOOD = "Quiet-Harbor-7731-lantern-Ovq!";

const row = (id: string, passwordHash: string, role = "student") =>
  JSON.stringify({
    id,
    email: `${id}@old.example`,
    name: `Person ${id}`,
    email_verified: true,
    password_hash: passwordHash,
    role,
    created_at: "2018-06-01T12:00:00Z",
    accounts: [],
  });

beforeAll(async () => {
  ctx = await createTestAuth();
  const weak = await bcryptHash(WEAK, 4);
  const good = await bcryptHash(GOOD, 4);
  const file = [
    row("weak-reset", weak),
    row("weak-admin-set", weak),
    row("weak-at-once", weak),
    row("guessable", await bcryptHash(GUESSABLE, 4)),
    row("race", good),
    row("deferred", good),
    row("changed", good),
    row("full", good),
    row("root", good, "admin"),
  ].join("\n");
  const plan = await planImport({ db: ctx.db.db, bytes: new TextEncoder().encode(file), fileName: "few.jsonl" });
  await executeImport({ db: ctx.db.db, plan, operator: { by: "cli:test" } });
}, 120_000);
afterAll(() => ctx.close());

const signIn = (id: string, password: string, jar?: CookieJar) =>
  call("/sign-in/email", { body: { email: `${id}@old.example`, password }, jar });
const events = async (id: string, type: "login_success" | "password_rehash") =>
  (
    await ctx.db.db
      .select({ details: authEvent.details })
      .from(authEvent)
      .where(and(eq(authEvent.userId, id), eq(authEvent.type, type)))
      .orderBy(authEvent.createdAt)
  ).map((e) => e.details);

/**
 * Background hash work that holds slots of the process's hash limiter until released: with
 * every slot held, a queued rehash cannot start, so a test can look between the response and it.
 */
function holdHashSlots(count: number) {
  const releases: (() => void)[] = [];
  let finished = false;
  const held = Array.from({ length: count }, () =>
    hashLimiter().runInBackground(() => new Promise<void>((resolve) => releases.push(resolve))),
  );
  void Promise.all(held).then(() => {
    finished = true;
  });
  return {
    running: () => releases.length,
    releaseOne: () => releases.shift()?.(),
    async releaseAll() {
      while (!finished) {
        for (const release of releases.splice(0)) release();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

/**
 * Signs `id` in while every hash slot is held: the sign-in's bcrypt verify gets the first slot
 * released (a request goes before background work), and `extra` background work queued behind
 * it keeps the rehash waiting after the response. Call `release` to let the rehash run.
 */
async function signInWithRehashHeld(id: string, password: string) {
  const limiter = hashLimiter();
  const slots = holdHashSlots(limiter.limit);
  await waitFor(() => slots.running() === limiter.limit, 60_000);
  const pending = signIn(id, password);
  await waitFor(() => limiter.queued === 1, 60_000);
  const extra = holdHashSlots(1);
  slots.releaseOne();
  const res = await pending;
  return {
    res,
    release: async () => {
      await Promise.all([slots.releaseAll(), extra.releaseAll()]);
      await rehashQueue().settled();
    },
  };
}

const flag = async (id: string) =>
  (await ctx.db.db.select({ f: user.passwordChangeRequired }).from(user).where(eq(user.id, id)))[0]?.f;
const stored = async (id: string) =>
  (
    await ctx.db.db
      .select({ password: account.password })
      .from(account)
      .where(and(eq(account.userId, id), eq(account.providerId, "credential")))
  )[0]?.password;

describe("first sign-in with an imported hash", () => {
  it("answers after the bcrypt check alone; the rehash to the app's scheme follows in the background", async () => {
    const { res, release } = await signInWithRehashHeld("deferred", GOOD);
    expect(res.status).toBe(200);
    // The response is out and the rehash has not run: still bcrypt, and the audit says "queued".
    expect(isLegacyHash((await stored("deferred")) ?? "")).toBe(true);
    expect(await events("deferred", "login_success")).toEqual([
      { method: "password", legacyHash: "bcrypt", cost: 4, rehash: "queued", changeRequired: false },
    ]);
    expect(await events("deferred", "password_rehash")).toEqual([]);
    await release();
    expect((await stored("deferred")) ?? "").toMatch(APP_HASH);
    expect(await events("deferred", "password_rehash")).toEqual([
      { legacyHash: "bcrypt", cost: 4, result: "done", changeRequired: false },
    ]);
    // bcrypt is gone: the next sign-in is an ordinary one and queues nothing.
    expect((await signIn("deferred", GOOD)).status).toBe(200);
    expect(rehashQueue().size).toBe(0);
    expect((await events("deferred", "login_success")).at(-1)).toEqual({ method: "password" });
  }, 90_000);

  it("a password changed between the sign-in and the rehash is not overwritten", async () => {
    const { res, release } = await signInWithRehashHeld("changed", GOOD);
    expect(res.status).toBe(200);
    // Any password change rewrites the credential row; here directly, while the rehash waits.
    const changed = await hashPassword(STRONG_PASSWORD);
    await ctx.db.db.update(account).set({ password: changed }).where(eq(account.userId, "changed"));
    await release();
    expect(await stored("changed")).toBe(changed);
    expect(await events("changed", "password_rehash")).toEqual([
      { legacyHash: "bcrypt", cost: 4, result: "superseded", changeRequired: false },
    ]);
    expect((await signIn("changed", GOOD)).status).toBe(401);
    expect((await signIn("changed", STRONG_PASSWORD)).status).toBe(200);
  }, 90_000);

  it("with the queue full the hash stays bcrypt, and the next sign-in queues the rehash again", async () => {
    const queue = rehashQueue();
    const capacity = queue.capacity;
    let unblock = () => {};
    queue.capacity = 1;
    try {
      queue.add("test:blocker", () => new Promise<void>((resolve) => (unblock = resolve)));
      expect((await signIn("full", GOOD)).status).toBe(200);
    } finally {
      queue.capacity = capacity;
      unblock();
    }
    await queue.settled();
    expect(isLegacyHash((await stored("full")) ?? "")).toBe(true);
    expect(await events("full", "password_rehash")).toEqual([]);
    expect((await signIn("full", GOOD)).status).toBe(200);
    await queue.settled();
    expect((await stored("full")) ?? "").toMatch(APP_HASH);
    expect((await events("full", "login_success")).map((d) => d.rehash)).toEqual(["skipped", "queued"]);
    expect(await events("full", "password_rehash")).toEqual([
      { legacyHash: "bcrypt", cost: 4, result: "done", changeRequired: false },
    ]);
  }, 90_000);

  it("two sign-ins at once both succeed, and the hash is replaced once with one that works", async () => {
    const results = await Promise.all([1, 2].map(() => signIn("race", GOOD)));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    await rehashQueue().settled();
    expect((await stored("race")) ?? "").toMatch(APP_HASH);
    expect((await signIn("race", GOOD)).status).toBe(200);
    // One rehash replaced the hash: the same account and hash are queued once, and a replacement
    // applies only over the hash that verified (a second, late job finds it gone: "superseded").
    const logins = await events("race", "login_success");
    expect(logins.slice(0, 2).some((d) => d.rehash === "queued")).toBe(true);
    expect(logins[2]).toEqual({ method: "password" });
    const rehashes = (await events("race", "password_rehash")).map((d) => d.result);
    expect(rehashes.filter((r) => r === "done")).toHaveLength(1);
    expect(rehashes.filter((r) => r !== "done").every((r) => r === "superseded")).toBe(true);
  }, 90_000);

  it("a password that fails only the strength estimate is caught by the queued job, not the request", async () => {
    const { res, release } = await signInWithRehashHeld("guessable", GUESSABLE);
    expect(res.status).toBe(200);
    // The request ran the composition rules only (they pass); the estimate waits with the rehash.
    expect(await flag("guessable")).toBe(false);
    expect((await events("guessable", "login_success"))[0]).toMatchObject({ rehash: "queued", changeRequired: false });
    await release();
    expect(await flag("guessable")).toBe(true);
    expect((await stored("guessable")) ?? "").toMatch(APP_HASH);
    expect(await events("guessable", "password_rehash")).toEqual([
      { legacyHash: "bcrypt", cost: 4, result: "done", changeRequired: true },
    ]);
    // From now on every page sends them to choose a new one (session.ts reads the flag).
    const jar = new CookieJar();
    expect((await signIn("guessable", GUESSABLE, jar)).status).toBe(200);
    const session = await call("/get-session", { method: "GET", jar });
    expect((session.json?.user as { passwordChangeRequired?: boolean } | undefined)?.passwordChangeRequired).toBe(true);
  }, 90_000);

  it("a password that fails the composition rules is flagged by the request itself", async () => {
    const { res, release } = await signInWithRehashHeld("weak-at-once", WEAK);
    expect(res.status).toBe(200);
    expect(await flag("weak-at-once")).toBe(true);
    expect((await events("weak-at-once", "login_success"))[0]).toMatchObject({ changeRequired: true });
    await release();
    expect(await events("weak-at-once", "password_rehash")).toEqual([
      { legacyHash: "bcrypt", cost: 4, result: "done", changeRequired: true },
    ]);
    expect(await flag("weak-at-once")).toBe(true);
  }, 90_000);

  it("a password reset ends the request to choose a new password", async () => {
    expect((await call("/sign-in/email", { body: { email: "weak-reset@old.example", password: WEAK } })).status).toBe(
      200,
    );
    expect(await flag("weak-reset")).toBe(true);
    const before = ctx.outbox.length;
    await call("/request-password-reset", { body: { email: "weak-reset@old.example", redirectTo: "/reset-password" } });
    const mail = await waitFor(() => ctx.outbox.slice(before).find((m) => m.to === "weak-reset@old.example"));
    const token = new URL(linkIn(mail)).pathname.split("/").pop();
    expect((await call("/reset-password", { body: { token, newPassword: STRONG_PASSWORD } })).status).toBe(200);
    expect(await flag("weak-reset")).toBe(false);
    // Whenever the queued rehash ran, it neither brought the flag back nor undid the reset.
    await rehashQueue().settled();
    expect(await flag("weak-reset")).toBe(false);
    expect((await signIn("weak-reset", STRONG_PASSWORD)).status).toBe(200);
  });

  it("so does a password an admin sets", async () => {
    expect(
      (await call("/sign-in/email", { body: { email: "weak-admin-set@old.example", password: WEAK } })).status,
    ).toBe(200);
    expect(await flag("weak-admin-set")).toBe(true);
    const jar = new CookieJar();
    expect((await call("/sign-in/email", { body: { email: "root@old.example", password: GOOD }, jar })).status).toBe(
      200,
    );
    const set = await call("/admin/set-user-password", {
      jar,
      body: { userId: "weak-admin-set", newPassword: STRONG_PASSWORD },
    });
    expect(set.status).toBe(200);
    expect(await flag("weak-admin-set")).toBe(false);
    await rehashQueue().settled();
    expect(await flag("weak-admin-set")).toBe(false);
  });
});
