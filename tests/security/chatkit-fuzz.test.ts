import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatkitTest, post, setupChatkit, userInput } from "../support/chatkit";

/**
 * Issue 14, "keep it fixed": fuzzing /api/chatkit. Whatever arrives (well-formed requests with
 * hostile values, wrong shapes, broken JSON, odd text), the answer is never a 5xx, every error
 * carries the house shape `{ error: { code, message } }`, every stream event is JSON with a
 * type (errors with a message), and the endpoint still serves normal requests afterwards.
 * The same property runs against the production server in tests/security/fuzz.spec.ts.
 */
let t: ChatkitTest;
beforeAll(async () => {
  t = await setupChatkit({ dailyLimit: 5 });
});
afterAll(() => t.close());

const TYPES = [
  "threads.create",
  "threads.add_user_message",
  "threads.retry_after_item",
  "threads.add_client_tool_output",
  "threads.custom_action",
  "threads.get_by_id",
  "threads.list",
  "threads.update",
  "threads.delete",
  "items.list",
  "items.feedback",
  "attachments.create",
  "input.transcribe",
];

/** Strings a hostile client would try: control characters, lone surrogates, huge and odd text. */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udfffy", "", " ", "../../etc", "%00", "'; drop table user;--"),
  fc.string({ maxLength: 5 }).map((s) => s.repeat(500)),
);
const anyValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Mostly a plausible value, sometimes a hostile one. */
const text = fc.oneof({ weight: 2, arbitrary: fc.lorem({ maxCount: 6 }) }, { weight: 3, arbitrary: nasty });
/** Thread and item ids: real ones (so the handlers run deep), made-up ones and hostile text. */
const ids: string[] = [];
const id = fc.oneof(
  fc.constant(null).map(() => ids[0] ?? "thr_none"),
  fc.constant(null).map(() => ids[1] ?? "msg_none"),
  fc.constantFrom("thr_0123456789abcdef", "msg_0123456789abcdef"),
  nasty,
);
const input = fc.record({
  content: fc.array(fc.record({ type: fc.constant("input_text"), text }), { minLength: 1, maxLength: 2 }),
  attachments: fc.constant([]),
  quoted_text: fc.option(text, { nil: undefined }),
  inference_options: fc.constant({}),
});
/** Requests shaped like the protocol's, so validation passes and the values reach the store. */
const wellFormed = fc.oneof(
  fc.record({ type: fc.constant("threads.create"), params: fc.record({ input }) }),
  fc.record({ type: fc.constant("threads.add_user_message"), params: fc.record({ thread_id: id, input }) }),
  fc.record({ type: fc.constant("threads.retry_after_item"), params: fc.record({ thread_id: id, item_id: id }) }),
  fc.record({ type: fc.constant("threads.get_by_id"), params: fc.record({ thread_id: id }) }),
  fc.record({
    type: fc.constant("threads.list"),
    params: fc.record(
      { after: id, limit: fc.integer({ min: -5, max: 10_000 }), order: fc.constantFrom("asc", "desc") },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ type: fc.constant("threads.update"), params: fc.record({ thread_id: id, title: text }) }),
  fc.record({ type: fc.constant("threads.delete"), params: fc.record({ thread_id: id }) }),
  fc.record({
    type: fc.constant("items.list"),
    params: fc.record({
      thread_id: id,
      after: fc.option(id, { nil: undefined }),
      limit: fc.integer({ min: 0, max: 500 }),
    }),
  }),
  fc.record({
    type: fc.constant("items.feedback"),
    params: fc.record({
      thread_id: id,
      item_ids: fc.array(id, { maxLength: 3 }),
      kind: fc.constantFrom("positive", "negative"),
    }),
  }),
  fc.record({
    type: fc.constant("threads.custom_action"),
    params: fc.record({
      thread_id: id,
      item_id: fc.option(id, { nil: null }),
      action: fc.record({ type: text, payload: anyValue }),
    }),
  }),
  fc.record({
    type: fc.constant("threads.add_client_tool_output"),
    params: fc.record({ thread_id: id, result: anyValue }),
  }),
);
/** Anything at all in the protocol's envelope. */
const misshapen = fc.record({
  type: fc.oneof(fc.constantFrom(...TYPES), nasty),
  params: fc.oneof(
    fc.dictionary(fc.constantFrom("input", "thread_id", "item_id", "after", "limit", "title"), anyValue),
    anyValue,
  ),
});
const body = fc.oneof(
  { weight: 6, arbitrary: wellFormed.map((b) => JSON.stringify(b)) },
  { weight: 2, arbitrary: misshapen.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "{",
      "null",
      "[]",
      '{"type":null}',
      `{"type":"threads.list","params":${"[".repeat(60)}`,
    ),
  },
);

async function check(res: Response) {
  expect(res.status, "no 5xx").toBeLessThan(500);
  const type = res.headers.get("content-type") ?? "";
  if (res.status >= 400) {
    const json = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    expect(json.error?.code).toMatch(/^[a-z]+:[a-z_]+$/);
    expect(typeof json.error?.message).toBe("string");
    return;
  }
  if (type.startsWith("text/event-stream")) {
    for (const block of (await res.text()).split("\n\n").filter(Boolean)) {
      expect(block.startsWith("data: ")).toBe(true);
      const event = JSON.parse(block.slice(6)) as { type?: unknown; message?: unknown };
      expect(typeof event.type).toBe("string");
      if (event.type === "error") expect(typeof event.message).toBe("string");
    }
    return;
  }
  expect(type).toMatch(/^application\/json/);
  await res.json();
}

describe("fuzzing /api/chatkit", () => {
  it("never answers 5xx, always with the error shape, as a learner and as staff", async () => {
    const learner = await t.as("fuzz-learner@example.com");
    const staff = await t.as("fuzz-staff@example.com");
    const { user } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    await t.db.db.update(user).set({ role: "instructor" }).where(eq(user.email, "fuzz-staff@example.com"));
    // A real thread and message of the learner's, for ids that reach the store.
    const created = await (
      await post(t, { type: "threads.create", params: { input: userInput("Seed thread") } }, { jar: learner })
    ).text();
    ids.push(...(created.match(/"id":"(thr_[0-9a-f]+|msg_[0-9a-f]+)"/g) ?? []).map((m) => m.slice(6, -1)));
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (raw, asStaff) => {
        await check(await post(t, raw, { jar: asStaff ? staff : learner }));
      }),
      { numRuns: 400 },
    );
  }, 300_000);

  it("still serves ordinary requests afterwards", async () => {
    const jar = await t.as("fuzz-after@example.com");
    expect((await post(t, { type: "threads.list", params: {} }, { jar })).status).toBe(200);
    const res = await post(t, { type: "threads.create", params: { input: userInput("What is a vector?") } }, { jar });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"type":"thread.item.done"');
  });
});
