import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as floor } from "@/app/api/bench/floor/route";
import { stubAppEnv } from "../support/app-env";
import { BASE_URL } from "../support/auth";
import { type OpenAIStub, startOpenAIStub } from "../support/openai-stub";

/**
 * The benchmark's floor route (bench/README.md): off unless BENCH_FLOOR_ROUTE is on, and then
 * the bare route's answer (one `data:` line per text delta) from the real provider against a
 * local OpenAI-compatible server.
 */
let stub: OpenAIStub;
beforeAll(async () => {
  stub = await startOpenAIStub();
});
afterAll(() => stub.close());

const withModel = () => ({ OPENAI_API_KEY: "sk-local-test", OPENAI_BASE_URL: stub.url, TUTOR_MODEL: "stub-tutor" });

const ask = (body: string) =>
  floor(
    new Request(`${BASE_URL}/api/bench/floor`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }),
  );
const dataLines = async (res: Response) =>
  (await res.text())
    .split("\n\n")
    .filter((event) => event.startsWith("data: "))
    .map((event) => JSON.parse(event.replace(/^data: /, "")) as { delta?: string; error?: boolean });

describe("the benchmark's floor route", () => {
  it("is not there unless BENCH_FLOOR_ROUTE is on, even with a model configured", async () => {
    for (const flag of [undefined, "false"]) {
      stubAppEnv({ ...withModel(), BENCH_FLOOR_ROUTE: flag });
      const before = stub.requests.length;
      const res = await ask(JSON.stringify({ text: "Hello?" }));
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "http:not_found", message: expect.any(String) } });
      expect(stub.requests.length).toBe(before);
    }
  });

  it("is not there without a model", async () => {
    stubAppEnv({ BENCH_FLOOR_ROUTE: "1", OPENAI_API_KEY: undefined });
    expect((await ask(JSON.stringify({ text: "Hello?" }))).status).toBe(404);
  });

  it("streams the model's answer as one data line per text delta", async () => {
    stubAppEnv({ ...withModel(), BENCH_FLOOR_ROUTE: "1" });
    stub.script({ kind: "text", chunks: ["A rotation ", "keeps ", "lengths."] });
    const before = stub.requests.length;
    const res = await ask(JSON.stringify({ text: "Why is R^-1 = R^T?" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("cache-control")).toContain("no-transform");
    const text = await res.clone().text();
    // The stream opens with a comment, so the headers leave before the model answers.
    expect(text.startsWith(": open\n\n")).toBe(true);
    const lines = await dataLines(res);
    expect(lines.map((l) => l.delta).join("")).toBe("A rotation keeps lengths.");
    expect(lines.every((l) => typeof l.delta === "string")).toBe(true);
    const sent = stub.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.stream).toBe(true);
    expect(sent[0]?.model).toBe("stub-tutor");
    expect(JSON.stringify(sent[0]?.messages)).toContain("Why is R^-1 = R^T?");
  });

  it("ends with an error line when the model fails", async () => {
    stubAppEnv({ ...withModel(), BENCH_FLOOR_ROUTE: "1" });
    stub.script({ kind: "status", status: 500, body: '{"error":{"message":"down"}}' });
    const lines = await dataLines(await ask(JSON.stringify({ text: "Hello?" })));
    expect(lines).toEqual([{ error: true }]);
  });

  it("refuses a body without text", async () => {
    stubAppEnv({ ...withModel(), BENCH_FLOOR_ROUTE: "1" });
    for (const body of ["not json", "{}", '{"text": 3}']) {
      const res = await ask(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("http:invalid_json");
    }
  });
});
