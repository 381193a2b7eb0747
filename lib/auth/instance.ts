import path from "node:path";
import { getDb } from "@/db/client";
import { outboxMailer, resendMailer } from "@/lib/email/send";
import { env } from "@/lib/env";
import { CLIENT_IP_HEADER, VERCEL_IP_HEADER } from "@/lib/http/client-ip";
import { type Auth, createAuth } from "./auth";
import { authSecret } from "./secret";

// One instance per process, created on first use (it needs the database, which opens lazily).
const store = globalThis as unknown as { __intellistackAuth?: Promise<Auth> };

export function mailDir(): string {
  return path.join(env().dataDir, "mail");
}

export function getAuth(): Promise<Auth> {
  store.__intellistackAuth ??= (async () => {
    const config = env();
    const db = await getDb();
    return createAuth({
      db,
      baseURL: config.appUrl,
      secret: authSecret(config),
      mailer: config.email.resendApiKey
        ? resendMailer(config.email.resendApiKey, config.email.from)
        : outboxMailer(mailDir()),
      social: config.social,
      rateLimitEnabled: config.rateLimitEnabled,
      clientIpHeader: config.onVercel ? VERCEL_IP_HEADER : CLIENT_IP_HEADER,
      adminRequireTwoFactor: config.adminRequireTwoFactor,
    });
  })().catch((err) => {
    store.__intellistackAuth = undefined;
    throw err;
  });
  return store.__intellistackAuth;
}

/** Installs an auth instance built elsewhere (tests build theirs against a test database). */
export function installAuthInstance(auth: Auth): void {
  store.__intellistackAuth = Promise.resolve(auth);
}

/**
 * Creates the first signing key before any traffic: keys are created lazily, and parallel
 * first requests would each create one (better-auth issue #5663).
 */
export async function ensureSigningKey(auth?: Auth): Promise<void> {
  await (auth ?? (await getAuth())).api.getJwks();
}
