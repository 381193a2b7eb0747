import { and, eq, inArray, sql } from "drizzle-orm";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account, authEvent, chatThread, enrollment, importRun, user } from "@/db/schema";
import { isLegacyHash } from "@/lib/auth/legacy-hash";
import { rehashQueue } from "@/lib/auth/rehash-queue";
import { seedFromDir } from "@/lib/content/seed";
import { APP_HASH } from "@/lib/migration/format";
import { executeImport, type ImportProgress } from "@/lib/migration/import";
import { planImport } from "@/lib/migration/plan";
import { formatReport } from "@/lib/migration/report";
import { RollbackRefused, rollbackImport } from "@/lib/migration/rollback";
import {
  type AuthTestContext,
  CookieJar,
  call,
  createTestAuth,
  STRONG_PASSWORD,
  signUpVerified,
} from "../support/auth";
import { fixtureCourseDir } from "../support/fixtures";
import { type LegacyRecord, type LegacyUserSet, legacyUserSet, toJsonLines } from "../support/legacy-users";
import { userTablesSnapshot } from "../support/user-tables";

/**
 * The whole migration path on a generated legacy user base of 10,000 (on PGlite, node-postgres
 * and Neon): import, zero loss, idempotent re-import, sign-in over HTTP with rehash, and a
 * rollback that leaves the user tables exactly as they were. The 10,000-row steps get two
 * minutes: on a busy 2-core machine writing and deleting that many rows through the Neon
 * driver's WebSocket takes tens of seconds; this is not a speed goal (that is `npm run bench`).
 */
const N = 10_000;
const operator = { by: "cli:test" };
const bytes = (text: string) => new TextEncoder().encode(text);

// Google and GitHub cannot be reached from here: their id-token check and profile lookup are
// replaced by stand-ins that trust a JSON "token" naming the account. Everything after that
// (finding the linked account, the session, the hooks) is the real code path.
const trustingProvider = (subjectField: "sub" | "id"): never =>
  ({
    clientId: "test-client",
    clientSecret: "test-secret",
    verifyIdToken: async () => true,
    getUserInfo: async (tokens: { idToken?: string }) => {
      const claims = JSON.parse(tokens.idToken ?? "{}") as { account: string; email: string };
      return {
        user: { id: claims.account, email: claims.email, emailVerified: true, name: "Provider Name" },
        data: { [subjectField]: claims.account, email: claims.email },
      };
    },
  }) as never;

let ctx: AuthTestContext;
let set: LegacyUserSet;
let existing: { id: string; email: string };
let before: Awaited<ReturnType<typeof userTablesSnapshot>>;
let runId: number;
const byId = new Map<string, LegacyRecord>();

beforeAll(async () => {
  ctx = await createTestAuth({
    overrides: { socialProviders: { google: trustingProvider("sub"), github: trustingProvider("id") } },
  });
  // A course, so that imported students are enrolled in it as a sign-up would be.
  await seedFromDir({ db: ctx.db.db, dir: fixtureCourseDir });
  set = await legacyUserSet(N);
  for (const r of set.records) byId.set(r.id, r);
  await signUpVerified(ctx, { email: "already@here.example" });
  const [row] = await ctx.db.db.select().from(user).where(eq(user.email, "already@here.example"));
  existing = { id: row?.id as string, email: "already@here.example" };
  before = await userTablesSnapshot(ctx.db.db);
}, 120_000);
afterAll(() => ctx?.close());

const signIn = (email: string, password: string, jar?: CookieJar) =>
  call("/sign-in/email", { body: { email, password }, jar });
const credential = async (userId: string) =>
  (
    await ctx.db.db
      .select({ password: account.password })
      .from(account)
      .where(and(eq(account.userId, userId), eq(account.providerId, "credential")))
  )[0]?.password;

