"use client";

import { MessageCircle, X } from "lucide-react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { CHATKIT_FALLBACK_LOG, resolveChatMode, type TutorSettings } from "@/lib/chatkit/client/wording";
import { cn } from "@/lib/utils";
import { BuiltinChat, type ChatHandle } from "./builtin-chat";
import { ChatKitPanel, type LessonInfo } from "./chatkit-panel";
import { useChatKitDefined } from "./use-chatkit-script";

interface TutorPanelApi {
  askAbout(text: string): void;
}

const TutorContext = createContext<TutorPanelApi | null>(null);
export const useTutorPanel = () => useContext(TutorContext);

/** The chat itself, in whichever client the settings and the browser allow. */
export function TutorChat({
  settings,
  lesson,
  initialThreadId,
  chatRef,
  threadList = true,
}: {
  settings: TutorSettings;
  lesson?: LessonInfo;
  initialThreadId?: string | null;
  chatRef?: React.Ref<ChatHandle>;
  /** False where the page lists the conversations itself (/learn/chats), so there is one list. */
  threadList?: boolean;
}) {
  const defined = useChatKitDefined(settings.mode !== "builtin");
  const mode = resolveChatMode(settings.mode, defined);
  const [problem, setProblem] = useState<string | null>(null);
  const fellBack = settings.mode === "auto" && mode === "builtin";
  useEffect(() => {
    // For developers and operators only: learners get a working chat either way.
    if (fellBack) console.info(CHATKIT_FALLBACK_LOG);
  }, [fellBack]);
  if (mode === "pending") {
    return <p className="p-4 text-muted-foreground text-sm">Loading the tutor…</p>;
  }
  return (
    <div className="flex h-full min-h-0 flex-col" data-chat-mode={mode}>
      {problem ? (
        <p role="alert" className="border-b bg-destructive/5 px-3 py-1.5 text-destructive text-xs">
          {problem}
        </p>
      ) : null}
      <div className="min-h-0 flex-1">
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
          />
        )}
      </div>
    </div>
  );
}

/**
 * The tutor beside a lesson: a button opens a panel on the right (full screen on small
 * screens) that keeps the lesson readable. Children (the lesson) can open it and hand it a
 * selection through useTutorPanel().
 */
export function TutorPanelProvider({
  settings,
  lesson,
  children,
}: {
  settings: TutorSettings;
  lesson: LessonInfo;
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [mounted, setMounted] = useState(false);
  const chat = useRef<ChatHandle>(null);
  const pending = useRef<string | null>(null);

  const show = useCallback(() => {
    setMounted(true);
    setOpen(true);
  }, []);
  const api = useMemo<TutorPanelApi>(
    () => ({
      askAbout(text) {
        show();
        if (chat.current) chat.current.askAbout(text);
        else pending.current = text;
      },
    }),
    [show],
  );
  const setChat = useCallback((handle: ChatHandle | null) => {
    chat.current = handle;
    if (handle && pending.current) {
      handle.askAbout(pending.current);
      pending.current = null;
    }
  }, []);

  return (
    <TutorContext.Provider value={api}>
      <div className={cn("transition-[padding]", open && "lg:pr-[26rem]")}>{children}</div>
      {!open ? (
        <Button className="fixed right-4 bottom-4 z-40 shadow-lg" onClick={show} data-testid="open-tutor">
          <MessageCircle aria-hidden /> Ask the tutor
        </Button>
      ) : null}
      {mounted ? (
        <aside
          aria-label="Tutor"
          data-testid="tutor-panel"
          hidden={!open}
          className="fixed inset-0 z-50 flex flex-col border-l bg-background shadow-xl sm:inset-y-0 sm:right-0 sm:left-auto sm:top-14 sm:w-[26rem]"
        >
          <header className="flex items-center justify-between border-b px-3 py-2">
            <div>
              <p className="font-semibold text-sm">Tutor</p>
              <p className="text-muted-foreground text-xs">
                Uses only the lessons you have unlocked. Staff may review conversations.
              </p>
            </div>
            <Button variant="ghost" size="icon" onClick={() => setOpen(false)} aria-label="Close the tutor">
              <X aria-hidden />
            </Button>
          </header>
          <div className="min-h-0 flex-1">
            <TutorChat settings={settings} lesson={lesson} chatRef={setChat} />
          </div>
        </aside>
      ) : null}
    </TutorContext.Provider>
  );
}
