import type { TutorHttpError } from "./client";

/** "3h 12m" until `when` (at least a minute). */
export function timeUntil(when: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((when.getTime() - now.getTime()) / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

export type ProblemKind = "quota" | "unverified" | "signed-out" | "unavailable" | "closed" | "other";

export interface Problem {
  kind: ProblemKind;
  message: string;
  retry: boolean;
}

/** Every failure the learner can meet, in words, with whether trying again can help. */
export function describeProblem(err: TutorHttpError, limit: number, now = new Date()): Problem {
  if (err.status === 429 || err.code === "tutor:quota") {
    const when = err.resetAt ? ` Resets in ${timeUntil(err.resetAt, now)}.` : "";
    return { kind: "quota", message: `You've used today's ${limit} messages.${when}`, retry: false };
  }
  if (err.code === "auth:unverified")
    return { kind: "unverified", message: "Confirm your email address to talk to the tutor.", retry: false };
  if (err.status === 401)
    return {
      kind: "signed-out",
      message: "Your session has ended. Sign in again to keep talking to the tutor.",
      retry: false,
    };
  if (err.status === 0 || err.status >= 500)
    return { kind: "unavailable", message: "The tutor is temporarily unavailable.", retry: true };
  if (err.code === "chatkit:thread_closed") return { kind: "closed", message: err.message, retry: false };
  return { kind: "other", message: err.message || "Something went wrong.", retry: false };
}

const rtf = typeof Intl !== "undefined" ? new Intl.RelativeTimeFormat("en", { numeric: "auto" }) : null;

/** "5 minutes ago", "yesterday". */
export function relativeTime(iso: string, now = new Date()): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 7],
    ["week", 4.35],
    ["month", 12],
    ["year", Number.POSITIVE_INFINITY],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return rtf ? rtf.format(Math.round(value), unit) : `${Math.round(value)} ${unit}s`;
    value /= size;
  }
  return iso;
}

export type ChatMode = "chatkit" | "builtin";

/**
 * Logged to the browser console (never shown to learners) when `CHAT_UI=auto` falls back because
 * ChatKit's script did not load: offline, a strict CSP, or a domain not registered with OpenAI.
 */
export const CHATKIT_FALLBACK_LOG = "[tutor] ChatKit's script did not load, so the built-in chat is used (CHAT_UI=auto).";

/** What the chat UI needs from the server's configuration (no secrets). */
export interface TutorSettings {
  mode: "auto" | ChatMode;
  domainKey: string;
  limit: number;
}

/**
 * Which client to show. `auto` uses ChatKit when its element got defined in time and falls back
 * to the built-in client otherwise; `chatkit` and `builtin` force one.
 */
export function resolveChatMode(setting: TutorSettings["mode"], chatkitDefined: boolean | null): ChatMode | "pending" {
  if (setting === "builtin") return "builtin";
  if (setting === "chatkit") return "chatkit";
  if (chatkitDefined === null) return "pending";
  return chatkitDefined ? "chatkit" : "builtin";
}
