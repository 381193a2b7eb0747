"use client";

import { lazy, Suspense, useEffect, useState } from "react";
import { CHATKIT_FALLBACK_LOG, resolveChatMode, type TutorSettings } from "@/lib/chatkit/client/wording";
import type { ChatHandle } from "./builtin-chat";
import type { LessonInfo } from "./chatkit-panel";
import { useChatKitDefined } from "./use-chatkit-script";

// Each client is its own chunk: a page with ChatKit never downloads the built-in chat, and
// the other way round.
const ChatKitPanel = lazy(() => import("./chatkit-panel").then((m) => ({ default: m.ChatKitPanel })));
const BuiltinChat = lazy(() => import("./builtin-chat").then((m) => ({ default: m.BuiltinChat })));

export const tutorLoading = <p className="p-4 text-muted-foreground text-sm">Loading the tutor…</p>;

/** The chat itself, in whichever client the settings and the browser allow. */
export function TutorChat({
  settings,
  lesson,
  initialThreadId,
  chatRef,
  threadList = true,
  focusOnMount = true,
}: {
  settings: TutorSettings;
  lesson?: LessonInfo;
  initialThreadId?: string | null;
  chatRef?: React.Ref<ChatHandle>;
  /** False where the page lists the conversations itself (/learn/chats), so there is one list. */
  threadList?: boolean;
  /** False where the chat is part of a page rather than a panel the learner opened. */
  focusOnMount?: boolean;
}) {
  const defined = useChatKitDefined(settings.mode !== "builtin");
  const mode = resolveChatMode(settings.mode, defined);
  const [problem, setProblem] = useState<string | null>(null);
  const fellBack = settings.mode === "auto" && mode === "builtin";
  useEffect(() => {
    // For developers and operators only: learners get a working chat either way.
    if (fellBack) console.info(CHATKIT_FALLBACK_LOG);
  }, [fellBack]);
  if (mode === "pending") return tutorLoading;
  return (
    <div className="flex h-full min-h-0 flex-col" data-chat-mode={mode}>
      {problem ? (
        <p role="alert" className="border-b bg-destructive/5 px-3 py-1.5 text-destructive text-xs">
          {problem}
        </p>
      ) : null}
      <div className="min-h-0 flex-1">
        <Suspense fallback={tutorLoading}>
          {mode === "chatkit" ? (
            <ChatKitPanel
              ref={chatRef}
              domainKey={settings.domainKey}
              lesson={lesson}
              initialThreadId={initialThreadId}
              onProblem={setProblem}
              history={threadList}
            />
          ) : (
            <BuiltinChat
              ref={chatRef}
              lessonId={lesson?.id}
              limit={settings.limit}
              initialThreadId={initialThreadId}
              threadList={threadList}
              focusOnMount={focusOnMount}
            />
          )}
        </Suspense>
      </div>
    </div>
  );
}
