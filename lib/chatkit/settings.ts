import "server-only";
import { env } from "@/lib/env";
import type { TutorSettings } from "./client/wording";

/** What the chat UI needs from the server's configuration (no secrets). */
export function tutorSettings(): TutorSettings {
  const config = env();
  return { mode: config.chat.ui, domainKey: config.chat.domainKey, limit: config.tutorDailyLimit };
}
