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

export async function insertAuthEvent({ db, event }: { db: Executor; event: AuthEventInput }): Promise<void> {
  await db.insert(authEvent).values({
    id: randomUUID(),
    type: event.type,
    userId: event.userId ?? null,
    email: event.email?.toLowerCase() ?? null,
    ip: event.ip ?? null,
    userAgent: event.userAgent?.slice(0, 512) ?? null,
    details: event.details ?? {},
  });
}
