import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "@/lib/auth/safe-next";

/**
 * Issue 14, item 2: `/sign-in?next=/\evil.test/` (or a tab between the slashes) landed on
 * http://evil.test/ after signing in. Every candidate is resolved the way the browser will
 * resolve it; only paths on the app's own origin survive (the browser run is in
 * tests/security/redirect.spec.ts).
 */
const ORIGIN = "http://127.0.0.1:3000";

describe("the path signing in leads to", () => {
  it.each([
    "/\\evil.test/",
    "/\t/evil.test/",
    "/\n/evil.test/",
    "//evil.test/",
    "/\\/evil.test/",
    "\\\\evil.test",
    "https://evil.test/learn",
    "http:evil.test",
    "javascript:alert(1)",
    " /learn",
    "",
  ])("refuses %j", (next) => {
    expect(safeNextPath(next, ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(new URL(safeNextPath(next, ORIGIN), ORIGIN).origin).toBe(ORIGIN);
  });

  it("reads odd but harmless paths the browser's way, staying on this site", () => {
    expect(safeNextPath("/\tevil.test/", ORIGIN)).toBe("/evil.test/");
    expect(safeNextPath("/%5Cevil.test", ORIGIN)).toBe("/%5Cevil.test");
    expect(safeNextPath("/learn/../admin", ORIGIN)).toBe("/admin");
  });

  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeNextPath("/learn/stage-1/lesson-2?tab=notes#exercise", ORIGIN)).toBe(
      "/learn/stage-1/lesson-2?tab=notes#exercise",
    );
    expect(safeNextPath("/admin/users?q=a%20b", ORIGIN)).toBe("/admin/users?q=a%20b");
  });

  it("ignores a repeated parameter (an array) and anything that is not text", () => {
    expect(safeNextPath(["/admin", "//evil.test"], ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNextPath(undefined, ORIGIN)).toBe(DEFAULT_AFTER_SIGN_IN);
  });
});
