import { describe, expect, it } from "vitest";
import { dropBlankVariables, ENV_VARIABLES, parseEnv } from "@/lib/env";
import { runCli } from "../support/cli";

/**
 * Issue 14, item 8: `OPENAI_BASE_URL=` (empty) made every route answer 500 while the server
 * said Ready: the OpenAI provider reads that variable itself when its module loads and throws
 * on an empty string. Empty means unset for every variable, both in our parsing and in
 * process.env before anything else loads (the server's run is in tests/security/faults.spec.ts).
 */
const production = {
  NODE_ENV: "production",
  BETTER_AUTH_SECRET: "s".repeat(40),
  BETTER_AUTH_URL: "https://tutor.example.com",
  CRON_SECRET: "c".repeat(20),
};

describe("an empty variable is an unset variable", () => {
  it.each([...ENV_VARIABLES])("%s", (name) => {
    for (const base of [{}, production]) {
      if (name in base) continue;
      for (const blank of ["", "   "]) {
        expect(parseEnv({ ...base, [name]: blank }), `${name}=${JSON.stringify(blank)}`).toEqual(parseEnv(base));
      }
    }
  });

  it("a required production variable left empty is reported as missing, by name", () => {
    expect(() => parseEnv({ ...production, CRON_SECRET: "" })).toThrow(/CRON_SECRET: required in production/);
  });

  it("blank values are removed from process.env itself, so libraries reading it directly see nothing", () => {
    const saved = { OPENAI_BASE_URL: process.env.OPENAI_BASE_URL, QDRANT_URL: process.env.QDRANT_URL };
    process.env.OPENAI_BASE_URL = "";
    process.env.QDRANT_URL = " ";
    try {
      dropBlankVariables();
      expect("OPENAI_BASE_URL" in process.env).toBe(false);
      expect("QDRANT_URL" in process.env).toBe(false);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
    }
  });

  it("the CLI starts with every variable empty (it used to crash loading the model provider)", async () => {
    const blank = Object.fromEntries(ENV_VARIABLES.filter((n) => n !== "NODE_ENV").map((n) => [n, ""]));
    const result = await runCli(["help"], { ...blank, OPENAI_API_KEY: "sk-local", DATA_DIR: "" });
    expect(result.stderr).not.toMatch(/baseURL must be/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/usage: npm run cli/);
  }, 60_000);
});
