import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type AuthEventType, authEvent, user } from "@/db/schema";

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

/** Rows per statement: 7 parameters each stays well under the drivers' 65,535. */
const EVENTS_PER_INSERT = 1000;

/** Many events, a thousand per statement (an import records one per user). */
export async function insertAuthEvents({ db, events }: { db: Executor; events: AuthEventInput[] }): Promise<void> {
  for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) {
    await db.insert(authEvent).values(events.slice(i, i + EVENTS_PER_INSERT).map(toRow));
  }
}

/** The newest `lesson_publish` entry for a lesson: who published (name while the account exists), and which version. */
export async function lastLessonPublish({ db, lessonId }: { db: Executor; lessonId: string }) {
  const [row] = await db
    .select({ email: authEvent.email, name: user.name, details: authEvent.details })
    .from(authEvent)
    .leftJoin(user, eq(user.id, authEvent.userId))
    .where(
      and(
        eq(authEvent.type, "admin_action"),
        sql`${authEvent.details}->>'action' = 'lesson_publish'`,
        sql`${authEvent.details}->>'lessonId' = ${lessonId}`,
      ),
    )
    .orderBy(desc(authEvent.createdAt))
    .limit(1);
  return row;
}
