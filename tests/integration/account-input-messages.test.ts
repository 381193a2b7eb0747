import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changePasswordAction, renameAction, setPasswordAction } from "@/app/(account)/account/actions";
import { user } from "@/db/schema";
import { type AuthTestContext, type CookieJar, createTestAuth, STRONG_PASSWORD, signUpVerified } from "../support/auth";
import { asRequest, form } from "../support/next-request";

/** A refusal of a form field says what is wrong with it, not only that it is wrong. */
let ctx: AuthTestContext;
let jar: CookieJar;
beforeAll(async () => {
  ctx = await createTestAuth();
  jar = await signUpVerified(ctx, { email: "messages@example.com", name: "Kept Name" });
});
afterAll(() => ctx.close());

async function act<T>(action: (prev: null, data: FormData) => Promise<T>, fields: Record<string, string>) {
  asRequest(jar);
  return action(null, form(fields));
}

describe("account form messages", () => {
  it("a name over 100 characters is refused as too long, not as missing", async () => {
    expect(await act(renameAction, { name: "n".repeat(101) })).toEqual({
      ok: false,
      code: "action:invalid",
      message: "Your name can be at most 100 characters.",
    });
    expect(await act(renameAction, { name: "   " })).toMatchObject({ message: "Enter your name." });
    expect(await act(renameAction, { name: `  ${"n".repeat(100)}  ` })).toMatchObject({ ok: true });
    const [row] = await ctx.db.db.select().from(user).where(eq(user.email, "messages@example.com"));
    expect(row?.name).toBe("n".repeat(100));
  });

  it("a password over the form's limit is refused as too long, naming the limit", async () => {
    const tooLong = `Aa1!${"x".repeat(509)}`;
    expect(await act(changePasswordAction, { currentPassword: STRONG_PASSWORD, newPassword: tooLong })).toEqual({
      ok: false,
      code: "action:invalid",
      message: "A password can be at most 128 characters.",
    });
    expect(await act(setPasswordAction, { newPassword: tooLong })).toMatchObject({
      message: "A password can be at most 128 characters.",
    });
    const current = await act(changePasswordAction, {
      currentPassword: tooLong,
      newPassword: "Quiet-Lantern-Orbit-73!",
    });
    expect(current).toMatchObject({ ok: false, code: "action:invalid" });
    expect(current?.ok === false && current.message).toMatch(/longer than any password .*512 characters/);
    expect(await act(changePasswordAction, { currentPassword: STRONG_PASSWORD })).toMatchObject({
      message: "Enter a password.",
    });
  });
});
