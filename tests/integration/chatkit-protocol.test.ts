import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/chatkit/route";
import { createChatStore } from "@/lib/chatkit/store";
import { env } from "@/lib/env";
import { RETRIEVAL_ONLY_TITLE } from "@/lib/tutor/notices";
import {
  type ChatkitTest,
  chatkitRequest,
  post,
  readEvents,
  scriptedModel,
  setupChatkit,
  userInput,
} from "../support/chatkit";
import { itemPage, threadPage, thread as threadSchema } from "../support/chatkit-wire";

let t: ChatkitTest;
beforeAll(async () => {
  t = await setupChatkit();
});
afterAll(() => t.close());

const types = (events: { type: string }[]) => events.map((e) => e.type);

describe("POST /api/chatkit: streaming", () => {
  it("threads.create in retrieval-only mode: the Python SDK's event order, cited passages, a title", async () => {
    const jar = await t.as("ada@example.com");
    const res = await POST(
      chatkitRequest(
        { type: "threads.create", params: { input: userInput("What is a vector?") } },
        { jar, headers: { "x-tutor-lesson-id": "vectors" } },
      ),
    );
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    expect(res.headers.get("x-ratelimit-limit")).toBe("20");
    const events = await readEvents(res);
    const kinds = types(events);
    expect(kinds.slice(0, 4)).toEqual(["thread.created", "thread.item.done", "stream_options", "notice"]);
    expect(kinds.slice(4, 6)).toEqual(["thread.item.added", "thread.item.updated"]);
    expect(kinds.slice(-3)).toEqual(["thread.item.updated", "thread.item.done", "thread.updated"]);

    const [created, userDone] = events;
    expect(created?.type === "thread.created" && created.thread.status).toEqual({ type: "active" });
    expect(userDone?.type === "thread.item.done" && userDone.item).toMatchObject({
      type: "user_message",
      content: [{ type: "input_text", text: "What is a vector?" }],
    });
    const notice = events[3];
    expect(notice).toMatchObject({ type: "notice", title: RETRIEVAL_ONLY_TITLE });
    const answer = events.find((e) => e.type === "thread.item.done" && e.item.type === "assistant_message");
    expect(
      answer?.type === "thread.item.done" && answer.item.type === "assistant_message" && answer.item.content[0]?.text,
    ).toContain("magnitude and a direction");
    const citations = events.flatMap((e) =>
      e.type === "thread.item.updated" && e.update.type === "assistant_message.content_part.annotation_added"
        ? [e.update.annotation]
        : [],
    );
    expect(citations[0]?.source).toMatchObject({
      type: "url",
      title: "Vectors",
      url: expect.stringMatching(new RegExp(`^${env().appUrl}/learn/basics/vectors#`)),
    });
    const titled = events.at(-1);
    expect(titled?.type === "thread.updated" && titled.thread.title).toBe("What is a vector");
  });

  it("threads.add_user_message continues a thread and answers with the model", async () => {
    const jar = await t.as("ada@example.com");
    const { tutor } = scriptedModel([{ text: ["Frames ", "have axes."] }]);
    const list = await (await post(t, { type: "threads.list", params: {} }, { jar })).json();
    const threadId = list.data[0].id;
    const events = await readEvents(
      await post(
        t,
        { type: "threads.add_user_message", params: { thread_id: threadId, input: userInput("And frames?") } },
        { jar, deps: { model: tutor } },
      ),
    );
    expect(types(events)).toEqual([
      "thread.item.done",
      "stream_options",
      "thread.item.added",
      "thread.item.updated",
      "thread.item.updated",
      "thread.item.updated",
      "thread.item.updated",
      "thread.item.updated",
      "thread.item.done",
    ]);
    const deltas = events.flatMap((e) =>
      e.type === "thread.item.updated" && e.update.type === "assistant_message.content_part.text_delta"
        ? [e.update.delta]
        : [],
    );
    expect(deltas).toEqual(["Frames ", "have axes."]);
    // The answer is grounded by a search for the message before the model runs, and cites it.
    const cited = events.flatMap((e) =>
      e.type === "thread.item.updated" && e.update.type === "assistant_message.content_part.annotation_added"
        ? [e.update.annotation.source.title]
        : [],
    );
    expect(cited).toEqual(["Frames"]);
  });
});

