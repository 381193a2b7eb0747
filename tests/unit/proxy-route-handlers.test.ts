import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

/**
 * The proxy sends visitors without a session cookie in signed-in areas to sign in, but the data
 * export is a route handler: it answers 401 itself, and takes a Bearer token, which the redirect
 * turned away (a 307 to /sign-in for a caller with a valid token).
 */
const visit = (path: string, headers: Record<string, string> = {}) =>
  proxy(new NextRequest(new URL(path, "http://localhost:3000"), { headers }));

describe("the proxy and route handlers in signed-in areas", () => {
  it("lets /account/export answer for itself, with or without a Bearer token", () => {
    for (const headers of [{}, { authorization: "Bearer abc" }] as Record<string, string>[]) {
      const res = visit("/account/export", headers);
      expect(res.status, JSON.stringify(headers)).not.toBe(307);
      expect(res.headers.get("location")).toBeNull();
    }
  });

  it("still sends a visitor without a session from the account pages to sign in", () => {
    const res = visit("/account");
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toContain("/sign-in?next=%2Faccount");
  });
});
