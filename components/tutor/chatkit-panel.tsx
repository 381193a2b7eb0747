"use client";

import { ChatKit, useChatKit } from "@openai/chatkit-react";
import { forwardRef, useImperativeHandle, useRef, useState } from "react";
import { chatkitFetch } from "@/lib/chatkit/client/chatkit-fetch";
import type { ChatHandle } from "./builtin-chat";
import { isDefined } from "./chatkit-element";

export interface LessonInfo {
  id: string;
  title: string;
  objectives: string[];
}

/** A session JWT for ChatKit's requests, fetched again a minute before it expires. */
function useBearer() {
  const cached = useRef<{ token: string; exp: number } | null>(null);
  return async (): Promise<string | null> => {
    const now = Date.now() / 1000;
    if (cached.current && cached.current.exp - now > 60) return cached.current.token;
    const res = await fetch("/api/auth/token", { credentials: "same-origin" });
    if (!res.ok) return null;
    const { token } = (await res.json()) as { token: string };
    const payload = JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as {
      exp?: number;
    };
    cached.current = { token, exp: payload.exp ?? now + 300 };
    return token;
  };
}

/**
 * OpenAI's ChatKit web component, pointed at our /api/chatkit. Its api.fetch adds the Bearer
 * JWT and the open lesson; every method call is guarded because the element may not be
 * upgraded (the CDN script is evergreen and can fail to load).
 */
export const ChatKitPanel = forwardRef<
  ChatHandle,
  {
    domainKey: string;
    lesson?: LessonInfo;
    initialThreadId?: string | null;
    onProblem?: (message: string) => void;
    history?: boolean;
  }
>(function ChatKitPanel({ domainKey, lesson, initialThreadId, onProblem, history = true }, ref) {
  const bearer = useBearer();
  const [busy, setBusy] = useState(false);
  const kit = useChatKit({
    api: {
      url: "/api/chatkit",
      domainKey,
      fetch: chatkitFetch({ bearer, lessonId: lesson?.id }),
    },
    initialThread: initialThreadId ?? null,
    history: { enabled: history },
    theme: {
      colorScheme: "light",
      radius: "round",
      density: "normal",
      color: { accent: { primary: "#3b4fd8", level: 2 } },
    },
    startScreen: {
      greeting: lesson ? `Questions about “${lesson.title}”?` : "What would you like to learn?",
      prompts: (lesson?.objectives ?? []).slice(0, 3).map((objective) => ({
        label: objective,
        prompt: `Help me ${objective.charAt(0).toLowerCase()}${objective.slice(1)}`,
      })),
    },
    threadItemActions: { feedback: true, retry: true },
    composer: { placeholder: "Ask about this lesson…" },
    onError: ({ error }) =>
      onProblem?.(error instanceof Error ? error.message : "The tutor is temporarily unavailable."),
    onResponseStart: () => setBusy(true),
    onResponseEnd: () => setBusy(false),
  });
  useImperativeHandle(ref, () => ({
    askAbout(text) {
      if (!isDefined() || busy) return;
      void kit
        .setComposerValue({ reply: text })
        .then(() => kit.focusComposer())
        .catch(() => onProblem?.("The chat could not take the selection right now; try again in a moment."));
    },
  }));
  return <ChatKit control={kit.control} className="block h-full w-full" data-testid="chatkit" />;
});
