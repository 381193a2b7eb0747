import "server-only";
import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import { type AuthEventType, authEvent } from "@/db/schema";

export interface AuthEventInput {
  type: AuthEventType;
  userId?: string | null;
  email?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

const toRow = (event: AuthEventInput) => ({
  id: randomUUID(),
  type: event.type,
  userId: event.userId ?? null,
  email: event.email?.toLowerCase() ?? null,
  ip: event.ip ?? null,
  userAgent: event.userAgent?.slice(0, 512) ?? null,
  details: event.details ?? {},
});

export async function insertAuthEvent({ db, event }: { db: Executor; event: AuthEventInput }): Promise<void> {
  await db.insert(authEvent).values(toRow(event));
}

/** Many events in one statement (an import records one per user). */
export async function insertAuthEvents({ db, events }: { db: Executor; events: AuthEventInput[] }): Promise<void> {
  if (events.length > 0) await db.insert(authEvent).values(events.map(toRow));
}
