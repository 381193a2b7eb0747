import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible server (chat completions with streaming and tool calls, plus
 * embeddings) so the real @ai-sdk/openai code path runs offline. Scripted steps are served in
 * order; with none left it behaves like a tutor: first it calls search_lessons with the
 * learner's words, then it answers from the passages it got back. A request with `stream`
 * unset (generateText: the thread's title) gets one JSON completion, from a queue of its own
 * (`scriptNonStreaming`), so a title asked for beside a turn never takes the turn's steps.
 */
export type StubStep =
  | { kind: "text"; chunks: string[]; delayMs?: number; firstDelayMs?: number }
  | { kind: "tool"; name: string; args: Record<string, unknown> }
  /** An error answer; `headers` as OpenAI sends them (`retry-after-ms`, which the AI SDK's retry honours). */
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  | { kind: "hang" }
  /** Streams these chunks, then cuts the connection (no finish, no [DONE]). */
  | { kind: "drop"; chunks: string[] };

interface ChatBody {
  model: string;
  stream?: boolean;
  messages: { role: string; content: unknown }[];
  tools?: unknown[];
}

export interface StubOptions {
  port?: number;
  /**
   * A slow or fast model for benchmarks: every chat request that has no scripted step streams
   * this answer (no tool call), waiting `firstChunkDelayMs` before the first chunk and
   * `chunkDelayMs` before each later one. A question containing "(wait N ms)" waits N ms
   * before its first chunk instead (a slow model, chosen per request).
   */
  fixedAnswer?: { chunks: string[]; firstChunkDelayMs?: number; chunkDelayMs?: number };
  /** Keep every request body in `requests` (tests read them); off for long benchmark runs. */
  keepRequests?: boolean;
}

export interface OpenAIStub {
  url: string;
  requests: ChatBody[];
  /** Steps for streaming requests (a tutor turn's model calls), in order. */
  script(...steps: StubStep[]): void;
  /** Steps for non-streaming requests (the title), in order. */
  scriptNonStreaming(...steps: StubStep[]): void;
  close(): Promise<void>;
}

const sse = (res: http.ServerResponse, payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
const text = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.map((p) => (p as { text?: string }).text ?? "").join("")
      : "";

/** Markdown that is wider than any chat panel in three ways, between paragraphs that must wrap. */
export const WIDE_ANSWER = [
  "The axis-angle representation writes a rotation as a unit axis and an angle; Rodrigues' formula builds ",
  "the rotation matrix from the skew-symmetric matrix of the axis:\n\n",
  "$$\nR = I + \\sin\\theta\\,[\\hat{\\omega}]_\\times + (1-\\cos\\theta)\\,[\\hat{\\omega}]_\\times^2 = ",
  "\\begin{bmatrix} \\cos\\theta + \\omega_x^2(1-\\cos\\theta) & \\omega_x\\omega_y(1-\\cos\\theta) - \\omega_z\\sin\\theta & ",
  "\\omega_x\\omega_z(1-\\cos\\theta) + \\omega_y\\sin\\theta \\\\ \\omega_y\\omega_x(1-\\cos\\theta) + \\omega_z\\sin\\theta & ",
  "\\cos\\theta + \\omega_y^2(1-\\cos\\theta) & \\omega_y\\omega_z(1-\\cos\\theta) - \\omega_x\\sin\\theta \\end{bmatrix}\n$$\n\n",
  "| representation | parameters | singularities | composition cost | interpolation |\n",
  "|---|---|---|---|---|\n",
  "| rotation matrix | nine numbers with six constraints | none | a matrix product | awkward |\n",
  "| axis-angle | a unit axis and an angle | at zero rotation | convert first | along the axis |\n\n",
  "```python\nR = np.eye(3) + np.sin(theta) * skew(omega) + (1 - np.cos(theta)) * skew(omega) @ skew(omega)  # Rodrigues\n```\n\n",
  "Whichever representation you choose, the skew-symmetric matrix keeps every paragraph of this answer readable ",
  "on a phone: https://example.com/a/very/long/address/that/has/no/spaces/at/all/so/it/must/wrap/anywhere/to/fit.",
];

/** The default, tool-using tutor behaviour. */
function defaultStep(body: ChatBody): StubStep {
  const last = body.messages.at(-1);
  if (last?.role === "tool") {
    const passages = text(last.content);
    const match = passages.match(/<passage[^>]*lesson="([^"]+)"[^>]*>\n([^\n]+)/);
    return {
      kind: "text",
      chunks: match
        ? ["From the lesson ", `“${match[1]}”: `, (match[2] ?? "").slice(0, 200)]
        : ["That is not in the lessons you have unlocked yet."],
      delayMs: 20,
    };
  }
  const question =
    text([...body.messages].reverse().find((m) => m.role === "user")?.content)
      .split("\n")
      .at(-1) ?? "";
  // "(slowly)" in a question asks for a long, slow answer, so a test can stop it mid-stream.
  if (question.includes("(slowly)")) {
    return {
      kind: "text",
      chunks: Array.from({ length: 40 }, (_, k) => `Sentence ${k + 1} of a long answer. `),
      delayMs: 250,
    };
  }
  // "(wide formula)" asks for an answer wider than a phone: a display formula, a table and a
  // code line that must scroll in their own boxes while the prose wraps.
  if (question.includes("(wide formula)")) return { kind: "text", chunks: WIDE_ANSWER, delayMs: 5 };
  // Like a real model, search with the learner's selection when there is one.
  const selection = text([...body.messages].reverse().find((m) => m.role === "user")?.content).match(
    /<selected_text>\n([\s\S]*?)\n<\/selected_text>/,
  )?.[1];
  const query = selection ? `${selection.slice(0, 150)} ${question}` : question;
  if (body.tools?.length) return { kind: "tool", name: "search_lessons", args: { query: query.slice(0, 300) } };
  return { kind: "text", chunks: [question.split(" ").slice(0, 5).join(" ")] };
}

/** "(wait N ms)" in the latest user message. */
function requestedWait(body: ChatBody): number | undefined {
  const question = text([...body.messages].reverse().find((m) => m.role === "user")?.content);
  const ms = question.match(/\(wait (\d+) ms\)/)?.[1];
  return ms === undefined ? undefined : Number(ms);
}

/** A deterministic unit vector from the text's words (for embedding tests). */
export function fakeEmbedding(input: string, dims = 64): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const word of input.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const h = createHash("sha256").update(word).digest();
    v[(h[0] as number) % dims] = (v[(h[0] as number) % dims] as number) + 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

const USAGE = { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 };

type ChunkedStep = Extract<StubStep, { kind: "text" | "drop" }>;
/** How long a step waits before its chunk `i`: streamed, or summed for one JSON reply. */
const chunkWait = (step: ChunkedStep, i: number): number =>
  step.kind === "text" ? ((i === 0 ? (step.firstDelayMs ?? step.delayMs) : step.delayMs) ?? 0) : 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A non-streaming answer: one JSON completion, sent after the time the chunks would have taken
 * to stream (a dropped one is cut off before it is complete).
 */
async function completion(
  res: http.ServerResponse,
  model: string,
  step: Exclude<StubStep, { kind: "status" | "hang" }>,
) {
  const message =
    step.kind === "tool"
      ? {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: step.name, arguments: JSON.stringify(step.args) } },
          ],
        }
      : { role: "assistant", content: step.chunks.join("") };
  if (step.kind !== "tool") await sleep(step.chunks.reduce((ms, _, i) => ms + chunkWait(step, i), 0));
  if (res.destroyed) return;
  if (step.kind === "drop") {
    res.writeHead(200, { "content-type": "application/json" });
    res.write(JSON.stringify({ id: "chatcmpl-stub" }).slice(0, 10));
    res.socket?.destroy();
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      id: "chatcmpl-stub",
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message, finish_reason: step.kind === "tool" ? "tool_calls" : "stop" }],
      usage: USAGE,
    }),
  );
}

