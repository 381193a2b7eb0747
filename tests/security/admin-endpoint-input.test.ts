import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { user } from "@/db/schema";
import { type AuthTestContext, type CookieJar, call, createTestAuth, signUpVerified } from "../support/auth";

/**
 * The admin plugin's endpoints took a role array (stored as "admin,student", which the app read
 * as an admin), a ban of 1e300 seconds (a 500 from Date) and a negative one (a ban that had
 * already ended). Each is now a 400 with nothing stored.
 */
let ctx: AuthTestContext;
let admin: CookieJar;
let targetId: string;
beforeAll(async () => {
  ctx = await createTestAuth();
  admin = await signUpVerified(ctx, { email: "head@example.com" });
  await ctx.db.db.update(user).set({ role: "admin" }).where(eq(user.email, "head@example.com"));
  await signUpVerified(ctx, { email: "pupil@example.com" });
  const [row] = await ctx.db.db.select({ id: user.id }).from(user).where(eq(user.email, "pupil@example.com"));
  targetId = row?.id as string;
});
afterAll(() => ctx.close());

const stored = async () => {
  const [row] = await ctx.db.db
    .select({ role: user.role, banned: user.banned, banExpires: user.banExpires })
    .from(user)
    .where(eq(user.id, targetId));
  return row;
};

async function refused(path: string, body: Record<string, unknown>, code: string) {
  const res = await call(path, { body, jar: admin });
  expect(res.status).toBe(400);
  expect(res.json?.code).toBe(code);
}

describe("admin endpoints refuse what they would store wrongly", () => {
  it("a role that is not one of ours, or not one string", async () => {
    await refused("/admin/set-role", { userId: targetId, role: ["admin", "student"] }, "INVALID_ROLE");
    await refused("/admin/set-role", { userId: targetId, role: "superuser" }, "INVALID_ROLE");
    await refused("/admin/update-user", { userId: targetId, data: { role: "admin,student" } }, "INVALID_ROLE");
    await refused(
      "/admin/create-user",
      { email: "x@example.com", password: "Quartz-Velvet-9182!", name: "X", role: ["admin"] },
      "INVALID_ROLE",
    );
    expect((await stored())?.role).toBe("student");
    const ok = await call("/admin/set-role", { body: { userId: targetId, role: "instructor" }, jar: admin });
    expect(ok.status).toBe(200);
    expect((await stored())?.role).toBe("instructor");
  });

  it("a ban length that is not a whole number of seconds from 1 to ten years", async () => {
    for (const banExpiresIn of [1e300, -100, 0, 1.5, "3600"]) {
      await refused("/admin/ban-user", { userId: targetId, banExpiresIn }, "INVALID_BAN_EXPIRY");
    }
    expect((await stored())?.banned).toBe(false);
    const ok = await call("/admin/ban-user", { body: { userId: targetId, banExpiresIn: 3600 }, jar: admin });
    expect(ok.status).toBe(200);
    const row = await stored();
    expect(row?.banned).toBe(true);
    expect(row?.banExpires?.getTime()).toBeGreaterThan(Date.now());
  });
});
