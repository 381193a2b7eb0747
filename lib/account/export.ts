import "server-only";
import type { Executor } from "@/db/client";
import { readUserData } from "@/db/queries/account";
import { auditWriter } from "@/lib/auth/audit";
import { assistantText, userText } from "@/lib/chatkit/message-text";
import type { OutputText, UserMessageContent } from "@/lib/chatkit/protocol";
import { AppError } from "@/lib/errors";

export const EXPORT_FORMAT = "intellistack-tutor-export/1";

/** The readable text of a stored item; the stored wire content stays alongside it. */
function itemText(type: string, content: Record<string, unknown>): string | null {
  const parts = (content.content ?? []) as unknown[];
  if (type === "user_message") return userText(parts as UserMessageContent[]);
  if (type === "assistant_message") return assistantText(parts as OutputText[]);
  return null;
}

/**
 * Everything we hold about one user, as one JSON document: profile, sign-in methods (never
 * secrets or tokens), enrolments, progress, conversations with their messages, tutor usage,
 * and the audit events about them.
 */
export async function buildDataExport({ db, userId }: { db: Executor; userId: string }) {
  const data = await readUserData({ db, userId });
  if (!data) throw new AppError("account:not_found");
  const itemsByThread = Map.groupBy(data.items, (i) => i.threadId);
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    profile: data.profile,
    signInMethods: data.methods.map((m) => ({ provider: m.providerId, linkedAt: m.createdAt })),
    enrolments: data.enrolments,
    progress: data.progress,
    conversations: data.threads.map((t) => ({
      id: t.id,
      title: t.title,
      courseId: t.courseId,
      lessonId: t.lessonId,
      status: t.status,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
      messages: (itemsByThread.get(t.id) ?? []).map((i) => ({
        id: i.id,
        type: i.type,
        text: itemText(i.type, i.content),
        content: i.content,
        feedback: i.feedback,
        createdAt: i.createdAt,
      })),
    })),
    tutorUsage: data.usage,
    authEvents: data.events,
  };
}

/** The export as a download, recorded in the audit log. */
export async function exportResponse({ db, user }: { db: Executor; user: { id: string; email: string } }) {
  const body = await buildDataExport({ db, userId: user.id });
  await auditWriter(db)({ type: "data_export", userId: user.id, email: user.email });
  const day = body.exportedAt.slice(0, 10);
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="intellistack-tutor-data-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