describe("a file that is not an export, and every kind of bad row", () => {
  it("answers a file of garbage with one clear sentence", async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    await expect(planImport({ db: ctx.db.db, bytes: garbage, fileName: "garbage.bin" })).rejects.toThrow(
      /^not a text file/,
    );
  });

  it("reports each problem with its line number and writes nothing", async () => {
    const [a, b, c] = set.records as [LegacyRecord, LegacyRecord, LegacyRecord];
    const lines = [
      JSON.stringify(a), // 1: fine
      JSON.stringify({ ...b, email: a.email.toUpperCase() }), // 2: same email, other case
      JSON.stringify({ ...c, id: a.id, email: "fresh@x.example" }), // 3: same id
      JSON.stringify({ ...c, id: existing.id, email: "other@x.example" }), // 4: id of an existing user
      JSON.stringify({ ...c, id: "new-1", email: existing.email.toUpperCase() }), // 5: email of an existing user
      JSON.stringify({ ...c, id: "new-2", email: "n2@x.example", role: "root" }), // 6
      JSON.stringify({ ...c, id: "new-3", email: "n3@x.example", password_hash: "$2b$04$short" }), // 7
      JSON.stringify({ ...c, id: "new-4", email: "n4@x.example", accounts: [{ provider: "myspace", id: "1" }] }), // 8
      JSON.stringify({ ...c, id: "new-5", email: "n5@x.example", accounts: [{ provider: "github", id: "4242" }] }), // 9
      JSON.stringify({ ...c, id: "new-6", email: "n6@x.example", accounts: [{ provider: "github", id: "4242" }] }), // 10
      JSON.stringify({ ...c, id: "new-7", email: "n7@x.example", created_at: "2021-02-30T10:00:00Z" }), // 11
      '{"id":"new-8","email":"n8@x.example","name":"Trunc', // 12
      JSON.stringify({ ...c, id: "bad id/with slash", email: "n9@x.example" }), // 13
      JSON.stringify({ ...c, id: "new-10", email: "not an email" }), // 14
    ];
    const encoded = bytes(`${lines.join("\n")}\n`);
    // Line 15: Latin-1 bytes where UTF-8 was promised.
    const file = new Uint8Array([...encoded, ...bytes('{"id":"new-11","name":"Ren'), 0xe9, ...bytes('"}\n')]);
    const { report } = await planImport({ db: ctx.db.db, bytes: file, fileName: "bad.jsonl" });
    const at = Object.fromEntries(report.problems.map((g) => [g.code, g.examples.map((e) => e.line)]));
    expect(at).toEqual({
      encoding: [15],
      json: [12],
      id_invalid: [13],
      id_duplicate: [3],
      id_taken: [4],
      email_invalid: [14],
      email_duplicate: [2],
      email_taken: [5],
      hash_malformed: [7],
      role_unknown: [6],
      date_invalid: [11],
      provider_unknown: [8],
      account_duplicate: [10],
    });
    expect(report.problems.find((g) => g.code === "email_duplicate")?.examples[0]?.message).toContain("also on line 1");
    await expect(executeImport({ db: ctx.db.db, plan: { report, users: [] }, operator })).rejects.toThrow(
      /13 problems in 13 rows; nothing was imported/,
    );
    expect(await userTablesSnapshot(ctx.db.db)).toEqual(before);
  });
});

