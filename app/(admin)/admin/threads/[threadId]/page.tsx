import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { threadForReview, threadSearches } from "@/db/queries/thread-review";
import { auditWriter } from "@/lib/auth/audit";
import { requireRole } from "@/lib/auth/session";
import { assistantText, userText } from "@/lib/chatkit/message-text";
import type { OutputText, UserMessageContent } from "@/lib/chatkit/protocol";

export const metadata: Metadata = { title: "Tutor thread" };

export default async function ThreadReviewPage({ params }: { params: Promise<{ threadId: string }> }) {
  const staff = await requireRole(["admin", "instructor"], "/admin/threads");
  const { threadId } = await params;
  const db = await getDb();
  const found = await threadForReview({ db, threadId: threadId.slice(0, 100) });
  if (!found) notFound();
  const searches = await threadSearches({ db, threadId: found.thread.id, userId: found.thread.userId });
  await auditWriter(db)({
    type: "thread_view",
    userId: found.thread.userId,
    email: found.thread.email,
    details: { threadId, by: staff.id, role: staff.role },
  });
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="font-bold text-2xl">{found.thread.title ?? "Untitled conversation"}</h1>
      <p className="text-muted-foreground text-sm">
        {found.thread.email} · started {found.thread.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC ·
        read-only
      </p>
      <ol className="space-y-3" data-testid="review-items">
        {found.items.map((item) => {
          const c = item.content as { content?: unknown[]; quoted_text?: string };
          const text =
            item.type === "user_message"
              ? userText((c.content ?? []) as UserMessageContent[])
              : assistantText((c.content ?? []) as OutputText[]);
          return (
            <li
              key={item.id}
              className={`rounded-lg border p-3 text-sm ${item.type === "user_message" ? "bg-accent/40" : ""}`}
            >
              <p className="mb-1 font-medium text-muted-foreground text-xs">
                {item.type === "user_message" ? "Learner" : "Tutor"}
              </p>
              {c.quoted_text ? (
                <blockquote className="mb-1 border-l-2 pl-2 text-muted-foreground text-xs">{c.quoted_text}</blockquote>
              ) : null}
              <p className="whitespace-pre-wrap">{text}</p>
            </li>
          );
        })}
      </ol>
      <section aria-labelledby="searches-heading" className="space-y-2">
        <h2 id="searches-heading" className="font-semibold text-lg">
          Course searches
        </h2>
        {searches.length === 0 ? (
          <p className="text-muted-foreground text-sm">No course search was recorded for this conversation.</p>
        ) : (
          <ol className="space-y-1 text-sm" data-testid="review-searches">
            {searches.map((s) => (
              <li key={s.key} className="rounded border p-2">
                <span className="text-muted-foreground text-xs">{s.at.toISOString().slice(11, 16)} UTC · </span>
                <q className="font-medium">{s.query}</q>
                <span className="text-muted-foreground"> → </span>
                {s.lessons.length > 0 ? s.lessons.map((l) => l.title).join(", ") : <em>nothing found</em>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
