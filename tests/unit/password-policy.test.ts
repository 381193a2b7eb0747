import { describe, expect, it } from "vitest";
import { checkPassword, PASSWORD_MAX } from "@/lib/auth/password-policy";

describe("checkPassword", () => {
  it("accepts a long, varied passphrase", () => {
    const result = checkPassword("Orbital-Mechanics-Rocks-42", { email: "sam@example.com", name: "Sam Carter" });
    expect(result.ok).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(3);
  });

  it("reports each unmet rule", () => {
    const result = checkPassword("short");
    const failed = result.rules.filter((r) => !r.ok).map((r) => r.id);
    expect(failed).toEqual(["length", "upper", "digit", "special"]);
    expect(result.ok).toBe(false);
  });

  it("counts code points, so 128 emoji are 128 characters", () => {
    const emoji = `Aa1!${"🙂".repeat(PASSWORD_MAX - 4)}`;
    expect(emoji.length).toBeGreaterThan(PASSWORD_MAX);
    expect(checkPassword(emoji).rules.find((r) => r.id === "max")?.ok).toBe(true);
    expect(checkPassword(`${emoji}x`).rules.find((r) => r.id === "max")?.ok).toBe(false);
  });

  it("treats letters and digits of any script as such", () => {
    const rules = checkPassword("Ωμέγα-ΑΛΦΑ-٣٤٥-ünïcödé").rules;
    expect(rules.filter((r) => r.id !== "max").every((r) => r.ok)).toBe(true);
  });

  it("rejects guessable passwords even when every rule is met", () => {
    const result = checkPassword("Password1234!");
    expect(result.rules.every((r) => r.ok)).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.problems.join(" ")).toMatch(/guess/i);
  });

  it("rejects passwords built from the user's own name or email", () => {
    expect(checkPassword("Ramanujan-Srinivasa-77!", { name: "Srinivasa Ramanujan" }).ok).toBe(false);
    expect(checkPassword("Hypatia.Alexandria-415!", { email: "hypatia.alexandria@example.org" }).ok).toBe(false);
  });
});
