import net from "node:net";
import path from "node:path";
import { z } from "zod";

/**
 * The only reader of process.env. Every setting the app understands is declared here, parsed
 * once, and failures name the variable so a misconfigured deployment stops with a readable
 * reason instead of a stack trace deep inside a driver.
 */

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const postgresUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "";
    } catch {
      return false;
    }
  },
  { message: "must be a postgres:// or postgresql:// URL with a host" },
);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Set to "1" by Vercel in its deployments. */
  VERCEL: z.string().optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_DRIVER: z.enum(["pg", "neon"]).optional(),
  DATABASE_NAMED_STATEMENTS: bool.optional(),
  DATA_DIR: z.string().default("./.data"),
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  BETTER_AUTH_URL: z.url().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  RESEND_API_KEY: z.string().optional(),
  EMAIL_FROM: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  TUTOR_MODEL: z.string().optional(),
  EMBEDDING_MODEL: z.string().optional(),
  QDRANT_URL: z.url().optional(),
  QDRANT_API_KEY: z.string().optional(),
  NEXT_PUBLIC_CHATKIT_DOMAIN_KEY: z.string().optional(),
  CHAT_UI: z.enum(["auto", "chatkit", "builtin"]).optional(),
  TUTOR_DAILY_LIMIT: z.coerce.number().int().min(0).optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).optional(),
  RATE_LIMIT_ENABLED: bool.optional(),
  TRUSTED_PROXIES: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine((entries) => entries.every(isAddressOrRange), {
      message: "must be a comma-separated list of IP addresses or CIDR ranges (e.g. 10.0.0.0/8, 127.0.0.1)",
    })
    .optional(),
  ADMIN_REQUIRE_2FA: bool.optional(),
  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  NEXT_PHASE: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Test suites only (like Django's test hasher); refused in production. */
  TEST_FAST_PASSWORD_HASH: bool.optional(),
  /** `npm run bench` only: turns on the floor route (app/api/bench/floor). Never on a deployment. */
  BENCH_FLOOR_ROUTE: bool.optional(),
});

