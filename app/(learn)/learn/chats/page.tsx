import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { TutorChat } from "@/components/tutor/tutor-chat";
import { getDb } from "@/db/client";
import { findThread } from "@/db/queries/chat";
import { listThreadSummaries } from "@/db/queries/chat-history";
import { requireVerified } from "@/lib/auth/session";
import { relativeTime } from "@/lib/chatkit/client/wording";
import { tutorSettings } from "@/lib/chatkit/settings";
import { hasEnded } from "@/lib/enrolment/enrolment";
import { currentEnrolment } from "@/lib/enrolment/learner";
import { EnrolmentEndedNotice } from "../_components/enrolment-ended-notice";

export const metadata: Metadata = { title: "Your conversations" };

const PAGE_SIZE = 20;
const id = (v: unknown) => (typeof v === "string" && /^[\w-]{1,100}$/.test(v) ? v : undefined);

export default async function ChatsPage({
  searchParams,
}: {
  searchParams: Promise<{ thread?: string; after?: string }>;
}) {
  const user = await requireVerified("/learn/chats");
  const params = await searchParams;
  const db = await getDb();
  const [{ threads, next }, selected, enrolment] = await Promise.all([
    listThreadSummaries({ db, userId: user.id, limit: PAGE_SIZE, after: id(params.after) }),
    id(params.thread) ? findThread({ db, userId: user.id, threadId: id(params.thread) as string }) : undefined,
    currentEnrolment({ user, db }),
  ]);
  const open = selected?.id ?? null;
  const href = (q: { thread?: string; after?: string }) => {
    const search = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => Boolean(e[1])));
    return search.size > 0 ? `/learn/chats?${search}` : "/learn/chats";
  };
  const after = id(params.after);
  const now = new Date();
  const grid = (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <section aria-labelledby="chats-title" className="min-w-0 space-y-3">
        <div className="flex items-center justify-between gap-2">
          <h1 id="chats-title" className="font-bold text-2xl">
            Your conversations
          </h1>
          {open ? (
            <Link href={href({ after })} className="flex items-center gap-1 text-primary text-sm hover:underline">
              <Plus className="size-4" aria-hidden /> New
            </Link>
          ) : null}
        </div>
        {threads.length === 0 && !after ? (
          <p className="text-muted-foreground text-sm" data-testid="history-empty">
            No conversations yet. Ask the tutor a question here, or open a lesson and choose “Ask the tutor”.
          </p>
        ) : (
          <ul className="space-y-1" data-testid="history-list">
            {threads.map((t) => (
              <li key={t.id}>
                <Link
                  href={href({ thread: t.id, after })}
                  className={`block rounded-md px-3 py-2 text-sm hover:bg-muted ${t.id === open ? "bg-accent" : ""}`}
                  aria-current={t.id === open ? "page" : undefined}
                >
                  <span className="line-clamp-2 break-words font-medium" title={t.title ?? undefined}>
                    {t.title ?? "New conversation"}
                  </span>
                  <span className="block text-muted-foreground text-xs">
                    {t.lessonTitle ? `From “${t.lessonTitle}” · ` : ""}
                    <time dateTime={t.createdAt.toISOString()}>
                      started {relativeTime(t.createdAt.toISOString(), now)}
                    </time>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <nav aria-label="More conversations" className="flex justify-between gap-2 text-sm">
          {after ? (
            <Link href="/learn/chats" className="text-primary hover:underline">
              ← Most recent
            </Link>
          ) : (
            <span />
          )}
          {next ? (
            <Link href={href({ after: next })} className="text-primary hover:underline" data-testid="history-older">
              Older conversations →
            </Link>
          ) : null}
        </nav>
      </section>
      <section aria-label="Conversation" className="h-[70vh] min-h-96 min-w-0 overflow-hidden rounded-xl border">
        <TutorChat
          key={open ?? "new"}
          settings={tutorSettings()}
          initialThreadId={open}
          threadList={false}
          focusOnMount={false}
        />
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
