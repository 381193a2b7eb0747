import { describe, expect, it } from "vitest";
import { quotaFrom, TutorHttpError } from "@/lib/chatkit/client/client";
import {
  clockTime,
  describeProblem,
  localizeQuotaResponse,
  quotaRemainingLabel,
  relativeTime,
  resolveChatMode,
  timeUntil,
} from "@/lib/chatkit/client/wording";

const now = new Date("2026-11-22T10:00:00Z");

describe("chat UI wording", () => {
  const utc = { timeZone: "UTC", locale: "en-GB" };

  it("says when the next message of the rolling 24 hours frees up, in local time", () => {
    const err = new TutorHttpError(429, "tutor:quota", "x", new Date(now.getTime() + (3 * 60 + 12) * 60_000));
    expect(describeProblem(err, 20, now, utc)).toEqual({
      kind: "quota",
      message: "You've used your 20 tutor messages for the last 24 hours. The next one frees up at 13:12 (in 3h 12m).",
      retry: false,
    });
    // The same instant in another zone reads differently: the sentence follows the reader's clock.
    expect(describeProblem(err, 20, now, { timeZone: "Asia/Tokyo", locale: "en-GB" }).message).toContain(
      "frees up at 22:12",
    );
    expect(timeUntil(new Date(now.getTime() + 30_000), now)).toBe("1m");
  });

  it("names the next day when the slot frees up after midnight, and never says 'today'", () => {
    const late = new Date("2026-11-22T23:30:00Z");
    expect(clockTime(new Date("2026-11-23T08:05:00Z"), late, utc)).toBe("tomorrow at 08:05");
    expect(clockTime(new Date("2026-11-22T23:45:00Z"), late, utc)).toBe("at 23:45");
    const label = quotaRemainingLabel({ limit: 20, remaining: 7, resetAt: new Date("2026-11-22T18:40:00Z") }, now, utc);
    expect(label).toBe("7 of 20 messages left · next frees up at 18:40");
    expect(label).not.toContain("today");
  });

  it("rewrites ChatKit's quota error in local time and leaves other responses alone", async () => {
    const reset = Math.floor(new Date("2026-11-22T13:12:00Z").getTime() / 1000);
    const headers = { "x-ratelimit-limit": "20", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) };
    const quotaBody = { error: { code: "tutor:quota", message: "… at 2026-11-22 13:12 UTC." } };
    const res = await localizeQuotaResponse(new Response(JSON.stringify(quotaBody), { status: 429, headers }), now, {
      timeZone: "Europe/Paris",
      locale: "en-GB",
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("x-ratelimit-reset")).toBe(String(reset));
    expect(await res.json()).toEqual({
      error: {
        code: "tutor:quota",
        message:
          "You've used your 20 tutor messages for the last 24 hours. The next one frees up at 14:12 (in 3h 12m).",
      },
    });
    const other = new Response(JSON.stringify({ error: { code: "auth:unverified", message: "x" } }), {
      status: 403,
      headers,
    });
    expect(await localizeQuotaResponse(other, now)).toBe(other);
  });

  it("explains unverified, signed-out, outages and closed threads", () => {
    expect(describeProblem(new TutorHttpError(403, "auth:unverified", "x"), 20, now).kind).toBe("unverified");
    expect(describeProblem(new TutorHttpError(401, "auth:unauthenticated", "x"), 20, now).kind).toBe("signed-out");
    expect(describeProblem(new TutorHttpError(0, "network", "x"), 20, now)).toMatchObject({
      message: "The tutor is temporarily unavailable.",
      retry: true,
    });
    expect(describeProblem(new TutorHttpError(503, "x", "x"), 20, now).retry).toBe(true);
    expect(
      describeProblem(new TutorHttpError(409, "chatkit:thread_closed", "This conversation is closed."), 20, now),
    ).toMatchObject({ kind: "closed", retry: false });
  });

  it("formats relative times", () => {
    expect(relativeTime("2026-11-22T09:55:00Z", now)).toBe("5 minutes ago");
    expect(relativeTime("2026-11-21T09:00:00Z", now)).toBe("yesterday");
  });

  it("reads the quota headers", () => {
    const q = quotaFrom(
      new Headers({ "x-ratelimit-limit": "20", "x-ratelimit-remaining": "7", "x-ratelimit-reset": "1795400000" }),
    );
    expect(q).toEqual({ limit: 20, remaining: 7, resetAt: new Date(1795400000 * 1000) });
    expect(quotaFrom(new Headers())).toBeNull();
  });
});

describe("resolveChatMode", () => {
  it("forces a client, or picks ChatKit in auto only when its element was defined", () => {
    expect(resolveChatMode("builtin", true)).toBe("builtin");
    expect(resolveChatMode("chatkit", false)).toBe("chatkit");
    expect(resolveChatMode("auto", null)).toBe("pending");
    expect(resolveChatMode("auto", true)).toBe("chatkit");
    expect(resolveChatMode("auto", false)).toBe("builtin");
  });
});