describe("importing 10,000 legacy users", () => {
  it("validates the whole file, then writes it as one run with progress", async () => {
    const file = bytes(toJsonLines(set.records));
    const plan = await planImport({ db: ctx.db.db, bytes: file, fileName: "legacy.jsonl" });
    expect(plan.report).toMatchObject({ rows: N, toCreate: N, present: 0, problemCount: 0, previousRuns: [] });
    const progress: ImportProgress[] = [];
    const outcome = await executeImport({ db: ctx.db.db, plan, operator, onProgress: (p) => progress.push(p) });
    expect(outcome.created).toBe(N);
    runId = outcome.runId as number;
    expect(progress[0]).toEqual({ done: 0, total: N });
    expect(progress.at(-1)).toEqual({ done: N, total: N });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((x, y) => x - y));
    const [run] = await ctx.db.db.select().from(importRun).where(eq(importRun.id, runId));
    expect(run).toMatchObject({ createdCount: N, presentCount: 0, rowCount: N, startedBy: "cli:test" });
    expect(run?.linkedAccountCount).toBe(outcome.linkedAccounts);
    expect(outcome.linkedAccounts).toBe(set.records.reduce((n, r) => n + r.accounts.length, 0));
  }, 120_000);

  it("loses nothing: every user, id, role, flag, date, hash and linked account is there", async () => {
    const users = await ctx.db.db.select().from(user).where(sql`${user.id} <> ${existing.id}`);
    expect(users).toHaveLength(N);
    const accounts = await ctx.db.db.select().from(account).where(sql`${account.userId} <> ${existing.id}`);
    const accountsOf = Map.groupBy(accounts, (a) => a.userId);
    for (const u of users) {
      const r = byId.get(u.id) as LegacyRecord;
      expect(r, u.id).toBeDefined();
      expect({
        email: u.email,
        name: u.name,
        emailVerified: u.emailVerified,
        role: u.role,
        image: u.image,
        createdAt: u.createdAt.toISOString(),
        passwordChangeRequired: u.passwordChangeRequired,
      }).toEqual({
        email: r.email.toLowerCase(),
        name: r.name,
        emailVerified: r.email_verified,
        role: r.role,
        image: r.image,
        createdAt: r.created_at,
        passwordChangeRequired: false,
      });
      const own = accountsOf.get(u.id) ?? [];
      expect(own.find((a) => a.providerId === "credential" && a.accountId === u.id)?.password ?? "").toBe(
        r.password_hash,
      );
      expect(
        own
          .filter((a) => a.providerId !== "credential")
          .map((a) => `${a.providerId}:${a.accountId}`)
          .sort(),
      ).toEqual(r.accounts.map((a) => `${a.provider}:${a.id}`).sort());
    }
    const events = await ctx.db.db
      .select({ n: sql<number>`count(*)::int` })
      .from(authEvent)
      .where(and(eq(authEvent.type, "user_imported"), sql`${authEvent.details}->>'run' = ${String(runId)}`));
    expect(Number(events[0]?.n)).toBe(N);
    const enrolled = await ctx.db.db
      .select({ userId: enrollment.userId, status: enrollment.status })
      .from(enrollment)
      .where(sql`${enrollment.userId} <> ${existing.id}`);
    const students = set.records.filter((r) => r.role === "student").map((r) => r.id);
    expect(students.length).toBeGreaterThan(0);
    expect(enrolled.map((e) => e.userId).sort()).toEqual(students.sort());
    expect(new Set(enrolled.map((e) => e.status))).toEqual(new Set(["active"]));
    const runEvents = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "import_run"));
    expect(runEvents.map((e) => e.details)).toEqual([expect.objectContaining({ run: runId, created: N })]);
  });

  it("importing the same users again adds nothing and says so", async () => {
    const again = await planImport({ db: ctx.db.db, bytes: bytes(toJsonLines(set.records)), fileName: "legacy.jsonl" });
    expect(again.report).toMatchObject({ toCreate: 0, present: N, problemCount: 0 });
    expect(again.report.previousRuns).toEqual([expect.objectContaining({ id: runId, status: "completed" })]);
    const outcome = await executeImport({ db: ctx.db.db, plan: again, operator });
    expect(outcome).toEqual({ runId: null, created: 0, present: N, linkedAccounts: 0 });
    expect(await ctx.db.db.select().from(importRun)).toHaveLength(1);
  });
});

