import path from "node:path";
import { z } from "zod";

/**
 * The only reader of process.env. Every setting the app understands is declared here, parsed
 * once, and failures name the variable so a misconfigured deployment stops with a readable
 * reason instead of a stack trace deep inside a driver.
 */

// Empty strings come from `.env` files with `KEY=`; treat them as "not set".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

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
  DATABASE_URL: optional(postgresUrl),
  DATABASE_DRIVER: optional(z.enum(["pg", "neon"])),
  DATA_DIR: z.preprocess((v) => (v === "" ? undefined : v), z.string().default("./.data")),
  BETTER_AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  BETTER_AUTH_URL: optional(z.url()),
  GOOGLE_CLIENT_ID: optional(z.string()),
  GOOGLE_CLIENT_SECRET: optional(z.string()),
  GITHUB_CLIENT_ID: optional(z.string()),
  GITHUB_CLIENT_SECRET: optional(z.string()),
  RESEND_API_KEY: optional(z.string()),
  EMAIL_FROM: optional(z.string()),
  OPENAI_API_KEY: optional(z.string()),
  OPENAI_BASE_URL: optional(z.url()),
  TUTOR_MODEL: optional(z.string()),
  EMBEDDING_MODEL: optional(z.string()),
  QDRANT_URL: optional(z.url()),
  QDRANT_API_KEY: optional(z.string()),
  NEXT_PUBLIC_CHATKIT_DOMAIN_KEY: optional(z.string()),
  CHAT_UI: optional(z.enum(["auto", "chatkit", "builtin"])),
  TUTOR_DAILY_LIMIT: optional(z.coerce.number().int().min(0)),
  AUDIT_RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(36500)),
  RATE_LIMIT_ENABLED: optional(bool),
  CRON_SECRET: optional(z.string().min(16, "must be at least 16 characters")),
  NEXT_PHASE: optional(z.string()),
  PORT: optional(z.coerce.number().int().min(1).max(65535)),
});

type Raw = z.infer<typeof schema>;

/** Every variable this file reads (.env.example documents exactly these; a test checks it). */
export const ENV_VARIABLES = Object.keys(schema.shape) as (keyof Raw)[];

export type DatabaseConfig = { driver: "pglite"; dataDir: string } | { driver: "pg" | "neon"; url: string };

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

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
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
  if (problems.length > 0) throw new EnvError(problems);

  const dataDir = path.resolve(raw.DATA_DIR);
  return {
    nodeEnv: raw.NODE_ENV,
    isProduction,
    isBuildPhase,
    dataDir,
    database: raw.DATABASE_URL
      ? { driver: pickDriver(raw.DATABASE_URL, raw.DATABASE_DRIVER), url: raw.DATABASE_URL }
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
  };
}

let cached: Env | undefined;

/** The process's configuration, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
