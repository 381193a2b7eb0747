"use client";

import { History, RotateCcw } from "lucide-react";
import Link from "next/link";
import { forwardRef, useImperativeHandle, useLayoutEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { quotaRemainingLabel } from "@/lib/chatkit/client/wording";
import { Composer } from "./composer";
import { MessageList } from "./message-list";
import { ShowMore } from "./show-more";
import { ThreadList } from "./thread-list";
import { useTutorChat } from "./use-tutor-chat";

export interface ChatHandle {
  /** Puts a selection in the composer as quoted text and focuses it. */
  askAbout(text: string): void;
}

/** Our own client for the ChatKit protocol: used when the ChatKit component is unavailable. */
export const BuiltinChat = forwardRef<
  ChatHandle,
  { lessonId?: string; limit: number; initialThreadId?: string | null; threadList?: boolean; focusOnMount?: boolean }
>(function BuiltinChat({ lessonId, limit, initialThreadId, threadList = true, focusOnMount = true }, ref) {
  const chat = useTutorChat({ lessonId, limit, initialThreadId });
  const [quoted, setQuoted] = useState<string | null>(null);
  const [focus, setFocus] = useState(0);
  const [showThreads, setShowThreads] = useState(false);
  useImperativeHandle(ref, () => ({
    askAbout(text) {
      setQuoted(text);
      setFocus((n) => n + 1);
    },
  }));

  // Earlier messages go in above those read: the view stays on the same message, not at the top.
  const scroller = useRef<HTMLDivElement>(null);
  const fromBottom = useRef<number | null>(null);
  const firstId = chat.messages[0]?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when messages are put in above
  useLayoutEffect(() => {
    const box = scroller.current;
    if (box && fromBottom.current !== null) box.scrollTop = box.scrollHeight - fromBottom.current;
    fromBottom.current = null;
  }, [firstId]);
  const loadEarlier = () => {
    const box = scroller.current;
    fromBottom.current = box ? box.scrollHeight - box.scrollTop : null;
    return chat.loadEarlier();
  };

  const quotaShown = chat.quota !== null && chat.quota.remaining < chat.quota.limit;
  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="builtin-chat">
      {threadList || chat.retrievalOnly || quotaShown ? (
        <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1 border-b px-3 py-2">
          {threadList ? (
            <Button variant="ghost" size="sm" onClick={() => setShowThreads((v) => !v)} aria-expanded={showThreads}>
              <History aria-hidden /> Conversations
            </Button>
          ) : (
            <span />
          )}
          <div className="flex items-center gap-2">
            {chat.retrievalOnly ? (
              <Badge
                variant="secondary"
                title="No language model is configured: answers are passages from your lessons."
                data-testid="retrieval-only-badge"
              >
                Retrieval-only
              </Badge>
            ) : null}
            {chat.quota && quotaShown ? (
              <span
                className="text-muted-foreground text-xs"
                title="Students have a number of tutor messages per rolling 24 hours; each frees up 24 hours after it was sent."
                data-testid="quota-remaining"
              >
                {quotaRemainingLabel(chat.quota)}
              </span>
            ) : null}
          </div>
        </div>
      ) : null}
      {threadList && showThreads ? (
        <div className="max-h-64 overflow-y-auto border-b p-3">
          <ThreadList
            threads={chat.threads}
            activeId={chat.threadId}
            onOpen={(id) => {
              void chat.openThread(id);
              setShowThreads(false);
            }}
            onNew={() => {
              void chat.openThread(null);
              setShowThreads(false);
            }}
            onRename={chat.rename}
            onDelete={chat.remove}
            onMore={chat.moreThreads ? chat.loadMoreThreads : undefined}
          />
        </div>
      ) : null}
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto p-3">
        {chat.messages.length === 0 ? (
          <p className="text-muted-foreground text-sm" data-testid="chat-empty">
            {lessonId
              ? "Ask about the lesson, or select text in it and choose “Ask AI”."
              : "Ask about any lesson you have unlocked."}
          </p>
        ) : (
          <>
            {chat.earlier ? <ShowMore label="Show earlier messages" onClick={loadEarlier} /> : null}
            <MessageList messages={chat.messages} streaming={chat.streaming} onRate={chat.rate} />
          </>
        )}
        {chat.notice ? (
          <p role="status" className="mt-3 rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-xs">
            {chat.notice}
          </p>
        ) : null}
        {chat.problem ? (
          <div
            role="alert"
            className="mt-3 space-y-2 rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm"
            data-testid="tutor-problem"
          >
            <p>{chat.problem.message}</p>
            {chat.problem.retry ? (
              <Button size="sm" variant="outline" onClick={() => void chat.retry()}>
                <RotateCcw aria-hidden /> Try again
              </Button>
            ) : null}
            {chat.problem.kind === "unverified" ? (
              <Link href="/verify-email" className="text-primary text-sm underline">
                Confirm your email
              </Link>
            ) : null}
            {chat.problem.kind === "signed-out" ? (
              <Link href="/sign-in" className="text-primary text-sm underline">
                Sign in
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>
      <Composer
        streaming={chat.streaming}
        disabled={chat.problem?.kind === "quota"}
        quoted={quoted}
        onClearQuote={() => setQuoted(null)}
        focusSignal={focus}
        focusOnMount={focusOnMount}
        placeholder={lessonId ? "Ask about this lesson…" : "Ask about the course…"}
        onStop={chat.stop}
        onSend={(text) => {
          void chat.send(text, quoted ?? undefined);
          setQuoted(null);
        }}
      />
    </div>
  );
});