describe("POST /api/chatkit: JSON requests", () => {
  it("gets, lists with cursors, renames, pages items, records feedback and deletes", async () => {
    const jar = await t.as("lister@example.com");
    const ids: string[] = [];
    for (const q of ["first question", "second question", "third question"]) {
      const events = await readEvents(
        await post(t, { type: "threads.create", params: { input: userInput(q) } }, { jar }),
      );
      const created = events[0];
      if (created?.type === "thread.created") ids.push(created.thread.id);
    }
    const page1 = threadPage.parse(
      await (await post(t, { type: "threads.list", params: { limit: 2 } }, { jar })).json(),
    );
    expect(page1.data.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    expect(page1).toMatchObject({ has_more: true, after: ids[1] });
    const page2 = threadPage.parse(
      await (await post(t, { type: "threads.list", params: { limit: 2, after: page1.after } }, { jar })).json(),
    );
    expect(page2.data.map((d) => d.id)).toEqual([ids[0]]);
    expect(page2.has_more).toBe(false);
    expect(page2.after).toBeUndefined();

    const got = threadSchema.parse(
      await (await post(t, { type: "threads.get_by_id", params: { thread_id: ids[0] } }, { jar })).json(),
    );
    expect(got.items.data.map((i) => i.type)).toEqual(["user_message", "assistant_message"]);

    const renamed = threadSchema.parse(
      await (
        await post(t, { type: "threads.update", params: { thread_id: ids[0], title: "Renamed" } }, { jar })
      ).json(),
    );
    expect(renamed.title).toBe("Renamed");

    const items = itemPage.parse(
      await (await post(t, { type: "items.list", params: { thread_id: ids[0], limit: 1 } }, { jar })).json(),
    );
    expect(items.data[0]?.type).toBe("assistant_message");
    expect(items.has_more).toBe(true);
    const older = itemPage.parse(
      await (
        await post(t, { type: "items.list", params: { thread_id: ids[0], limit: 1, after: items.after } }, { jar })
      ).json(),
    );
    expect(older.data[0]?.type).toBe("user_message");

    const fb = await post(
      t,
      { type: "items.feedback", params: { thread_id: ids[0], item_ids: [items.data[0]?.id], kind: "positive" } },
      { jar },
    );
    expect(await fb.json()).toEqual({});

    expect(await (await post(t, { type: "threads.delete", params: { thread_id: ids[0] } }, { jar })).json()).toEqual(
      {},
    );
    const gone = await post(t, { type: "threads.get_by_id", params: { thread_id: ids[0] } }, { jar });
    expect(gone.status).toBe(404);
  });
});

describe("isolation between users", () => {
  it("answers 404 for every request type on another user's thread, and never lists it", async () => {
    const owner = await t.as("owner@example.com");
    const events = await readEvents(
      await post(t, { type: "threads.create", params: { input: userInput("private question") } }, { jar: owner }),
    );
    const created = events[0];
    const threadId = created?.type === "thread.created" ? created.thread.id : "";
    const itemId = events[1]?.type === "thread.item.done" ? events[1].item.id : "";
    const intruder = await t.as("intruder@example.com");
    const requests = [
      { type: "threads.get_by_id", params: { thread_id: threadId } },
      { type: "threads.update", params: { thread_id: threadId, title: "mine now" } },
      { type: "threads.delete", params: { thread_id: threadId } },
      { type: "items.list", params: { thread_id: threadId } },
      { type: "items.feedback", params: { thread_id: threadId, item_ids: [itemId], kind: "negative" } },
      { type: "threads.add_user_message", params: { thread_id: threadId, input: userInput("hi") } },
      { type: "threads.retry_after_item", params: { thread_id: threadId, item_id: itemId } },
      { type: "threads.custom_action", params: { thread_id: threadId, action: { type: "x" } } },
      { type: "threads.add_client_tool_output", params: { thread_id: threadId, result: {} } },
    ];
    const missing = await post(
      t,
      { type: "threads.get_by_id", params: { thread_id: "thr_doesnotexist" } },
      { jar: intruder },
    );
    const missingBody = await missing.json();
    for (const body of requests) {
      const res = await post(t, body, { jar: intruder });
      expect(res.status, body.type).toBe(404);
      expect(await res.json(), body.type).toEqual(missingBody);
    }
    const list = await (await post(t, { type: "threads.list", params: {} }, { jar: intruder })).json();
    expect(list.data.map((d: { id: string }) => d.id)).not.toContain(threadId);
    const still = threadSchema.parse(
      await (await post(t, { type: "threads.get_by_id", params: { thread_id: threadId } }, { jar: owner })).json(),
    );
    expect(still.title).not.toBe("mine now");
  });
});

describe("bad input and refusals", () => {
  it("answers 4xx JSON with a code and a message, before any stream", async () => {
    const jar = await t.as("ada@example.com");
    const cases: [unknown, number, string][] = [
      ["{nope", 400, "chatkit:invalid_json"],
      [{ params: {} }, 400, "chatkit:invalid_request"],
      [{ type: "threads.list" }, 400, "chatkit:invalid_request"],
      [{ type: "threads.explode", params: {} }, 400, "chatkit:unknown_type"],
      [
        { type: "attachments.create", params: { name: "a", size: 1, mime_type: "text/plain" } },
        400,
        "chatkit:unsupported",
      ],
      [{ type: "input.transcribe", params: { audio_base64: "", mime_type: "audio/webm" } }, 400, "chatkit:unsupported"],
      [
        { type: "threads.create", params: { input: { content: [{ type: "input_text", text: "x" }] } } },
        400,
        "chatkit:invalid_request",
      ],
      [{ type: "threads.create", params: { input: userInput("x".repeat(9000)) } }, 400, "chatkit:invalid_request"],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(t, body, { jar });
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      const json = await res.json();
      expect(json.error.code).toBe(code);
      expect(json.message).toBe(json.error.message);
    }
  });

  it("requires a session (401) and a verified email (403 auth:unverified)", async () => {
    const anonymous = await post(t, { type: "threads.list", params: {} });
    expect(anonymous.status).toBe(401);
    const { call, CookieJar } = await import("../support/auth");
    await call("/sign-up/email", {
      body: { email: "unverified@example.com", name: "Un Verified", password: "Correct-Horse-Battery-9-Staple" },
    });
    const jar = new CookieJar();
    // Unverified users cannot sign in; a session made for them directly proves the check.
    const ctx = await t.auth.$context;
    const found = await ctx.internalAdapter.findUserByEmail("unverified@example.com");
    const { withUserSession } = await import("@/lib/auth/admin-session");
    await withUserSession(t.auth, found?.user.id as string, async (headers) => {
      const res = await post(
        t,
        { type: "threads.create", params: { input: userInput("hi") } },
        { headers: { cookie: headers.get("cookie") as string } },
      );
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe("auth:unverified");
    });
    expect(jar.size).toBe(0);
  });

  it("refuses new messages in a locked or closed thread", async () => {
    const jar = await t.as("locked@example.com");
    const events = await readEvents(
      await post(t, { type: "threads.create", params: { input: userInput("hello") } }, { jar }),
    );
    const threadId = events[0]?.type === "thread.created" ? events[0].thread.id : "";
    const store = createChatStore(t.db.db, await t.userId("locked@example.com"));
    for (const status of [{ type: "locked" as const, reason: "Under review" }, { type: "closed" as const }]) {
      await store.updateThread(threadId, { status });
      const res = await post(
        t,
        { type: "threads.add_user_message", params: { thread_id: threadId, input: userInput("more") } },
        { jar },
      );
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe("chatkit:thread_closed");
    }
  });
});