describe("signing in with a legacy password", () => {
  const groupSample = (group: string, n = 2) => (set.groups[group] ?? []).slice(0, n);
  const verifiedWithPassword = (id: string) => byId.get(id)?.email_verified && set.passwords.has(id);

  it("works for a sample of every group over HTTP, replaces bcrypt with the app's hash, and keeps the legacy id as the token subject", async () => {
    const groups = Object.keys(set.groups).filter((g) => g !== "social-only" && g !== "weak-password");
    expect(groups).toEqual(
      expect.arrayContaining(["cost-4", "cost-10", "cost-11", "cost-12", "prefix-2a", "prefix-2y"]),
    );
    const used = new Set<string>();
    for (const group of groups) {
      const ids = (set.groups[group] ?? []).filter(
        (id) => verifiedWithPassword(id) && !set.groups["weak-password"]?.includes(id) && !used.has(id),
      );
      for (const id of ids.slice(0, 1)) {
        used.add(id);
        const r = byId.get(id) as LegacyRecord;
        expect(isLegacyHash((await credential(id)) ?? ""), `${group} ${id} before`).toBe(true);
        const jar = new CookieJar();
        const res = await signIn(r.email, set.passwords.get(id) as string, jar);
        expect(res.status, `${group} ${id}`).toBe(200);
        expect((res.json?.user as { id: string } | undefined)?.id).toBe(id);
        // The rehash runs after the response, in the background queue.
        await rehashQueue().settled();
        expect((await credential(id)) ?? "", `${group} ${id} after`).toMatch(APP_HASH);
        const token = await call("/token", { method: "GET", jar });
        expect(decodeJwt(String(token.json?.token)).sub).toBe(id);
      }
    }
    expect(used.size).toBeGreaterThanOrEqual(12);
    // The new hash works on the next sign-in; the audit log says what happened.
    const first = byId.get([...used].find((id) => set.groups["cost-12"]?.includes(id)) as string) as LegacyRecord;
    expect((await signIn(first.email, set.passwords.get(first.id) as string)).status).toBe(200);
    const logins = await ctx.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.type, "login_success"), eq(authEvent.userId, first.id)))
      .orderBy(authEvent.createdAt);
    expect(logins.map((e) => e.details)).toEqual([
      { method: "password", legacyHash: "bcrypt", cost: 12, rehash: "queued", changeRequired: false },
      { method: "password" },
    ]);
    const rehashes = await ctx.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.type, "password_rehash"), eq(authEvent.userId, first.id)));
    expect(rehashes.map((e) => e.details)).toEqual([
      { legacyHash: "bcrypt", cost: 12, result: "done", changeRequired: false },
    ]);
  }, 120_000);

  it("keeps the hash on a wrong password or an unconfirmed email, and lockout applies as for anyone", async () => {
    const unverified = (set.groups.unverified ?? []).find((id) => set.passwords.has(id)) as string;
    const u = byId.get(unverified) as LegacyRecord;
    const res = await signIn(u.email, set.passwords.get(unverified) as string);
    expect(res.status).toBe(403);
    expect(res.json?.code).toBe("EMAIL_NOT_VERIFIED");
    expect(isLegacyHash((await credential(unverified)) ?? "")).toBe(true);

    // Far into the file, so no earlier sample has signed in (and rehashed) this user.
    const target = (set.groups["cost-4"] ?? [])
      .slice(500)
      .find((id) => verifiedWithPassword(id) && !set.groups["weak-password"]?.includes(id)) as string;
    const t = byId.get(target) as LegacyRecord;
    for (let i = 0; i < 5; i++) await signIn(t.email, "Wrong-Password-123!");
    const locked = await signIn(t.email, set.passwords.get(target) as string);
    expect(locked.status).toBe(401);
    expect(locked.json?.code).toBe("ACCOUNT_LOCKED");
    expect(isLegacyHash((await credential(target)) ?? "")).toBe(true);
  });

  it("a legacy password that fails today's policy still signs in, and the user must choose a new one", async () => {
    const id = (set.groups["weak-password"] ?? []).find((w) => verifiedWithPassword(w)) as string;
    const r = byId.get(id) as LegacyRecord;
    const jar = new CookieJar();
    const res = await signIn(r.email, set.passwords.get(id) as string, jar);
    expect(res.status).toBe(200);
    await rehashQueue().settled();
    expect((await credential(id)) ?? "").toMatch(APP_HASH);
    const session = await call("/get-session", { method: "GET", jar });
    expect((session.json?.user as { passwordChangeRequired: boolean } | undefined)?.passwordChangeRequired).toBe(true);
    const weak = await call("/change-password", {
      jar,
      body: { currentPassword: set.passwords.get(id), newPassword: "password123" },
    });
    expect(weak.status).toBe(400);
    const changed = await call("/change-password", {
      jar,
      body: { currentPassword: set.passwords.get(id), newPassword: STRONG_PASSWORD },
    });
    expect(changed.status).toBe(200);
    const [row] = await ctx.db.db.select().from(user).where(eq(user.id, id));
    expect(row?.passwordChangeRequired).toBe(false);
  });

  it("users with imported Google and GitHub links sign in with them at once", async () => {
    for (const group of ["social-only", "google", "github", "google+github"]) {
      const id = groupSample(group, 1)[0] as string;
      const r = byId.get(id) as LegacyRecord;
      for (const link of r.accounts) {
        const res = await call("/sign-in/social", {
          body: {
            provider: link.provider,
            idToken: { token: JSON.stringify({ account: link.id, email: `someone-else-${id}@provider.example` }) },
          },
        });
        expect(res.status, `${group} ${link.provider}`).toBe(200);
        expect((res.json?.user as { id: string } | undefined)?.id).toBe(id);
      }
    }
  });
});

