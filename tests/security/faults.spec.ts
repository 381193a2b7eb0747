import { expect, test } from "@playwright/test";
import { ENV_VARIABLES } from "../../lib/env";
import { type AppServer, createUserArgs, SERVER_PASSWORD, startAppServer } from "../support/app-server";
import { type OpenAIStub, startOpenAIStub } from "../support/openai-stub";
import { chatkit, events, ownPort, signInCookie, userInput } from "./support";

/**
 * Faults that need a production server of their own: a client that lies about its address
 * (item 5), a blank environment (item 8) and a SIGTERM in the middle of an answer (item 13).
 * The database outage is in db-outage.spec.ts, memory in memory.spec.ts.
 */

test.describe("client addresses (item 5)", () => {
  let server: AppServer;
  test.beforeAll(async () => {
    server = await startAppServer({
      port: ownPort(1),
      env: { RATE_LIMIT_ENABLED: "true", ADMIN_REQUIRE_2FA: "false" },
      prepare: [createUserArgs("ip-admin@sec.test", "admin")],
    });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("40 made-up X-Forwarded-For values do not buy 40 attempts; the audit log has the real address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": `198.51.100.${i + 1}` },
        body: JSON.stringify({ email: `spray-${i}@sec.test`, password: "Wrong-password-123!" }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);
    expect(statuses.indexOf(429)).toBeLessThanOrEqual(10);

    // The limiter's sign-in window is a minute: wait it out, then read the log as the admin.
    await new Promise((r) => setTimeout(r, 61_000));
    const cookie = await signInCookie(server.url, "ip-admin@sec.test", SERVER_PASSWORD);
    const log = await fetch(`${server.url}/api/admin/auth-events?type=login_failed&limit=50`, { headers: { cookie } });
    const { data } = (await log.json()) as { data: { ip: string | null; email: string }[] };
    const sprayed = data.filter((e) => e.email.startsWith("spray-"));
    expect(sprayed.length).toBeGreaterThan(0);
    expect(new Set(sprayed.map((e) => e.ip))).toEqual(new Set(["127.0.0.1"]));
  });
});

test.describe("a blank environment (item 8)", () => {
  let server: AppServer;
  test.beforeAll(async () => {
    const blank = Object.fromEntries(
      ENV_VARIABLES.filter(
        // DATA_DIR stays the server's own temporary folder: blank, it would open the checkout's
        // .data/pglite, a developer's database that a running dev server holds (empty-env.test.ts
        // covers a blank DATA_DIR).
        (n) => !["NODE_ENV", "PORT", "BETTER_AUTH_SECRET", "BETTER_AUTH_URL", "CRON_SECRET", "DATA_DIR"].includes(n),
      ).map((n) => [n, ""]),
    );
    // A model key with an empty base URL: the combination that failed every route.
    server = await startAppServer({ port: ownPort(2), env: { ...blank, OPENAI_API_KEY: "sk-local" } });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("every route answers as if the blank variables were unset", async () => {
    for (const path of [
      "/",
      "/sign-in",
      "/sign-up",
      "/api/health",
      "/api/auth/get-session",
      "/.well-known/openid-configuration",
    ]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
    }
    const learn = await fetch(`${server.url}/learn`, { redirect: "manual" });
    expect(learn.status).toBe(307);
    expect(server.output()).not.toMatch(/baseURL must be a non-empty string/);
  });
});

test.describe("SIGTERM during an answer (item 13)", () => {
  let stub: OpenAIStub;
  let server: AppServer;
  test.beforeAll(async () => {
    stub = await startOpenAIStub({ port: ownPort(9) });
    server = await startAppServer({
      port: ownPort(3),
      env: { OPENAI_API_KEY: "sk-local", OPENAI_BASE_URL: stub.url, TUTOR_MODEL: "stub-tutor" },
      prepare: [createUserArgs("sigterm@sec.test")],
    });
  });
  test.afterAll(async () => {
    await server?.stop();
    await stub?.close();
  });

  test("running answers are saved and told to retry, and the process exits before a kill 6 s later", async () => {
    const cookie = await signInCookie(server.url, "sigterm@sec.test", SERVER_PASSWORD);
    // "(slowly)" makes the stand-in answer in 40 sentences, one every 250 ms.
    const res = await chatkit(server.url, cookie, {
      type: "threads.create",
      params: { input: userInput("Tell me about frames (slowly)") },
    });
    expect(res.status).toBe(200);
    let threadId = "";
    let streamed = "";
    let error: Record<string, unknown> | undefined;
    let terminatedAt = 0;
    const exited = server.exited();
    const seen: string[] = [];
    for await (const event of events(res)) {
      seen.push(`${Date.now() - (terminatedAt || Date.now())}ms ${String(event.type)}`);
      if (event.type === "thread.created") threadId = (event.thread as { id: string }).id;
      const update = event.update as { type?: string; delta?: string } | undefined;
      if (update?.type === "assistant_message.content_part.text_delta") {
        streamed += update.delta;
        if (!terminatedAt && streamed.split("Sentence").length > 3) {
          terminatedAt = Date.now();
          await server.signal("SIGTERM", false);
        }
      }
      if (event.type === "error") error = event;
    }
    expect(terminatedAt).toBeGreaterThan(0);
    // On failure, what the stream said after SIGTERM and what the server printed.
    expect(error, `events: ${seen.slice(-6).join(", ")}\nserver:\n${server.output().slice(-2000)}`).toBeDefined();
    expect(error).toMatchObject({ allow_retry: true, message: expect.stringMatching(/restarting/) });
    const killer = setTimeout(() => void server.signal("SIGKILL", false), 6_000 - (Date.now() - terminatedAt));
    const code = await exited;
    clearTimeout(killer);
    expect(code, "exited by itself, not killed").toBe(143);
    expect(Date.now() - terminatedAt).toBeLessThan(6_000);

    // A new server on the same data: the partial answer is in the thread.
    await server.stop({ keepData: true });
    server = await startAppServer({ port: ownPort(3), dataDir: server.dataDir });
    const again = await signInCookie(server.url, "sigterm@sec.test", SERVER_PASSWORD);
    const thread = (await (
      await chatkit(server.url, again, { type: "threads.get_by_id", params: { thread_id: threadId } })
    ).json()) as {
      items: { data: { type: string; content?: { text: string }[] }[] };
    };
    const answer = thread.items.data.find((i) => i.type === "assistant_message");
    expect(answer?.content?.[0]?.text).toBeTruthy();
    expect(streamed.startsWith(answer?.content?.[0]?.text ?? "\u0000")).toBe(true);
  });
});
