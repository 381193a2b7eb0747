import { describe, expect, it } from "vitest";
import { HELP_WIDTH, usage } from "@/scripts/run-command";

describe("npm run cli -- help", () => {
  it("fits an 80-column terminal and still lists every command with its summary", () => {
    const lines = usage().split("\n");
    const widest = Math.max(...lines.map((l) => l.length));
    expect(widest).toBeLessThanOrEqual(HELP_WIDTH);
    for (const name of ["db:migrate", "db:seed", "content:reindex", "user:create", "oauth:client:create"]) {
      expect(lines.some((l) => l.startsWith(`  ${name}`))).toBe(true);
    }
    // Long option lists wrap instead of being cut: the last option of the longest usage survives.
    expect(usage()).toContain("[--skip-consent]");
  });
});
