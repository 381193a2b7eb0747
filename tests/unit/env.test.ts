import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES, EnvError, parseEnv } from "@/lib/env";

const prod = {
  NODE_ENV: "production",
  BETTER_AUTH_SECRET: "x".repeat(32),
  BETTER_AUTH_URL: "https://tutor.example.com",
  CRON_SECRET: "c".repeat(16),
};

describe("parseEnv", () => {
  it("defaults to PGlite under DATA_DIR with no configuration at all", () => {
    const env = parseEnv({});
    expect(env.database).toEqual({ driver: "pglite", dataDir: expect.stringMatching(/\.data\/pglite$/) });
    expect(env.tutorDailyLimit).toBe(20);
    expect(env.auditRetentionDays).toBe(400);
    expect(env.chat.ui).toBe("auto");
    expect(env.rateLimitEnabled).toBe(false);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", TUTOR_DAILY_LIMIT: "" }).database.driver).toBe("pglite");
  });

  it("picks node-postgres for postgres:// and the Neon driver for Neon hosts or when forced", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u:p@localhost/db" }).database.driver).toBe("pg");
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@ep-x-1.eu-central-1.aws.neon.tech/db" }).database.driver).toBe(
      "neon",
    );
    expect(parseEnv({ DATABASE_URL: "postgres://u:p@localhost/db", DATABASE_DRIVER: "neon" }).database.driver).toBe(
      "neon",
    );
  });

  it("names statements on a server database unless DATABASE_NAMED_STATEMENTS turns it off", () => {
    const url = "postgres://u:p@localhost/db";
    expect(parseEnv({ DATABASE_URL: url }).database).toMatchObject({ namedStatements: true });
    expect(parseEnv({ DATABASE_URL: url, DATABASE_NAMED_STATEMENTS: "false" }).database).toMatchObject({
      namedStatements: false,
    });
    expect(() => parseEnv({ DATABASE_URL: url, DATABASE_NAMED_STATEMENTS: "sometimes" })).toThrow(
      /DATABASE_NAMED_STATEMENTS/,
    );
  });

  it("names the bad variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/db" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(EnvError);
    expect(() => parseEnv({ TUTOR_DAILY_LIMIT: "-3" })).toThrow(/TUTOR_DAILY_LIMIT/);
    expect(() => parseEnv({ CHAT_UI: "fancy" })).toThrow(/CHAT_UI/);
    expect(() => parseEnv({ AUDIT_RETENTION_DAYS: "0" })).toThrow(/AUDIT_RETENTION_DAYS/);
    expect(parseEnv({ AUDIT_RETENTION_DAYS: "90" }).auditRetentionDays).toBe(90);
  });

  it("requires the secrets in production, but not while building", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/BETTER_AUTH_SECRET: required in production/);
    expect(() => parseEnv({ ...prod, CRON_SECRET: undefined })).toThrow(/CRON_SECRET/);
    expect(parseEnv(prod).rateLimitEnabled).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).isBuildPhase).toBe(true);
  });

  it("takes the test-only password hash cost outside production and refuses it in production", () => {
    expect(parseEnv({}).fastPasswordHashForTests).toBe(false);
    expect(parseEnv({ NODE_ENV: "test", TEST_FAST_PASSWORD_HASH: "true" }).fastPasswordHashForTests).toBe(true);
    expect(() => parseEnv({ ...prod, TEST_FAST_PASSWORD_HASH: "true" })).toThrow(
      /TEST_FAST_PASSWORD_HASH: for test suites only/,
    );
    expect(parseEnv({ ...prod, TEST_FAST_PASSWORD_HASH: "false" }).fastPasswordHashForTests).toBe(false);
  });

  it("turns on the model only with an API key and keeps an OpenAI-compatible base URL", () => {
    const env = parseEnv({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "http://127.0.0.1:9999/v1", TUTOR_MODEL: "m" });
    expect(env.model).toMatchObject({ apiKey: "sk-test", baseURL: "http://127.0.0.1:9999/v1", tutorModel: "m" });
  });
});

describe(".env.example", () => {
  it("documents exactly the variables lib/env.ts reads, each with a comment", () => {
    const lines = fs.readFileSync(path.join(import.meta.dirname, "../../.env.example"), "utf8").split("\n");
    const documented = lines.flatMap((line, i) => {
      const m = /^#?\s?([A-Z][A-Z0-9_]*)=/.exec(line);
      return m?.[1] ? [{ name: m[1], comment: lines[i - 1]?.startsWith("# ") ?? false }] : [];
    });
    expect(documented.map((d) => d.name).sort()).toEqual([...ENV_VARIABLES].sort());
    expect(documented.filter((d) => !d.comment).map((d) => d.name)).toEqual([]);
  });
});
