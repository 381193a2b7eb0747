import "server-only";
import type { TutorSettings } from "@/components/tutor/tutor-panel";
import { env } from "@/lib/env";

/** What the chat UI needs from the server's configuration (no secrets). */
export function tutorSettings(): TutorSettings {
  const config = env();
  return { mode: config.chat.ui, domainKey: config.chat.domainKey, limit: config.tutorDailyLimit };
}
