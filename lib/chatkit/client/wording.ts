import { quotaFrom, type TutorHttpError } from "./client";

/** "3h 12m" until `when` (at least a minute). */
export function timeUntil(when: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((when.getTime() - now.getTime()) / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

/** Options for clock times; tests pass a fixed time zone, browsers use the reader's own. */
export interface ClockOptions {
  timeZone?: string;
  locale?: string;
}

/** "at 14:05", or "tomorrow at 09:30" when `when` falls on the next calendar day, in the reader's zone. */
export function clockTime(when: Date, now = new Date(), { timeZone, locale }: ClockOptions = {}): string {
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone }).format(when);
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(d);
  return day(when) === day(now) ? `at ${time}` : `tomorrow at ${time}`;
}

/**
 * The quota is a rolling 24 hours, not a calendar day: each message frees up 24 hours after it
 * was sent. These sentences say when the next one does, in the reader's local time.
 */
export function quotaExhaustedMessage(
  limit: number,
  resetAt: Date,
  now = new Date(),
  clock: ClockOptions = {},
): string {
  return `You've used your ${limit} tutor messages for the last 24 hours. The next one frees up ${clockTime(resetAt, now, clock)} (in ${timeUntil(resetAt, now)}).`;
}

/** The small line above the chat once a student has used some of the quota. */
export function quotaRemainingLabel(
  quota: { limit: number; remaining: number; resetAt: Date },
  now = new Date(),
  clock: ClockOptions = {},
): string {
  return `${quota.remaining} of ${quota.limit} messages left · next frees up ${clockTime(quota.resetAt, now, clock)}`;
}

export type ProblemKind = "quota" | "unverified" | "signed-out" | "unavailable" | "closed" | "other";

export interface Problem {
  kind: ProblemKind;
  message: string;
  retry: boolean;
}

/** Every failure the learner can meet, in words, with whether trying again can help. */
export function describeProblem(
  err: TutorHttpError,
  limit: number,
  now = new Date(),
  clock: ClockOptions = {},
): Problem {
  if (err.status === 429 || err.code === "tutor:quota") {
    const message = err.resetAt
      ? quotaExhaustedMessage(limit, err.resetAt, now, clock)
      : `You've used your ${limit} tutor messages for the last 24 hours.`;
    return { kind: "quota", message, retry: false };
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
export const CHATKIT_FALLBACK_LOG =
  "[tutor] ChatKit's script did not load, so the built-in chat is used (CHAT_UI=auto).";

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

/**
 * ChatKit shows a 429's message as it comes, and the server can only write UTC. Its api.fetch
 * passes responses through this, which rewrites the quota message in the reader's local time.
 */
export async function localizeQuotaResponse(
  res: Response,
  now = new Date(),
  clock: ClockOptions = {},
): Promise<Response> {
  const quota = quotaFrom(res.headers);
  if (res.status !== 429 || !quota) return res;
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (body?.error?.code !== "tutor:quota") return res;
  const message = quotaExhaustedMessage(quota.limit, quota.resetAt, now, clock);
  return new Response(JSON.stringify({ ...body, error: { ...body.error, message } }), {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}
