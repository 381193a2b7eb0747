import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as authEvents } from "@/app/api/admin/auth-events/route";
import { POST as chatkit } from "@/app/api/chatkit/route";
import { GET as health } from "@/app/api/health/route";
import { type DbHandle, installDatabaseHandle } from "@/db/client";
import { user } from "@/db/schema";
import {
  type AuthTestContext,
  BASE_URL,
  type CookieJar,
  call,
  createTestAuth,
  STRONG_PASSWORD,
  signUpVerified,
} from "../support/auth";
import { chatkitRequest } from "../support/chatkit";
import { expectLogged } from "../support/console";
import { testDriver } from "../support/db";
import type { FreezeProxy } from "../support/freeze-proxy";
import { openProxiedDatabase, type ProxiedDatabase } from "../support/proxied-db";

/**
 * Issue 14, item 7: a frozen database hung requests for more than 45 s with no answer (sign-in
 * answered an empty 500 once it gave up). With connection and statement limits on every
 * driver, an outage is a prompt 503 `db:unavailable` with Retry-After on the APIs and on
 * sign-in, and the app recovers by itself when the database does. Runs on node-postgres and
 * the Neon driver (npm run test:pg); the pages' side is in tests/security/faults.spec.ts.
 */
let db: ProxiedDatabase;
let proxy: FreezeProxy;
let through: DbHandle;
let ctx: AuthTestContext;
let jar: CookieJar;

beforeAll(async () => {
  db = await openProxiedDatabase();
  ({ proxy, through } = db);
  ctx = await createTestAuth({ db: through.db });
  installDatabaseHandle(through);
  jar = await signUpVerified(ctx, { email: "outage@example.com" });
  await through.db.update(user).set({ role: "admin" }).where(eq(user.email, "outage@example.com"));
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await db?.close();
});

const signIn = () => call("/sign-in/email", { body: { email: "outage@example.com", password: STRONG_PASSWORD } });
const list = () => chatkit(chatkitRequest({ type: "threads.list", params: {} }, { jar }));
const audit = () => authEvents(new Request(`${BASE_URL}/api/admin/auth-events`, { headers: { cookie: jar.header() } }));

async function expectUnavailable(res: { status: number; headers: Headers; json(): Promise<unknown> } | Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("db:unavailable");
}

describe(`a frozen database (${testDriver()})`, () => {
  it("answers 503 db:unavailable with Retry-After on sign-in and the APIs, instead of hanging", async () => {
    expectLogged(/\[db\] unavailable/, "warn");
    expectLogged(/\[health\] database/);
    expect((await list()).status).toBe(200);
    proxy.freeze();
    const signedIn = await signIn();
    expect(signedIn.status).toBe(503);
    expect(signedIn.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(signedIn.json?.error).toMatchObject({ code: "db:unavailable" });
    await expectUnavailable(await list());
    await expectUnavailable(await audit());
    expect((await health()).status).toBe(503);
  }, 120_000);

  it("recovers without a restart when the database answers again", async () => {
    proxy.thaw();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await list()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(200);
    expect((await signIn()).status).toBe(200);
    expect((await audit()).status).toBe(200);
  }, 60_000);
});
