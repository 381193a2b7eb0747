import { describe, expect, it, vi } from "vitest";
import { checkComposition, checkPassword, PASSWORD_MAX } from "@/lib/auth/password-policy";

/** Which of zxcvbn's packages have been loaded (each mock passes the real module through). */
const loaded = vi.hoisted(() => [] as string[]);
vi.mock("@zxcvbn-ts/language-en", async (importOriginal) => {
  loaded.push("language-en");
  return importOriginal();
});
vi.mock("@zxcvbn-ts/language-common", async (importOriginal) => {
  loaded.push("language-common");
  return importOriginal();
});

describe("checkPassword", () => {
  // First in the file: the module is imported above, and nothing has checked a password yet.
  it("loads zxcvbn's dictionaries on the first password checked, not when imported", async () => {
    expect(checkComposition("Short1!").ok).toBe(false);
    expect(loaded).toEqual([]);
    expect((await checkPassword("Orbital-Mechanics-Rocks-42")).ok).toBe(true);
    expect([...loaded].sort()).toEqual(["language-common", "language-en"]);
  });

  it("accepts a long, varied passphrase", async () => {
    const result = await checkPassword("Orbital-Mechanics-Rocks-42", { email: "sam@example.com", name: "Sam Carter" });
    expect(result.ok).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(3);
  });

  it("reports each unmet rule", async () => {
    const result = await checkPassword("short");
    const failed = result.rules.filter((r) => !r.ok).map((r) => r.id);
    expect(failed).toEqual(["length", "upper", "digit", "special"]);
    expect(result.ok).toBe(false);
  });

  it("counts code points, so 128 emoji are 128 characters", async () => {
    const emoji = `Aa1!${"🙂".repeat(PASSWORD_MAX - 4)}`;
    expect(emoji.length).toBeGreaterThan(PASSWORD_MAX);
    expect((await checkPassword(emoji)).rules.find((r) => r.id === "max")?.ok).toBe(true);
    expect((await checkPassword(`${emoji}x`)).rules.find((r) => r.id === "max")?.ok).toBe(false);
  });

  it("treats letters and digits of any script as such", async () => {
    const rules = (await checkPassword("Ωμέγα-ΑΛΦΑ-٣٤٥-ünïcödé")).rules;
    expect(rules.filter((r) => r.id !== "max").every((r) => r.ok)).toBe(true);
  });

  it("rejects guessable passwords even when every rule is met", async () => {
    const result = await checkPassword("Password1234!");
    expect(result.rules.every((r) => r.ok)).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.problems.join(" ")).toMatch(/guess/i);
  });

  it("rejects passwords built from the user's own name or email", async () => {
    expect((await checkPassword("Ramanujan-Srinivasa-77!", { name: "Srinivasa Ramanujan" })).ok).toBe(false);
    expect((await checkPassword("Hypatia.Alexandria-415!", { email: "hypatia.alexandria@example.org" })).ok).toBe(
      false,
    );
  });
});
