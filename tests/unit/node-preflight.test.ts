import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import pkg from "@/package.json";

const { nodeProblem } = createRequire(import.meta.url)("../../scripts/check-node.cjs") as {
  nodeProblem: (version: string, range: string) => string | null;
};

describe("the Node version preflight (scripts/check-node.cjs)", () => {
  it("accepts the engines range's minimum and anything newer", () => {
    expect(nodeProblem("22.12.0", ">=22.12")).toBeNull();
    expect(nodeProblem("22.13.1", ">=22.12")).toBeNull();
    expect(nodeProblem("24.0.0", ">=22.12")).toBeNull();
    expect(nodeProblem(process.versions.node, pkg.engines.node)).toBeNull();
  });

  it("refuses older versions in one line that names the required and the running version", () => {
    const problem = nodeProblem("20.19.0", ">=22.12");
    expect(problem).toMatch(/^IntelliStack Tutor needs Node\.js >=22\.12 .*this is Node 20\.19\.0\./);
    expect(problem).not.toContain("\n");
    expect(nodeProblem("22.11.9", ">=22.12")).not.toBeNull();
  });

  it("refuses a range it cannot read instead of letting everything through", () => {
    expect(() => nodeProblem("24.0.0", "^22 || ^24")).toThrow(/unsupported engines\.node range/);
  });
});
