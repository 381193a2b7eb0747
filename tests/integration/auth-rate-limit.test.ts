import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthTestContext, call, createTestAuth } from "../support/auth";

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth({ rateLimitEnabled: true });
});
afterAll(() => ctx.close());

describe("per-IP rate limiting (production default)", () => {
  it("answers 429 with Retry-After once an address exceeds the sign-in rule, in the database store", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await call("/sign-in/email", {
        body: { email: `spray-${i}@example.com`, password: "Wrong-password-123!" },
      });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.headers.get("x-retry-after") ?? r.headers.get("retry-after")).toMatch(/^\d+$/);
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
