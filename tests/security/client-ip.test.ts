import http from "node:http";
import type { AddressInfo } from "node:net";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as authPost } from "@/app/api/auth/[...all]/route";
import { authEvent } from "@/db/schema";
import { parseEnv } from "@/lib/env";
import { parseTrustedProxies, resolveClientIp } from "@/lib/http/client-ip";
import { type AuthTestContext, BASE_URL, createTestAuth } from "../support/auth";

/**
 * Issue 14, item 5: the per-IP limiter and the audit log believed X-Forwarded-For as sent, so
 * 40 made-up values gave 40 attempts and no 429. The address now comes from the connection,
 * and X-Forwarded-For only through proxies named in TRUSTED_PROXIES.
 */
describe("resolveClientIp", () => {
  const none = parseTrustedProxies([]);
  const proxies = parseTrustedProxies(["10.0.0.0/8", "127.0.0.1", "2001:db8::/32"]);

  it("without trusted proxies, is the connection's address whatever the headers claim", () => {
    expect(resolveClientIp({ peer: "203.0.113.9", forwardedFor: "198.51.100.1", trusted: none })).toBe("203.0.113.9");
    expect(resolveClientIp({ peer: "::ffff:203.0.113.9", forwardedFor: null, trusted: none })).toBe("203.0.113.9");
  });

  it("behind trusted proxies, is the nearest address they did not add themselves", () => {
    expect(resolveClientIp({ peer: "10.1.2.3", forwardedFor: "198.51.100.1", trusted: proxies })).toBe("198.51.100.1");
    expect(
      resolveClientIp({ peer: "10.1.2.3", forwardedFor: "1.1.1.1, 198.51.100.1, 10.9.9.9", trusted: proxies }),
    ).toBe("198.51.100.1");
    expect(resolveClientIp({ peer: "127.0.0.1", forwardedFor: ["203.0.113.4", "10.0.0.2"], trusted: proxies })).toBe(
      "203.0.113.4",
    );
    expect(resolveClientIp({ peer: "2001:db8::1", forwardedFor: "2001:db9::5", trusted: proxies })).toBe("2001:db9::5");
  });

  it("never lets a claim the client made choose the bucket", () => {
    // An untrusted peer's header is ignored entirely.
    expect(resolveClientIp({ peer: "198.51.100.7", forwardedFor: "10.0.0.1", trusted: proxies })).toBe("198.51.100.7");
    // Garbage stops the walk at the last address a trusted proxy vouched for.
    expect(resolveClientIp({ peer: "10.1.2.3", forwardedFor: "not-an-ip", trusted: proxies })).toBe("10.1.2.3");
    expect(resolveClientIp({ peer: "10.1.2.3", forwardedFor: "198.51.100.1, junk, 10.0.0.4", trusted: proxies })).toBe(
      "10.0.0.4",
    );
    expect(resolveClientIp({ peer: "10.1.2.3", forwardedFor: "", trusted: proxies })).toBe("10.1.2.3");
  });

  it("TRUSTED_PROXIES is validated and named when wrong", () => {
    expect(parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1 ,::1" }).trustedProxies).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
      "::1",
    ]);
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseEnv({ TRUSTED_PROXIES: "proxy.internal" })).toThrow(/TRUSTED_PROXIES/);
  });
});

/** The auth route behind a real Node HTTP server, so the address comes from a real socket. */
let ctx: AuthTestContext;
let server: http.Server;
let url: string;
beforeAll(async () => {
  ctx = await createTestAuth({ rateLimitEnabled: true });
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await authPost(
      new Request(`${BASE_URL}${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

const signIn = (i: number, forwardedFor: string) =>
  fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE_URL, "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ email: `spray-${i}@example.com`, password: "Wrong-password-123!" }),
  });

describe("the limiter and the audit log see the connection, not the header", () => {
  it("40 sign-ins with 40 made-up X-Forwarded-For values share one bucket: 429 after the tenth", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await signIn(i, `198.51.100.${i + 1}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const limited = await signIn(99, "garbage, 1.2.3.4");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await limited.json()).error.code).toBe("auth:rate_limited");
    // 41 sign-ins, ten of them real password checks: generous for a busy CI machine.
  }, 120_000);

  it("records the connection's address in the audit log", async () => {
    const [latest] = await ctx.db.db
      .select()
      .from(authEvent)
      .where(eq(authEvent.type, "login_failed"))
      .orderBy(desc(authEvent.createdAt))
      .limit(1);
    expect(latest?.ip).toBe("127.0.0.1");
  });
});
