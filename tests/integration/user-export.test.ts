import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Executor } from "@/db/client";
import { account, importRun, user } from "@/db/schema";
import { rehashQueue } from "@/lib/auth/rehash-queue";
import { type ExportFormat, exportUsers } from "@/lib/migration/export";
import { APP_HASH } from "@/lib/migration/format";
import { executeImport } from "@/lib/migration/import";
import { planImport } from "@/lib/migration/plan";
import { type AuthTestContext, call, createTestAuth, signUpVerified } from "../support/auth";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { type LegacyRecord, legacyUserSet, toCsv, toJsonLines } from "../support/legacy-users";

/**
 * users:export is the backup an operator takes before importing: exported, then imported into
 * an empty database, it must give back the same users and accounts, byte for byte on export.
 */
const operator = { by: "cli:test" };
let source: AuthTestContext;
let target: TestDatabase;
let records: LegacyRecord[];

const encode = (text: string) => new TextEncoder().encode(text);

async function exportText(db: Executor, format: ExportFormat): Promise<string> {
  let text = "";
  for await (const chunk of exportUsers({ db, format, pageSize: 64 })) text += chunk;
  return text;
}

async function importInto(db: TestDatabase, text: string, fileName: string) {
  const plan = await planImport({ db: db.db, bytes: encode(text), fileName });
  expect(plan.report.problems).toEqual([]);
  return executeImport({ db: db.db, plan, operator });
}

/** The second database with no users in it (a fresh PGlite per test costs tens of seconds on a busy machine). */
async function emptyDatabase(): Promise<TestDatabase> {
  await target.db.delete(user);
  await target.db.delete(importRun);
  expect(await contents(target.db)).toEqual({ users: [], accounts: [] });
  return target;
}

/** Everything the format carries, in a stable order (row ids and update times are the database's own). */
async function contents(db: Executor) {
  const users = await db
    .select({
      id: user.id,
      email: user.email,
      name: user.name,
      emailVerified: user.emailVerified,
      role: user.role,
      image: user.image,
      createdAt: user.createdAt,
    })
    .from(user)
    .orderBy(asc(user.id));
  const accounts = await db
    .select({
      userId: account.userId,
      providerId: account.providerId,
      accountId: account.accountId,
      password: account.password,
    })
    .from(account)
    .orderBy(asc(account.userId), asc(account.providerId), asc(account.accountId));
  return { users, accounts };
}

beforeAll(async () => {
  target = await createTestDatabase();
  source = await createTestAuth();
  // 300 legacy users (bcrypt, social links, awkward names), one of whom has since signed in
  // (so holds the app's own hash), plus a user who signed up here.
  const set = await legacyUserSet(10_000);
  records = set.records.slice(0, 300);
  await importInto(source.db, toJsonLines(records), "legacy.jsonl");
  const rehashed = records.find((r) => r.email_verified && set.passwords.has(r.id)) as LegacyRecord;
  expect(
    (await call("/sign-in/email", { body: { email: rehashed.email, password: set.passwords.get(rehashed.id) } }))
      .status,
  ).toBe(200);
  await rehashQueue().settled();
  await signUpVerified(source, { email: "native@here.example", name: 'Native, "N" User' });
}, 120_000);
afterAll(async () => {
  await target?.close();
  await source?.close();
});

describe("users:export → users:import round trip", () => {
  it("JSON Lines: an empty database gets the same users and accounts, and exports the same bytes", async () => {
    const first = await exportText(source.db.db, "jsonl");
    expect(first.trim().split("\n")).toHaveLength(301);
    expect(first).toMatch(new RegExp(`"password_hash":"${APP_HASH.source.slice(1, -1)}"`));
    const target = await emptyDatabase();
    const outcome = await importInto(target, first, "backup.jsonl");
    expect(outcome.created).toBe(301);
    expect(await contents(target.db)).toEqual(await contents(source.db.db));
    expect(await exportText(target.db, "jsonl")).toBe(first);
  }, 120_000);

  it("CSV: the same, through quoting of commas, quotes and line breaks in names", async () => {
    const first = await exportText(source.db.db, "csv");
    expect(first).toContain('"Native, ""N"" User"');
    expect(first).toContain('"Ana\nMaria');
    const target = await emptyDatabase();
    await importInto(target, first, "backup.csv");
    expect(await contents(target.db)).toEqual(await contents(source.db.db));
    expect(await exportText(target.db, "csv")).toBe(first);
    expect(await exportText(target.db, "jsonl")).toBe(await exportText(source.db.db, "jsonl"));
  }, 120_000);

  it("the legacy system's CSV with CRLF line ends and a byte-order mark imports every field as written", async () => {
    const target = await emptyDatabase();
    await importInto(target, `\uFEFF${toCsv(records, { crlf: true })}`, "legacy.csv");
    const exported = (await exportText(target.db, "jsonl"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as LegacyRecord);
    // The export lists a user's accounts by provider and emails in lower case.
    const byId = (list: LegacyRecord[]) =>
      new Map(
        list.map((r) => [
          r.id,
          {
            ...r,
            email: r.email.toLowerCase(),
            accounts: r.accounts.toSorted((a, b) => a.provider.localeCompare(b.provider)),
          },
        ]),
      );
    expect(byId(exported)).toEqual(byId(records));
  }, 120_000);
});