describe("rolling the run back", () => {
  it("refuses while imported users have signed in or chatted, naming them", async () => {
    const chatter = (set.records[N - 100] as LegacyRecord).id;
    await ctx.db.db.insert(chatThread).values({ id: "imported-thread", userId: chatter, title: "Hello" });
    const refused = await rollbackImport({ db: ctx.db.db, runId, operator }).catch((e) => e);
    expect(refused).toBeInstanceOf(RollbackRefused);
    const active = (refused as RollbackRefused).active;
    expect(active.find((a) => a.id === chatter)).toMatchObject({ chatted: true });
    expect(active.filter((a) => a.signedIn).length).toBeGreaterThanOrEqual(12);
    expect((refused as Error).message).toMatch(/have been active since the import: .*\(signed in\)/);
    expect(
      await ctx.db.db
        .select()
        .from(user)
        .where(inArray(user.id, [chatter])),
    ).toHaveLength(1);
  });

  it("with force, removes exactly the run's users and leaves the user tables as they were", async () => {
    const outcome = await rollbackImport({ db: ctx.db.db, runId, force: true, operator });
    expect(outcome.removed).toBe(N);
    expect(await userTablesSnapshot(ctx.db.db)).toEqual(before);
    const [run] = await ctx.db.db.select().from(importRun).where(eq(importRun.id, runId));
    expect(run).toMatchObject({ status: "rolled_back", removedCount: N, rolledBackBy: "cli:test" });
    const removedEvents = await ctx.db.db
      .select({ n: sql<number>`count(*)::int` })
      .from(authEvent)
      .where(eq(authEvent.type, "user_import_removed"));
    expect(Number(removedEvents[0]?.n)).toBe(N);
    await expect(rollbackImport({ db: ctx.db.db, runId, operator })).rejects.toThrow(/already rolled back/);
  }, 120_000);
});

describe("importing a file again after an imported user changed their email", () => {
  it("counts that user as present, noting the new email; another user's id is still refused", async () => {
    const db = ctx.db.db;
    const rows = set.records.slice(0, 2).map((r, i) => ({ ...r, id: `rerun-${i}`, email: `rerun-${i}@x.example` }));
    const file = bytes(toJsonLines(rows.map((r) => ({ ...r, accounts: [] }))));
    const plan = () => planImport({ db, bytes: file, fileName: "rerun.jsonl" });
    expect((await executeImport({ db, plan: await plan(), operator })).created).toBe(2);
    await db.update(user).set({ email: "moved@new.example" }).where(eq(user.id, "rerun-0"));
    const again = await plan();
    expect(again.report).toMatchObject({ toCreate: 0, present: 2, problemCount: 0 });
    expect(again.report.changedSinceImport).toEqual({
      count: 1,
      examples: [{ line: 1, message: expect.stringMatching(/rerun-0 .*now moved@new\.example/) }],
    });
    expect(formatReport(again.report)).toContain(
      `      line 1: ${again.report.changedSinceImport.examples[0]?.message}`,
    );
    expect(await executeImport({ db, plan: again, operator })).toMatchObject({ runId: null, present: 2 });
    const foreign = bytes(JSON.stringify({ ...rows[1], id: existing.id, email: "else@x.example", accounts: [] }));
    const clash = await planImport({ db, bytes: foreign, fileName: "foreign.jsonl" });
    expect(clash.report.problems.map((g) => g.code)).toEqual(["id_taken"]);
  });
});
