import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatItem, chatThread } from "@/db/schema";
import { api, type RequestContext } from "@/lib/chatkit/client/client";
import type { CookieJar } from "../support/auth";
import { type ChatkitTest, post, setupChatkit } from "../support/chatkit";

/**
 * The built-in chat's requests against the real handler: a long conversation opens at its
 * latest messages and pages back without gaps or repeats; older conversations page on.
 */
let t: ChatkitTest;
let jar: CookieJar;
let ctx: RequestContext;
let threadId: string;
const PAIRS = 65;

beforeAll(async () => {
  t = await setupChatkit();
  jar = await t.as("long-talker@example.com");
  const userId = await t.userId("long-talker@example.com");
  const start = Date.parse("2026-11-01T10:00:00Z");
  // 60 conversations, the newest last; the newest holds 130 messages.
  const threads = Array.from({ length: 60 }, (_, i) => ({
    id: `thr_page_${String(i).padStart(2, "0")}`,
    userId,
    title: `Conversation ${i}`,
    createdAt: new Date(start + i * 60_000),
    updatedAt: new Date(start + i * 60_000),
  }));
  await t.db.db.insert(chatThread).values(threads);
  threadId = threads.at(-1)?.id as string;
  await t.db.db.insert(chatItem).values(
    Array.from({ length: PAIRS * 2 }, (_, k) => ({
      id: `msg_page_${String(k).padStart(3, "0")}`,
      threadId,
      userId,
      type: k % 2 === 0 ? "user_message" : "assistant_message",
      role: k % 2 === 0 ? "user" : "assistant",
      content:
        k % 2 === 0
          ? { content: [{ type: "input_text", text: `question ${k / 2}` }], attachments: [], inference_options: {} }
          : { content: [{ type: "output_text", text: `answer ${(k - 1) / 2}`, annotations: [] }] },
      createdAt: new Date(start + 3_600_000 + k * 1000),
    })),
  );
  ctx = {
    fetchImpl: (async (_url: RequestInfo | URL, init?: RequestInit) =>
      post(t, JSON.parse(String(init?.body)), { jar })) as typeof fetch,
  };
});
afterAll(async () => t.close());

describe("the built-in chat's paging", () => {
  it("opens a long conversation at its latest messages, oldest first, then pages back to the first", async () => {
    const latest = await api.listItems(threadId, ctx);
    expect(latest.data).toHaveLength(100);
    expect(latest.data.at(-1)?.id).toBe(`msg_page_${PAIRS * 2 - 1}`);
    expect(latest.data[0]?.id).toBe("msg_page_030");
    expect(latest.more).not.toBeNull();
    const earlier = await api.listItems(threadId, ctx, latest.more);
    expect(earlier.data.map((i) => i.id)).toEqual(
      Array.from({ length: 30 }, (_, k) => `msg_page_${String(k).padStart(3, "0")}`),
    );
    expect(earlier.more).toBeNull();
  });

  it("lists conversations newest first, and the older ones on the next page", async () => {
    const first = await api.listThreads(ctx);
    expect(first.data).toHaveLength(50);
    expect(first.data[0]?.id).toBe("thr_page_59");
    const rest = await api.listThreads(ctx, first.more);
    expect(rest.data.map((d) => d.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `thr_page_${String(9 - i).padStart(2, "0")}`),
    );
    expect(rest.more).toBeNull();
  });
});