function isAddressOrRange(entry: string): boolean {
  const [address = "", prefix, extra] = entry.split("/");
  const family = net.isIP(address);
  if (family === 0 || extra !== undefined) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

type Raw = z.infer<typeof schema>;

/** Every variable this file reads (.env.example documents exactly these; a test checks it). */
export const ENV_VARIABLES = Object.keys(schema.shape) as (keyof Raw)[];

export type DatabaseConfig =
  | { driver: "pglite"; dataDir: string }
  /** `namedStatements`: each connection prepares a statement once (default on; db/named-statements.ts). */
  | { driver: "pg" | "neon"; url: string; namedStatements?: boolean };

export interface Env {
  nodeEnv: Raw["NODE_ENV"];
  isProduction: boolean;
  /** True while `next build` collects page data: nothing may open the database then. */
  isBuildPhase: boolean;
  dataDir: string;
  database: DatabaseConfig;
  /** The public origin; better-auth's base URL and the OIDC issuer derive from it. */
  appUrl: string;
  auth: { secret?: string };
  social: {
    google?: { clientId: string; clientSecret: string };
    github?: { clientId: string; clientSecret: string };
  };
  email: { resendApiKey?: string; from: string };
  model: { apiKey?: string; baseURL?: string; tutorModel: string; embeddingModel?: string };
  qdrant?: { url: string; apiKey?: string };
  chat: { ui: "auto" | "chatkit" | "builtin"; domainKey: string };
  tutorDailyLimit: number;
  /** Audit and usage log rows older than this many days are deleted by the retention job. */
  auditRetentionDays: number;
  rateLimitEnabled: boolean;
  cronSecret?: string;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). */
  trustedProxies: string[];
  /** Running on Vercel, whose edge sets the client address header itself. */
  onVercel: boolean;
  /** Admins must have two-step verification turned on to use /admin and admin APIs. */
  adminRequireTwoFactor: boolean;
  /**
   * Hash passwords at a test-only scrypt cost (lib/auth/password-hash.ts). Hashes made with it
   * verify only while it is on; never true in production.
   */
  fastPasswordHashForTests: boolean;
  /** The benchmark's floor route answers (bench/README.md); it would spend the model's tokens for anyone. */
  benchFloorRoute: boolean;
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join("; ")}`);
    this.name = "EnvError";
  }
}

/** A Neon host gets the WebSocket driver (transactions work there; neon-http has none). */
function pickDriver(url: string, forced: Raw["DATABASE_DRIVER"]): "pg" | "neon" {
  if (forced) return forced;
  return new URL(url).hostname.endsWith(".neon.tech") ? "neon" : "pg";
}

function pair(id?: string, secret?: string) {
  return id && secret ? { clientId: id, clientSecret: secret } : undefined;
}

/**
 * The variables that are actually set. `KEY=` in a .env file, or a platform field left blank,
 * means "not set" for every variable, so each schema only ever sees real values.
 */
function setValues(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => (entry[1] ?? "").trim() !== ""),
  );
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(setValues(source));
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  const raw = parsed.data;
  const isProduction = raw.NODE_ENV === "production";
  const isBuildPhase = raw.NEXT_PHASE === "phase-production-build";

  const problems: string[] = [];
  if (isProduction && !isBuildPhase) {
    if (!raw.BETTER_AUTH_SECRET) problems.push("BETTER_AUTH_SECRET: required in production");
    if (!raw.BETTER_AUTH_URL) problems.push("BETTER_AUTH_URL: required in production");
    if (!raw.CRON_SECRET) problems.push("CRON_SECRET: required in production");
  }
  if (isProduction && raw.TEST_FAST_PASSWORD_HASH) {
    problems.push("TEST_FAST_PASSWORD_HASH: for test suites only, never in production");
  }
  if (problems.length > 0) throw new EnvError(problems);

  const dataDir = path.resolve(raw.DATA_DIR);
  return {
    nodeEnv: raw.NODE_ENV,
    isProduction,
    isBuildPhase,
    dataDir,
    database: raw.DATABASE_URL
      ? {
          driver: pickDriver(raw.DATABASE_URL, raw.DATABASE_DRIVER),
          url: raw.DATABASE_URL,
          namedStatements: raw.DATABASE_NAMED_STATEMENTS ?? true,
        }
      : { driver: "pglite", dataDir: path.join(dataDir, "pglite") },
    appUrl: (raw.BETTER_AUTH_URL ?? `http://localhost:${raw.PORT ?? 3000}`).replace(/\/+$/, ""),
    auth: { secret: raw.BETTER_AUTH_SECRET },
    social: {
      google: pair(raw.GOOGLE_CLIENT_ID, raw.GOOGLE_CLIENT_SECRET),
      github: pair(raw.GITHUB_CLIENT_ID, raw.GITHUB_CLIENT_SECRET),
    },
    email: {
      resendApiKey: raw.RESEND_API_KEY,
      from: raw.EMAIL_FROM ?? "IntelliStack Tutor <no-reply@localhost>",
    },
    model: {
      apiKey: raw.OPENAI_API_KEY,
      baseURL: raw.OPENAI_BASE_URL,
      tutorModel: raw.TUTOR_MODEL ?? "gpt-4.1-mini",
      embeddingModel: raw.EMBEDDING_MODEL,
    },
    qdrant: raw.QDRANT_URL ? { url: raw.QDRANT_URL, apiKey: raw.QDRANT_API_KEY } : undefined,
    chat: {
      ui: raw.CHAT_UI ?? "auto",
      // ChatKit's documented placeholder works on localhost only.
      domainKey: raw.NEXT_PUBLIC_CHATKIT_DOMAIN_KEY ?? "domain_pk_localhost_dev",
    },
    tutorDailyLimit: raw.TUTOR_DAILY_LIMIT ?? 20,
    auditRetentionDays: raw.AUDIT_RETENTION_DAYS ?? 400,
    rateLimitEnabled: raw.RATE_LIMIT_ENABLED ?? isProduction,
    cronSecret: raw.CRON_SECRET,
    trustedProxies: raw.TRUSTED_PROXIES ?? [],
    onVercel: raw.VERCEL === "1",
    adminRequireTwoFactor: raw.ADMIN_REQUIRE_2FA ?? isProduction,
    fastPasswordHashForTests: raw.TEST_FAST_PASSWORD_HASH ?? false,
    benchFloorRoute: raw.BENCH_FLOOR_ROUTE ?? false,
  };
}

/**
 * Removes blank values of our variables from process.env itself. Libraries read some of them
 * directly (the OpenAI provider reads OPENAI_BASE_URL when its module loads, and throws on an
 * empty one, failing every route that imports it), so this runs before anything else loads:
 * first thing in instrumentation.ts and in the CLI.
 */
export function dropBlankVariables(): void {
  for (const name of ENV_VARIABLES) {
    if (process.env[name]?.trim() === "") delete process.env[name];
  }
}

// On globalThis, with the app's other process-wide state (tests start each file without it).
const store = globalThis as unknown as { __intellistackEnv?: Env };

/** The process's configuration, parsed on first use. */
export function env(): Env {
  store.__intellistackEnv ??= parseEnv(process.env);
  return store.__intellistackEnv;
}
