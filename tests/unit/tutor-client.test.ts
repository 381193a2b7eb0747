import { describe, expect, it } from "vitest";
import { quotaFrom, TutorHttpError } from "@/lib/chatkit/client/client";
import { describeProblem, relativeTime, resolveChatMode, timeUntil } from "@/lib/chatkit/client/wording";

const now = new Date("2026-11-22T10:00:00Z");

describe("chat UI wording", () => {
  it("says when the quota resets", () => {
    const err = new TutorHttpError(429, "tutor:quota", "x", new Date(now.getTime() + (3 * 60 + 12) * 60_000));
    expect(describeProblem(err, 20, now)).toEqual({
      kind: "quota",
      message: "You've used today's 20 messages. Resets in 3h 12m.",
      retry: false,
    });
    expect(timeUntil(new Date(now.getTime() + 30_000), now)).toBe("1m");
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
