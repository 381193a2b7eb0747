import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { signUpAndVerify, uniqueEmail } from "../e2e/support";

/**
 * Fuzzing /api/chatkit on the production server (the in-process run with more cases is
 * tests/security/chatkit-fuzz.test.ts): hostile values in well-formed requests, misshapen
 * requests, broken bodies. Never a 5xx, the error shape on every error, and the server is
 * healthy afterwards.
 */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("\u0000", "x\ud800", "\udfff", "", "%00", "thr_0000000000000000", "'; drop table user;--"),
  fc.string({ maxLength: 4 }).map((s) => s.repeat(300)),
);
const text = fc.oneof(fc.lorem({ maxCount: 4 }), nasty);
const input = fc.record({
  content: fc.array(fc.record({ type: fc.constant("input_text"), text }), { minLength: 1, maxLength: 2 }),
  attachments: fc.constant([]),
  quoted_text: fc.option(text, { nil: undefined }),
  inference_options: fc.constant({}),
});
const body = fc.oneof(
  fc.record({ type: fc.constant("threads.create"), params: fc.record({ input }) }).map((b) => JSON.stringify(b)),
  fc
    .record({
      type: fc.constantFrom("threads.add_user_message", "threads.get_by_id", "threads.delete"),
      params: fc.record({ thread_id: nasty, input }),
    })
    .map((b) => JSON.stringify(b)),
  fc
    .record({ type: fc.constant("threads.list"), params: fc.record({ after: nasty, limit: fc.integer() }) })
    .map((b) => JSON.stringify(b)),
  fc.record({ type: nasty, params: fc.jsonValue({ maxDepth: 3 }) }).map((b) => JSON.stringify(b)),
  fc.string({ unit: "binary", maxLength: 120 }),
);

test("fuzzing /api/chatkit on the production server: no 5xx, the error shape always, healthy after", async ({
  page,
}) => {
  await signUpAndVerify(page, { email: uniqueEmail("fuzz") });
  await fc.assert(
    fc.asyncProperty(body, async (raw) => {
      const res = await page.request.post("/api/chatkit", {
        headers: { "content-type": "application/json" },
        data: raw,
      });
      expect(res.status(), raw).toBeLessThan(500);
      if (res.status() >= 400) {
        const json = await res.json();
        expect(json.error.code).toMatch(/^[a-z]+:[a-z_]+$/);
        expect(typeof json.error.message).toBe("string");
      } else if ((res.headers()["content-type"] ?? "").startsWith("text/event-stream")) {
        for (const block of (await res.text()).split("\n\n").filter(Boolean)) {
          const event = JSON.parse(block.replace(/^data: /, ""));
          if (event.type === "error") expect(typeof event.message).toBe("string");
        }
      }
    }),
    { numRuns: 150 },
  );
  expect((await page.request.get("/api/health")).status()).toBe(200);
  expect((await page.request.post("/api/chatkit", { data: { type: "threads.list", params: {} } })).status()).toBe(200);
});
