"use client";

import { MessageCircle, X } from "lucide-react";
import {
  createContext,
  lazy,
  Suspense,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { Button } from "@/components/ui/button";
import type { TutorSettings } from "@/lib/chatkit/client/wording";
import { cn } from "@/lib/utils";
import type { ChatHandle } from "./builtin-chat";
import type { LessonInfo } from "./chatkit-panel";
import { keepTabInside } from "./focus-trap";

// The chat (and its markdown, math and ChatKit code) is downloaded when the panel first opens,
// not with every lesson page. The panel only renders in the browser, after a click.
const TutorChat = lazy(() => import("./tutor-chat").then((m) => ({ default: m.TutorChat })));

interface TutorPanelApi {
  askAbout(text: string): void;
}

const TutorContext = createContext<TutorPanelApi | null>(null);
export const useTutorPanel = () => useContext(TutorContext);

// Below Tailwind's `sm` the panel covers the whole screen, so it acts as a dialog there.
const FULL_SCREEN = "(max-width: 639.98px)";
const subscribeFullScreen = (onChange: () => void) => {
  const query = window.matchMedia(FULL_SCREEN);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
};
const useFullScreenPanel = () =>
  useSyncExternalStore(
    subscribeFullScreen,
    () => window.matchMedia(FULL_SCREEN).matches,
    () => false,
  );

/**
 * The tutor beside a lesson: a button opens a panel on the right (full screen on small
 * screens) that keeps the lesson readable. Children (the lesson) can open it and hand it a
 * selection through useTutorPanel(). Escape closes it and focus goes back to the button. Full
 * screen, the lesson behind it is inert and Tab stays in the panel, and following a citation to
 * a section of the page closes the panel so the section shows.
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
  const opener = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const closedByUser = useRef(false);
  const fullScreen = useFullScreenPanel();

  const close = useCallback(() => {
    closedByUser.current = true;
    setOpen(false);
  }, []);
  // The open button is back once the panel closes: give it the focus the panel had.
  useEffect(() => {
    if (!open && closedByUser.current) {
      closedByUser.current = false;
      opener.current?.focus();
    }
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) close();
      else if (panel.current && window.matchMedia(FULL_SCREEN).matches) keepTabInside(e, panel.current);
    };
    // A citation to this page only changes its hash; full screen, the section is behind the panel.
    const onHash = () => {
      if (window.matchMedia(FULL_SCREEN).matches) close();
    };
    document.addEventListener("keydown", onKey);
    window.addEventListener("hashchange", onHash);
    return () => {
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("hashchange", onHash);
    };
  }, [open, close]);

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
      {/* Room below the lesson for the floating button, so it never covers the last link. */}
      <div className={cn("pb-16 transition-[padding]", open && "lg:pr-[26rem]")} inert={open && fullScreen}>
        {children}
      </div>
      {!open ? (
        <div className="fixed right-4 bottom-4 z-40 rounded-md shadow-lg">
          <Button ref={opener} onClick={show} data-testid="open-tutor">
            <MessageCircle aria-hidden /> Ask the tutor
          </Button>
        </div>
      ) : null}
      {mounted ? (
        <aside
          ref={panel}
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
            <Button variant="ghost" size="icon" onClick={close} aria-label="Close the tutor">
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
