import "server-only";
import type { Executor } from "@/db/client";
import { findSessionToken, listUserSessions } from "@/db/queries/account";
import type { Auth } from "@/lib/auth/auth";
import { AppError } from "@/lib/errors";
import { viaAuth } from "./auth-call";
import { type Device, describeDevice } from "./devices";

export interface DeviceSession {
  id: string;
  device: Device;
  ipAddress: string | null;
  signedInAt: Date;
  lastActiveAt: Date;
  current: boolean;
}

/** The user's active sessions with a readable device, the current one first. */
export async function deviceSessions({
  db,
  userId,
  currentSessionId,
}: {
  db: Executor;
  userId: string;
  currentSessionId: string;
}): Promise<DeviceSession[]> {
  const rows = await listUserSessions({ db, userId });
  return rows
    .map((r) => ({
      id: r.id,
      device: describeDevice(r.userAgent),
      ipAddress: r.ipAddress,
      signedInAt: r.createdAt,
      lastActiveAt: r.updatedAt > r.createdAt ? r.updatedAt : r.createdAt,
      current: r.id === currentSessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

interface Caller {
  db: Executor;
  auth: Auth;
  headers: Headers;
  userId: string;
}

/**
 * Signs one of the user's other devices out. The browser never sees session tokens: it names
 * the session by id, and the token is looked up for this user only.
 */
export async function revokeDeviceSession({
  db,
  auth,
  headers,
  userId,
  sessionId,
  currentSessionId,
}: Caller & { sessionId: string; currentSessionId: string }) {
  if (sessionId === currentSessionId) {
    throw new AppError("account:rejected", "That is this device: use “Sign out” instead.");
  }
  const token = await findSessionToken({ db, userId, sessionId });
  if (!token) throw new AppError("account:not_found", "That session has already ended.");
  await viaAuth(() => auth.api.revokeSession({ headers, body: { token } }));
}

/** Signs out every session of the user except this one. */
export async function revokeOtherDeviceSessions({ auth, headers }: Omit<Caller, "db" | "userId">) {
  await viaAuth(() => auth.api.revokeOtherSessions({ headers }));
}