export async function startOpenAIStub({
  port = 0,
  fixedAnswer,
  keepRequests = true,
}: StubOptions = {}): Promise<OpenAIStub> {
  const queue: StubStep[] = [];
  const oneShotQueue: StubStep[] = [];
  const requests: ChatBody[] = [];
  let calls = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
    if (req.url?.endsWith("/embeddings")) {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          object: "list",
          data: inputs.map((t, index) => ({ object: "embedding", index, embedding: fakeEmbedding(t) })),
          model: body.model,
          usage: { prompt_tokens: 1, total_tokens: 1 },
        }),
      );
      return;
    }
    if (!req.url?.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    calls++;
    if (keepRequests) requests.push(body);
    const streaming = body.stream === true;
    const step =
      (streaming ? queue : oneShotQueue).shift() ??
      (fixedAnswer
        ? {
            kind: "text" as const,
            chunks: fixedAnswer.chunks,
            firstDelayMs: requestedWait(body) ?? fixedAnswer.firstChunkDelayMs,
            delayMs: fixedAnswer.chunkDelayMs,
          }
        : defaultStep(body));
    if (step.kind === "status") {
      res.writeHead(step.status, { "content-type": "application/json", ...step.headers });
      res.end(step.body ?? JSON.stringify({ error: { message: "upstream failure", type: "server_error" } }));
      return;
    }
    if (step.kind === "hang") return; // never answers: the client must time out
    if (!streaming) {
      await completion(res, body.model, step);
      return;
    }
    const base = {
      id: "chatcmpl-stub",
      object: "chat.completion.chunk",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
    };
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    if (step.kind === "tool") {
      sse(res, {
        ...base,
        choices: [
          {
            index: 0,
            delta: {
              role: "assistant",
              tool_calls: [
                {
                  index: 0,
                  id: `call_${calls}`,
                  type: "function",
                  function: { name: step.name, arguments: JSON.stringify(step.args) },
                },
              ],
            },
            finish_reason: null,
          },
        ],
      });
      sse(res, { ...base, choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
    } else {
      for (const [i, piece] of step.chunks.entries()) {
        const wait = chunkWait(step, i);
        if (wait) await sleep(wait);
        if (res.destroyed) return;
        sse(res, {
          ...base,
          choices: [
            {
              index: 0,
              delta: i === 0 ? { role: "assistant", content: piece } : { content: piece },
              finish_reason: null,
            },
          ],
        });
      }
      if (step.kind === "drop") {
        // Let what was written arrive, then cut the connection mid-stream.
        await sleep(50);
        res.socket?.destroy();
        return;
      }
      sse(res, { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    }
    sse(res, { ...base, choices: [], usage: USAGE });
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    script: (...steps) => queue.push(...steps),
    scriptNonStreaming: (...steps) => oneShotQueue.push(...steps),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
