import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as importFile, GET as listRuns } from "@/app/api/admin/import/route";
import { authEvent, importRun, importRunUser, user } from "@/db/schema";
import type { ImportStreamEvent } from "@/lib/migration/http";
import { type AuthTestContext, BASE_URL, type CookieJar, createTestAuth, signUpVerified } from "../support/auth";
import { legacyUserSet, toJsonLines } from "../support/legacy-users";

/** POST /api/admin/import as the admin page uses it: dry run, then a streamed run; GET lists runs. */
let ctx: AuthTestContext;
const jars: Record<string, CookieJar> = {};
let file: string;
let otherFile: string;

beforeAll(async () => {
  ctx = await createTestAuth();
  for (const role of ["student", "admin"] as const) {
    jars[role] = await signUpVerified(ctx, { email: `${role}@example.com` });
    await ctx.db.db
      .update(user)
      .set({ role })
      .where(eq(user.email, `${role}@example.com`));
  }
  const { records } = await legacyUserSet(10_000);
  file = toJsonLines(records.slice(0, 1200));
  otherFile = toJsonLines(records.slice(1200, 2400));
}, 120_000);
afterAll(() => ctx.close());

const post = (query: string, body: BodyInit | null, jar?: CookieJar) =>
  importFile(
    new Request(`${BASE_URL}/api/admin/import?${query}`, {
      method: "POST",
      body,
      headers: jar ? { cookie: jar.header() } : {},
    }),
  );

describe("/api/admin/import", () => {
  it("is for admins only", async () => {
    expect((await post("dryRun=1", file)).status).toBe(401);
    expect((await post("dryRun=1", file, jars.student)).status).toBe(403);
    expect(
      (
        await listRuns(
          new Request(`${BASE_URL}/api/admin/import`, { headers: { cookie: jars.student?.header() ?? "" } }),
        )
      ).status,
    ).toBe(403);
  });

  it("answers a dry run with the report; refuses garbage, an empty body and a file with problems in the house error shape", async () => {
    const dry = await post("dryRun=1&name=legacy.jsonl", file, jars.admin);
    expect(dry.status).toBe(200);
    expect((await dry.json()).report).toMatchObject({ fileName: "legacy.jsonl", toCreate: 1200, problemCount: 0 });

    const garbage = await post("name=x.bin", new Uint8Array([0, 1, 2, 3]), jars.admin);
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toEqual({
      error: {
        code: "import:invalid_file",
        message: "x.bin: not a text file (it contains NUL bytes): expected JSON Lines or CSV",
      },
    });
    expect((await post("name=x", null, jars.admin)).status).toBe(400);

    const bad = await post("name=bad.jsonl", `${file}\n{"id":"x"`, jars.admin);
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.code).toBe("import:rejected");
    expect(body.report.problems[0]).toMatchObject({ code: "json", examples: [{ line: 1201 }] });
    expect(await ctx.db.db.select().from(user)).toHaveLength(2);
  });

  it("streams progress while it imports, then the outcome; the run is listed and audited as the admin's", async () => {
    const res = await post("name=legacy.jsonl", file, jars.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const events = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as ImportStreamEvent);
    expect(events.filter((e) => e.type === "progress").map((e) => (e as { done: number }).done)).toEqual([
      0, 500, 1000, 1200,
    ]);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: "done", outcome: { created: 1200, present: 0 } });

    const runs = await listRuns(
      new Request(`${BASE_URL}/api/admin/import`, { headers: { cookie: jars.admin?.header() ?? "" } }),
    );
    const { data } = await runs.json();
    expect(data).toEqual([expect.objectContaining({ fileName: "legacy.jsonl", createdCount: 1200 })]);
    const [admin] = await ctx.db.db.select().from(user).where(eq(user.email, "admin@example.com"));
    // The run and its audit name the admin by id; the email is read from their account.
    expect(data[0]).toMatchObject({ startedBy: admin?.id, startedByEmail: "admin@example.com" });
    const [event] = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "import_run"));
    expect(event).toMatchObject({ userId: admin?.id, email: "admin@example.com", details: { by: admin?.id } });
  });

  it("finishes and records the run when the admin's browser goes away mid-import", async () => {
    const res = await post("name=closed-tab.jsonl", otherFile, jars.admin);
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(JSON.parse(first.split("\n")[0] as string)).toMatchObject({ type: "progress", done: 0 });
    await reader.cancel(); // the tab is closed: nobody reads the rest
    const run = await vi.waitFor(
      async () => {
        const [row] = await ctx.db.db.select().from(importRun).where(eq(importRun.fileName, "closed-tab.jsonl"));
        expect(row?.finishedAt).toBeTruthy();
        return row as typeof importRun.$inferSelect;
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(run.createdCount).toBe(1200);
    const users = await ctx.db.db.select().from(importRunUser).where(eq(importRunUser.runId, run.id));
    expect(users).toHaveLength(1200);
    const events = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "import_run"));
    expect(events.map((e) => e.details)).toContainEqual(expect.objectContaining({ run: run.id, created: 1200 }));
  }, 120_000);
});
