import { ThumbsDown, ThumbsUp } from "lucide-react";
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
  const answers = found.items.filter((i) => i.type === "assistant_message");
  const up = answers.filter((i) => i.feedback === "positive").length;
  const down = answers.filter((i) => i.feedback === "negative").length;
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="font-bold text-2xl">{found.thread.title ?? "Untitled conversation"}</h1>
      <p className="text-muted-foreground text-sm">
        {found.thread.email} · started {found.thread.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC ·
        read-only
      </p>
      <p className="text-sm" data-testid="review-feedback-summary">
        Learner feedback: {up} helpful, {down} not helpful, {answers.length - up - down} of {answers.length} answers not
        rated.
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
              {item.feedback === "positive" || item.feedback === "negative" ? (
                <p
                  className={`mt-2 inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs ${item.feedback === "positive" ? "border-emerald-300 text-emerald-800" : "border-red-300 text-red-800"}`}
                  data-testid="review-feedback"
                  data-feedback={item.feedback}
                >
                  {item.feedback === "positive" ? (
                    <ThumbsUp className="size-3" aria-hidden />
                  ) : (
                    <ThumbsDown className="size-3" aria-hidden />
                  )}
                  The learner rated this answer {item.feedback === "positive" ? "helpful" : "not helpful"}
                </p>
              ) : null}
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
