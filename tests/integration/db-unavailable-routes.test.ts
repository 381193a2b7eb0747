import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as discovery } from "@/app/.well-known/openid-configuration/route";
import { GET as accountExport } from "@/app/(account)/account/export/route";
import { GET as aiUsage } from "@/app/api/admin/ai-usage/route";
import { GET as authEvents } from "@/app/api/admin/auth-events/route";
import { GET as importRuns, POST as importUpload } from "@/app/api/admin/import/route";
import { POST as adminRetention } from "@/app/api/admin/retention/route";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...all]/route";
import { POST as chatkit } from "@/app/api/chatkit/route";
import { GET as cronRetention } from "@/app/api/cron/retention/route";
import { GET as health } from "@/app/api/health/route";
import { GET as lessonHtml } from "@/app/api/lessons/[lessonId]/html/route";
import { noteDatabaseAvailable } from "@/db/availability";
import { closeDatabase } from "@/db/client";
import { stubAppEnv } from "../support/app-env";
import { BASE_URL } from "../support/auth";
import { chatkitRequest } from "../support/chatkit";
import { expectLogged } from "../support/console";
import { tempDir } from "../support/fixtures";
import { holdInChild } from "../support/lock-holder";

/**
 * Every route handler, when the database (and so the auth instance, which opens it) cannot be
 * opened or reached: a 503 `db:unavailable` with Retry-After in the house error shape, never
 * Next's bare 500 (a handler that throws) nor a 500 `server:internal`. The app's own database is
 * chosen by the environment here, as in production, not installed by the test.
 */
const CRON_SECRET = "the-cron-secret-123";
/** The app's configuration from these variables for this test, with the cron secret. */
const useEnv = (vars: Record<string, string | undefined>) =>
  stubAppEnv({ ...vars, CRON_SECRET }, noteDatabaseAvailable);

const request = (pathname: string, init: RequestInit = {}) =>
  new Request(`${BASE_URL}${pathname}`, { ...init, headers: { origin: BASE_URL, ...init.headers } });
const post = (pathname: string, body: unknown) =>
  request(pathname, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Each route handler with a request it would otherwise answer (the cron one with its secret). */
const routes = {
  "POST /api/chatkit": () => chatkit(chatkitRequest({ type: "threads.list", params: {} })),
  "GET /.well-known/openid-configuration": () => discovery(request("/.well-known/openid-configuration")),
  "GET /api/auth/jwks": () => authGet(request("/api/auth/jwks")),
  "GET /api/auth/get-session": () => authGet(request("/api/auth/get-session")),
  "POST /api/auth/sign-in/email": () =>
    authPost(post("/api/auth/sign-in/email", { email: "a@example.com", password: "x" })),
  "GET /account/export": () => accountExport(request("/account/export")),
  "GET /api/admin/ai-usage": () => aiUsage(request("/api/admin/ai-usage")),
  "GET /api/admin/auth-events": () => authEvents(request("/api/admin/auth-events")),
  "GET /api/admin/import": () => importRuns(request("/api/admin/import")),
  "POST /api/admin/import": () => importUpload(request("/api/admin/import?dryRun=1", { method: "POST", body: "" })),
  "POST /api/admin/retention": () => adminRetention(request("/api/admin/retention", { method: "POST" })),
  "GET /api/cron/retention": () =>
    cronRetention(request("/api/cron/retention", { headers: { authorization: `Bearer ${CRON_SECRET}` } })),
  "GET /api/lessons/:id/html": () =>
    lessonHtml(request("/api/lessons/intro/html"), { params: Promise.resolve({ lessonId: "intro" }) }),
} satisfies Record<string, () => Promise<Response>>;

async function answer(call: () => Promise<Response>) {
  // A handler that throws is what Next answers with its bare 500 page.
  const res = await call().catch((err: unknown) => ({ threw: err }));
  if ("threw" in res) return { status: "threw", error: String(res.threw) };
  const body = res.headers.get("content-type")?.includes("application/json") ? await res.json() : await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    cacheControl: res.headers.get("cache-control"),
    code: (body as { error?: { code?: unknown } }).error?.code,
  };
}

const unavailable = { status: 503, retryAfter: expect.stringMatching(/^\d+$/), cacheControl: "no-store" };

describe("a PGlite folder held by another process", () => {
  let dataDir: string;
  let holder: Awaited<ReturnType<typeof holdInChild>>;
  beforeAll(async () => {
    dataDir = await tempDir();
    holder = await holdInChild(path.join(dataDir, "pglite"), "the CLI");
  });
  afterAll(() => {
    holder?.kill();
  });

  it.each(Object.entries(routes))("%s answers 503 db:unavailable with Retry-After", async (_name, call) => {
    expectLogged(/\[db\] unavailable: the CLI \(pid \d+\) holds/, "warn");
    useEnv({ DATABASE_URL: undefined, DATA_DIR: dataDir });
    expect(await answer(call)).toEqual({ ...unavailable, code: "db:unavailable" });
  });

  it("keeps ChatKit's top-level message beside the house error", async () => {
    expectLogged(/\[db\] unavailable/, "warn");
    useEnv({ DATABASE_URL: undefined, DATA_DIR: dataDir });
    const res = await chatkit(chatkitRequest({ type: "threads.list", params: {} }));
    const body = await res.json();
    expect(body).toEqual({
      error: { code: "db:unavailable", message: expect.any(String) },
      message: body.error.message,
    });
  });

  it("/api/health reports the database down", async () => {
    expectLogged(/\[health\] database: the CLI \(pid \d+\) holds/);
    useEnv({ DATABASE_URL: undefined, DATA_DIR: dataDir });
    const res = await health();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ db: "down", down: ["db", "retriever"] });
  });
});

describe("a failure to open the database that is a bug, not an outage", () => {
  // db/client.ts refuses to open the database during `next build`: a plain Error, as a bug is.
  it.each(["POST /api/chatkit", "GET /.well-known/openid-configuration"] as const)(
    "%s stays a logged 500 server:internal, not a 503",
    async (name) => {
      expectLogged(/must not be opened during `next build`/);
      useEnv({ DATABASE_URL: undefined, NEXT_PHASE: "phase-production-build" });
      expect(await answer(routes[name])).toEqual({
        status: 500,
        retryAfter: null,
        cacheControl: "no-store",
        code: "server:internal",
      });
    },
  );
});

describe("a Postgres that refuses connections", () => {
  // Nothing listens on port 1. The pool connects on the first query, so the handle opens and
  // each route meets the refusal when it first needs the database.
  const refused = { DATABASE_URL: "postgres://x:y@127.0.0.1:1/none" };

  afterAll(async () => {
    await closeDatabase();
    (globalThis as { __intellistackAuth?: unknown }).__intellistackAuth = undefined;
  });

  it.each(["POST /api/auth/sign-in/email", "GET /api/auth/jwks", "GET /api/cron/retention"] as const)(
    "%s answers 503 db:unavailable with Retry-After",
    async (name) => {
      expectLogged(/\[db\] unavailable: connect ECONNREFUSED/, "warn");
      useEnv(refused);
      expect(await answer(routes[name])).toEqual({ ...unavailable, code: "db:unavailable" });
    },
  );

  it("still serves the discovery document, which needs no database", async () => {
    useEnv(refused);
    const res = await discovery(request("/.well-known/openid-configuration"));
    expect(res.status).toBe(200);
    expect((await res.json()).issuer).toBe(`${BASE_URL}/api/auth`);
  });
});
