import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { type AppServer, cli, createUserArgs, SERVER_PASSWORD, startAppServer } from "../support/app-server";
import { type FreezeProxy, startFreezeProxy } from "../support/freeze-proxy";
import { chatkit, ownPort, signInCookie } from "./support";

/**
 * Issue 14, item 7, on the production build with a real Postgres (TEST_DATABASE_URL) behind a
 * proxy that can freeze: requests used to hang for more than 45 s, sign-in answered an empty
 * 500. Now APIs and sign-in answer 503 db:unavailable with Retry-After within the database
 * timeouts, pages answer 503 with Retry-After once the outage is known (the first page to meet
 * it waits for the timeout and gets the error page), and all of it recovers by itself.
 */
const admin = process.env.TEST_DATABASE_URL;
let database = "";
let proxy: FreezeProxy;
let server: AppServer;
let cookie = "";

test.beforeAll(async () => {
  if (!admin) throw new Error("TEST_DATABASE_URL must point at a Postgres this test may create a database on");
  database = `sec_outage_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database "${database}"`);
  await client.end();
  const direct = new URL(admin);
  direct.pathname = `/${database}`;
  const env = { DATABASE_URL: direct.toString() };
  for (const args of [["db:migrate"], ["db:seed"], createUserArgs("outage@sec.test")]) cli(args, env);
  proxy = await startFreezeProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const through = new URL(direct.toString());
  through.hostname = proxy.host;
  through.port = String(proxy.port);
  server = await startAppServer({ port: ownPort(4), env: { DATABASE_URL: through.toString() } });
  cookie = await signInCookie(server.url, "outage@sec.test", SERVER_PASSWORD);
});
test.afterAll(async () => {
  proxy?.thaw();
  await server?.stop();
  await proxy?.close();
  if (admin && database) {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`drop database if exists "${database}" with (force)`);
    await client.end();
  }
});

const page = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });

test("a frozen database: 503 with Retry-After for APIs, sign-in and pages; recovery without a restart", async () => {
  expect((await page("/learn")).status).toBe(200);
  proxy.freeze();

  const list = await chatkit(server.url, cookie, { type: "threads.list", params: {} });
  expect(list.status).toBe(503);
  expect(list.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(((await list.json()) as { error: { code: string } }).error.code).toBe("db:unavailable");

  const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email: "outage@sec.test", password: SERVER_PASSWORD }),
  });
  expect(signIn.status).toBe(503);
  expect(signIn.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(((await signIn.json()) as { error: { code: string } }).error.code).toBe("db:unavailable");

  // The outage is known now: pages answer at once instead of rendering an error.
  const started = Date.now();
  const learn = await page("/learn");
  expect(learn.status).toBe(503);
  expect(learn.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(await learn.text()).toContain("We will be right back");
  expect(Date.now() - started).toBeLessThan(2_000);

  proxy.thaw();
  await expect.poll(async () => (await page("/learn")).status, { timeout: 30_000, intervals: [1_000] }).toBe(200);
  expect((await chatkit(server.url, cookie, { type: "threads.list", params: {} })).status).toBe(200);
});
