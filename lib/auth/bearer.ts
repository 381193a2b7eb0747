import "server-only";
import { getDb } from "@/db/client";
import { findUserBySession } from "@/db/queries/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { issuerFor, JWT_AUDIENCE } from "./auth";
import { getAuth } from "./instance";
import { JwksCache, JwksUnavailableError } from "./jwks-cache";
import { type SessionUser, toSessionUser } from "./user";

const store = globalThis as unknown as { __intellistackJwks?: JwksCache };

function cache(): JwksCache {
  store.__intellistackJwks ??= new JwksCache({
    // In process: the same keys /api/auth/jwks publishes, without a request to ourselves.
    fetchJwks: async () => (await getAuth()).api.getJwks(),
  });
  return store.__intellistackJwks;
}

/** Installs a JWKS cache (tests point it at an in-process JWKS). */
export function installJwksCache(jwks: JwksCache): void {
  store.__intellistackJwks = jwks;
}

/**
 * The user behind `Authorization: Bearer <JWT>` (a token from /api/auth/token). The signature,
 * issuer, audience and expiry are checked against our JWKS; then the session the token was
 * issued from (its `sid`) must still exist, so a token dies with its session: sign-out, a
 * password reset, "sign out everywhere", a ban and account deletion all end it on the next
 * request (no cache, so no delay). The role comes from the database, not the token, so a role
 * change applies at once. Tokens without `sid` (issued before it existed) are refused.
 */
export async function userFromBearer(request: Request): Promise<SessionUser | null> {
  const token = (request.headers.get("authorization") ?? "").replace(/^bearer\s+/i, "").trim();
  if (!token) return null;
  let sub: string | undefined;
  let sid: unknown;
  try {
    const payload = await cache().verify(token, { issuer: issuerFor(env().appUrl), audience: JWT_AUDIENCE });
    sub = payload.sub;
    sid = payload.sid;
  } catch (err) {
    if (err instanceof JwksUnavailableError) {
      throw new AppError("auth:jwks_unavailable", "Token verification is temporarily unavailable.", {
        "Retry-After": String(err.retryAfterSeconds),
      });
    }
    return null;
  }
  if (!sub || typeof sid !== "string") return null;
  const user = await findUserBySession({ db: await getDb(), userId: sub, sessionId: sid });
  if (!user || user.banned) return null;
  return toSessionUser(user);
}
