"use client";

import { MessageCircle, X } from "lucide-react";
import { createContext, lazy, Suspense, useCallback, useContext, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { TutorSettings } from "@/lib/chatkit/client/wording";
import { cn } from "@/lib/utils";
import type { ChatHandle } from "./builtin-chat";
import type { LessonInfo } from "./chatkit-panel";

// The chat (and its markdown, math and ChatKit code) is downloaded when the panel first opens,
// not with every lesson page. The panel only renders in the browser, after a click.
const TutorChat = lazy(() => import("./tutor-chat").then((m) => ({ default: m.TutorChat })));

interface TutorPanelApi {
  askAbout(text: string): void;
}

const TutorContext = createContext<TutorPanelApi | null>(null);
export const useTutorPanel = () => useContext(TutorContext);

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
        <div className="fixed right-4 bottom-4 z-40 rounded-md shadow-lg">
          <Button onClick={show} data-testid="open-tutor">
            <MessageCircle aria-hidden /> Ask the tutor
          </Button>
        </div>
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
            <Suspense fallback={<p className="p-4 text-muted-foreground text-sm">Loading the tutor…</p>}>
              <TutorChat settings={settings} lesson={lesson} chatRef={setChat} />
            </Suspense>
          </div>
        </aside>
      ) : null}
    </TutorContext.Provider>
  );
}
