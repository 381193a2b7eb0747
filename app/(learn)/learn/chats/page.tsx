import type { Metadata } from "next";
import Link from "next/link";
import { TutorChat } from "@/components/tutor/tutor-chat";
import { getDb } from "@/db/client";
import { listThreadSummaries } from "@/db/queries/chat-history";
import { requireVerified } from "@/lib/auth/session";
import { tutorSettings } from "@/lib/chatkit/settings";
import { hasEnded } from "@/lib/enrolment/enrolment";
import { currentEnrolment } from "@/lib/enrolment/learner";
import { EnrolmentEndedNotice } from "../_components/enrolment-ended-notice";

export const metadata: Metadata = { title: "Your conversations" };

export default async function ChatsPage({ searchParams }: { searchParams: Promise<{ thread?: string }> }) {
  const user = await requireVerified("/learn/chats");
  const db = await getDb();
  const [{ thread }, threads, enrolment] = await Promise.all([
    searchParams,
    listThreadSummaries({ db, userId: user.id, limit: 100 }),
    currentEnrolment({ user, db }),
  ]);
  const open = threads.find((t) => t.id === thread)?.id ?? null;
  const grid = (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <section aria-labelledby="chats-title" className="space-y-3">
        <h1 id="chats-title" className="font-bold text-2xl">
          Your conversations
        </h1>
        {threads.length === 0 ? (
          <p className="text-muted-foreground text-sm">
            No conversations yet. Open a lesson and choose “Ask the tutor”.
          </p>
        ) : (
          <ul className="space-y-1" data-testid="history-list">
            {threads.map((t) => (
              <li key={t.id}>
                <Link
                  href={`/learn/chats?thread=${t.id}`}
                  className={`block rounded-md px-3 py-2 text-sm hover:bg-muted ${t.id === open ? "bg-accent" : ""}`}
                  aria-current={t.id === open ? "page" : undefined}
                >
                  <span className="block font-medium">{t.title ?? "New conversation"}</span>
                  <span className="block text-muted-foreground text-xs">
                    {t.lessonTitle ? `From “${t.lessonTitle}” · ` : ""}
                    {t.createdAt.toLocaleDateString("en", { day: "numeric", month: "short", year: "numeric" })}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Conversation" className="h-[70vh] min-h-96 overflow-hidden rounded-xl border">
        <TutorChat key={open ?? "new"} settings={tutorSettings()} initialThreadId={open} />
      </section>
    </div>
  );
  if (!enrolment || !hasEnded(enrolment)) return grid;
  return (
    <div className="space-y-6">
      <EnrolmentEndedNotice enrolment={enrolment} />
      {grid}
    </div>
  );
}
