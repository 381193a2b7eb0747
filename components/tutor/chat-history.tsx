"use client";

import { useRef } from "react";
import type { ChatHandle } from "./builtin-chat";
import { TutorChat, type TutorSettings } from "./tutor-panel";

/** A saved conversation, full size, in the same client the lesson panel uses. */
export function ChatHistory({ settings, threadId }: { settings: TutorSettings; threadId: string | null }) {
  const chat = useRef<ChatHandle>(null);
  return <TutorChat settings={settings} initialThreadId={threadId} chatRef={chat} />;
}
