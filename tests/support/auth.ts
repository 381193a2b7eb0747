import { serializeSignedCookie } from "better-call";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...all]/route";
import { installDatabaseHandle } from "@/db/client";
import { type AuthDeps, createAuth } from "@/lib/auth/auth";
import { ensureSigningKey, installAuthInstance } from "@/lib/auth/instance";
import type { Email } from "@/lib/email/send";
import { CLIENT_IP_HEADER, parseTrustedProxies } from "@/lib/http/client-ip";
import { installEdge } from "@/lib/http/edge";
import { createTestDatabase, type TestDatabase } from "./db";

export const BASE_URL = "http://localhost:3000";
export const STRONG_PASSWORD = "Correct-Horse-Battery-9-Staple";

/** Cookies per test user, as a browser would keep them. */
export class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  get size() {
    return this.cookies.size;
  }
}

export interface AuthTestContext {
  db: TestDatabase;
  auth: ReturnType<typeof createAuth>;
  outbox: Email[];
  close(): Promise<void>;
}

/** A real auth instance (production config) on a fresh test database, installed as the app's. */
export async function createTestAuth(
  overrides: Partial<AuthDeps> = {},
  { mailDelayMs = 0 }: { mailDelayMs?: number } = {},
): Promise<AuthTestContext> {
  const db = await createTestDatabase();
  const outbox: Email[] = [];
  const auth = createAuth({
    db: db.db,
    baseURL: BASE_URL,
    secret: "test-secret-that-is-long-enough-0123456789",
    // A slow mail provider makes any response that waits for the send measurably slower.
    mailer: {
      send: async (email) => {
        if (mailDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, mailDelayMs));
        outbox.push(email);
      },
    },
    ...overrides,
    overrides: { ...overrides.overrides },
  });
  installDatabaseHandle(db);
  installAuthInstance(auth);
  // This process's own HTTP servers now stamp client addresses, as the app's do; requests made
  // in process (call) carry the header the way a stamped request would.
  installEdge(parseTrustedProxies([]));
  await ensureSigningKey(auth);
  return { db, auth, outbox, close: () => db.close() };
}

export interface CallOptions {
  method?: "GET" | "POST";
  body?: unknown;
  jar?: CookieJar;
  headers?: Record<string, string>;
}

/** A request through the app's real /api/auth route handler. */
export async function call(path: string, { method = "POST", body, jar, headers = {} }: CallOptions = {}) {
  const request = new Request(`${BASE_URL}/api/auth${path}`, {
    method,
    headers: {
      origin: BASE_URL,
      "user-agent": "vitest",
      [CLIENT_IP_HEADER]: "203.0.113.7",
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(jar && jar.size > 0 ? { cookie: jar.header() } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    redirect: "manual",
  });
  const response = await (method === "GET" ? authGet(request) : authPost(request));
  jar?.store(response);
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Waits for background work (emails) to land. */
export async function waitFor<T>(probe: () => T | undefined | null, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("timed out waiting");
}

export function linkIn(email: Email): string {
  const match = email.text.match(/https?:\/\/\S+/);
  if (!match) throw new Error(`no link in: ${email.text}`);
  return match[0];
}

/** Signs a user up and confirms their email through the mailed link; returns their cookie jar. */
export async function signUpVerified(
  ctx: AuthTestContext,
  { email, name = "Test Learner", password = STRONG_PASSWORD }: { email: string; name?: string; password?: string },
): Promise<CookieJar> {
  const res = await call("/sign-up/email", { body: { email, name, password, callbackURL: "/learn" } });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  const mail = await waitFor(() => ctx.outbox.find((m) => m.to === email && /Confirm/.test(m.subject)));
  const jar = new CookieJar();
  const url = new URL(linkIn(mail));
  const verified = await call(`${url.pathname.replace("/api/auth", "")}${url.search}`, { method: "GET", jar });
  if (verified.status !== 302) throw new Error(`verification failed: ${verified.status} ${verified.text}`);
  return jar;
}

/** Asks for a password-reset email for `email` and returns the link it carries and its token. */
export async function resetLink(ctx: AuthTestContext, email: string): Promise<{ token: string; url: string }> {
  const before = ctx.outbox.length;
  await call("/request-password-reset", { body: { email, redirectTo: "/reset-password" } });
  const mail = await waitFor(() => ctx.outbox.slice(before).find((m) => m.to === email && /Reset/.test(m.subject)));
  const url = linkIn(mail);
  return { token: new URL(url).pathname.split("/").pop() as string, url };
}

/**
 * A signed-in cookie jar for `userId` without going through a sign-in endpoint (users that
 * only have a social account, or a session with a chosen device and age).
 */
export async function sessionJar(
  ctx: Pick<AuthTestContext, "auth">,
  userId: string,
  override: { userAgent?: string; ipAddress?: string; createdAt?: Date } = {},
): Promise<CookieJar> {
  const context = await ctx.auth.$context;
  // Only "override all" lets a test choose createdAt (a session signed in a while ago).
  const session = await context.internalAdapter.createSession(
    userId,
    false,
    override,
    override.createdAt !== undefined,
  );
  const cookie = await serializeSignedCookie(context.authCookies.sessionToken.name, session.token, context.secret);
  const jar = new CookieJar();
  jar.store(new Response(null, { headers: { "set-cookie": cookie } }));
  return jar;
}
