import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MessageList } from "@/components/tutor/message-list";
import { getDb } from "@/db/client";
import { threadForReview, threadSearches } from "@/db/queries/thread-review";
import { auditWriter } from "@/lib/auth/audit";
import { requireRole } from "@/lib/auth/session";
import { type ChatMessage, toMessage } from "@/lib/chatkit/client/chat-state";
import { itemToWire } from "@/lib/chatkit/store";

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
  // The same conversion and renderer the learner's chat uses: markdown, maths and sources as they saw them.
  const messages = found.items.flatMap((row): ChatMessage[] => {
    const message = toMessage(itemToWire(row));
    return message ? [{ ...message, feedback: (row.feedback as ChatMessage["feedback"]) ?? undefined }] : [];
  });
  return (
    <div className="max-w-3xl space-y-4">
      <Link href="/admin/threads" className="text-primary text-sm hover:underline">
        ← All threads
      </Link>
      <h1 className="break-words font-bold text-2xl">{found.thread.title ?? "Untitled conversation"}</h1>
      <p className="break-words text-muted-foreground text-sm">
        {found.thread.email} · started {found.thread.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC ·
        read-only. The learner's messages are on the right, the tutor's answers on the left.
      </p>
      <p className="text-sm" data-testid="review-feedback-summary">
        Learner feedback: {up} helpful, {down} not helpful, {answers.length - up - down} of {answers.length} answers not
        rated.
      </p>
      <div className="rounded-xl border p-3 sm:p-4" data-testid="review-items">
        <MessageList messages={messages} streaming={false} speakers={{ user: "Learner", assistant: "Tutor" }} />
      </div>
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
