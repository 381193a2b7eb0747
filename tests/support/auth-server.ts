import http from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeHandler } from "better-auth/node";
import { type AuthDeps, createAuth } from "@/lib/auth/auth";
import { ensureSigningKey } from "@/lib/auth/instance";
import type { Email } from "@/lib/email/send";
import { CookieJar } from "./auth";
import { createTestDatabase, type TestDatabase } from "./db";

export interface AuthServer {
  url: string;
  auth: ReturnType<typeof createAuth>;
  db: TestDatabase;
  outbox: Email[];
  close(): Promise<void>;
}

/**
 * Our real auth configuration served over real HTTP on a loopback port (its own database).
 * Two of these stand in for an identity provider and the app in OAuth tests.
 */
export async function startAuthServer(
  extra: (baseURL: string) => Partial<AuthDeps> = () => ({}),
  port = 0,
): Promise<AuthServer> {
  const db = await createTestDatabase();
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const outbox: Email[] = [];
  const auth = createAuth({
    db: db.db,
    baseURL: url,
    secret: "test-secret-that-is-long-enough-0123456789",
    mailer: { send: async (email) => void outbox.push(email) },
    ...extra(url),
    overrides: { ...extra(url).overrides },
  });
  await ensureSigningKey(auth);
  handler = toNodeHandler(auth);
  return {
    url,
    auth,
    db,
    outbox,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.close();
    },
  };
}

/** A free loopback port, for a server whose URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Creates a user with a password directly (no email round trip). */
export async function createUserWithPassword(
  server: AuthServer,
  {
    email,
    name,
    password,
    role = "student",
    emailVerified = true,
  }: { email: string; name: string; password: string; role?: string; emailVerified?: boolean },
) {
  const ctx = await server.auth.$context;
  const user = await ctx.internalAdapter.createUser({ email, name, emailVerified, role }, { method: "admin" });
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: await ctx.password.hash(password),
  });
  return user;
}

/** A browser-like HTTP client for one origin set: follows nothing, keeps cookies per host. */
export class Browser {
  private jars = new Map<string, CookieJar>();
  jar(url: string): CookieJar {
    const host = new URL(url).host;
    let jar = this.jars.get(host);
    if (!jar) {
      jar = new CookieJar();
      this.jars.set(host, jar);
    }
    return jar;
  }
  /**
   * One request, redirects not followed. Uses node:http rather than fetch, because fetch always
   * sends `sec-fetch-mode: cors`, and a navigation must look like one.
   */
  async fetch(url: string, init: { method?: string; body?: unknown; navigate?: boolean } = {}): Promise<Response> {
    const jar = this.jar(url);
    const target = new URL(url);
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const headers: Record<string, string> = {
      origin: target.origin,
      ...(init.navigate
        ? { "sec-fetch-mode": "navigate", "sec-fetch-dest": "document", accept: "text/html" }
        : { "sec-fetch-mode": "cors", accept: "application/json" }),
      ...(body !== undefined
        ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }
        : {}),
      ...(jar.size > 0 ? { cookie: jar.header() } : {}),
    };
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(target, { method: init.method ?? "GET", headers }, resolve);
      req.on("error", reject);
      req.end(body);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const responseHeaders = new Headers();
    for (const [key, value] of Object.entries(res.headers)) {
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(key, v);
    }
    const status = res.statusCode ?? 500;
    const response = new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), {
      status,
      headers: responseHeaders,
    });
    jar.store(response);
    return response;
  }
}
