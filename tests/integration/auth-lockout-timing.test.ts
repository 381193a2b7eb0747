import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthTestContext, call, createTestAuth, signUpVerified } from "../support/auth";
import { hashAtProductionCost } from "../support/production-hash";

// At the production scrypt cost: this file tests the hashing itself.
hashAtProductionCost();

/**
 * Apart from the rest of the lockout tests because it measures the hashing itself: this file
 * runs at the production scrypt cost (tests/support/production-hash.ts), where a missing
 * stand-in hash for unknown emails would show.
 */
let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth();
});
afterAll(() => ctx.close());

const signIn = (email: string, password: string) => call("/sign-in/email", { body: { email, password } });

describe("account lockout", () => {
  it("takes about as long for an unknown email as for a wrong password", async () => {
    await signUpVerified(ctx, { email: "timing@example.com" });
    const time = async (email: string) => {
      const start = performance.now();
      await signIn(email, "Wrong-password-123!");
      return performance.now() - start;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const known: number[] = [];
    const unknown: number[] = [];
    // Four attempts each, under the lockout threshold; both paths run one scrypt.
    for (let i = 0; i < 4; i++) {
      known.push(await time("timing@example.com"));
      unknown.push(await time(`nobody-${i}@example.com`));
    }
    const [a, b] = [median(known), median(unknown)];
    expect(Math.abs(a - b) / Math.max(a, b)).toBeLessThan(0.5);
  });
});
