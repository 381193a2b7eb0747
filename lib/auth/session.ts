import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { touchSession } from "@/db/queries/account";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { userFromBearer } from "./bearer";
import { getAuth } from "./instance";
import type { Role } from "./roles";
import { type SessionUser, toSessionUser } from "./user";

export type { SessionUser };

export interface CurrentSession {
  user: SessionUser;
  session: { id: string; createdAt: Date };
}

/** "Last active" on the account page is this precise. */
const TOUCH_MINUTES = 5;

/**
 * Whether a session read in this request should have its "last active" time moved: only when
 * it is older than TOUCH_MINUTES. The session row was just read, so a recent one costs no
 * statement at all (the UPDATE's own condition stays, for sessions touched in between).
 */
export const needsTouch = (updatedAt: Date | string | undefined, now = Date.now()) =>
  // Written as "not recent" so a missing or unreadable time (NaN) is touched.
  !(now - new Date(updatedAt ?? Number.NaN).getTime() < TOUCH_MINUTES * 60_000);

async function touch(session: { id: string; updatedAt?: Date | string }) {
  if (!needsTouch(session.updatedAt)) return;
  await touchSession({ db: await getDb(), sessionId: session.id, minutes: TOUCH_MINUTES });
}

/** The signed-in session of this request (read once per request; the cookie cache is off). */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  // headers() first: it marks the page dynamic before anything opens the database, so
  // `next build` never prerenders (and never connects) for a page that shows the session.
  const requestHeaders = await headers();
  const auth = await getAuth();
  const found = await auth.api.getSession({ headers: requestHeaders });
  if (!found) return null;
  await touch(found.session);
  return {
    user: toSessionUser(found.user),
    session: { id: found.session.id, createdAt: new Date(found.session.createdAt) },
  };
});

/** The signed-in user of this request. */
export async function getSessionUser(): Promise<SessionUser | null> {
  return (await getCurrentSession())?.user ?? null;
}

// ---- pages and server actions: redirect -------------------------------------------------

/** Where a user who must choose a new password is sent (the page itself uses getSessionUser). */
export const NEW_PASSWORD_PATH = "/new-password";

export async function requireUser(next?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  if (user.passwordChangeRequired) {
    redirect(next ? `${NEW_PASSWORD_PATH}?next=${encodeURIComponent(next)}` : NEW_PASSWORD_PATH);
  }
  return user;
}

/** Signed in with a verified email; otherwise to the page that explains and resends the link. */
export async function requireVerified(next?: string): Promise<SessionUser> {
  const user = await requireUser(next);
  if (!user.emailVerified) redirect("/verify-email");
  return user;
}

/** Where an admin without two-step verification is sent to turn it on. */
export const TWO_FACTOR_SETUP_PATH = "/account/security?required=admin";

/** An admin acting as one must have two-step verification when ADMIN_REQUIRE_2FA is on. */
export const lacksRequiredTwoFactor = (user: SessionUser) =>
  user.role === "admin" && !user.twoFactorEnabled && env().adminRequireTwoFactor;

export async function requireRole(allowed: Role[], next?: string): Promise<SessionUser> {
  const user = await requireUser(next);
  if (!allowed.includes(user.role)) redirect("/learn?denied=1");
  if (lacksRequiredTwoFactor(user)) redirect(TWO_FACTOR_SETUP_PATH);
  return user;
}

// ---- route handlers: 401/403 JSON ------------------------------------------------------

/** The caller of an API request: a session cookie, or `Authorization: Bearer <JWT>`. */
export async function getRequestUser(request: Request): Promise<SessionUser | null> {
  if (/^bearer\s/i.test(request.headers.get("authorization") ?? "")) return userFromBearer(request);
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: request.headers });
  if (!session) return null;
  await touch(session.session);
  return toSessionUser(session.user);
}

export async function requireApiUser(request: Request): Promise<SessionUser> {
  const user = await getRequestUser(request);
  if (!user) throw new AppError("auth:unauthenticated");
  if (!user.emailVerified) throw new AppError("auth:unverified");
  return user;
}

export async function requireApiRole(request: Request, allowed: Role[]): Promise<SessionUser> {
  const user = await requireApiUser(request);
  if (!allowed.includes(user.role)) throw new AppError("auth:forbidden");
  if (lacksRequiredTwoFactor(user)) throw new AppError("auth:two_factor_required");
  return user;
}
