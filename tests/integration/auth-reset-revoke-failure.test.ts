import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type AuthTestContext, createTestAuth, resetLink, signUpVerified } from "../support/auth";
import { expectLogged } from "../support/console";

// The real revocation, made to fail on demand: a database error between storing the new link
// and mailing it.
const failing = vi.hoisted(() => ({ on: false }));
vi.mock("@/db/queries/reset-links", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/db/queries/reset-links")>();
  return {
    ...real,
    revokeResetLinks: async (args: Parameters<typeof real.revokeResetLinks>[0]) => {
      if (failing.on && args.olderThan !== undefined) throw new Error("connection terminated unexpectedly");
      return real.revokeResetLinks(args);
    },
  };
});

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth();
});
afterAll(() => ctx.close());

describe("a new reset link whose older links cannot be ended", () => {
  it("is still mailed, and the failure is logged", async () => {
    await signUpVerified(ctx, { email: "revoke-fails@example.com" });
    failing.on = true;
    expectLogged(/older reset links of .* not ended: connection terminated/);
    const link = await resetLink(ctx, "revoke-fails@example.com");
    failing.on = false;
    expect(link.token).toMatch(/\w{10,}/);
  });
});
