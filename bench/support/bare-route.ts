/**
 * The baseline for the tutor: the least a server can do to stream an answer from the same
 * model with the same SDK (AI SDK streamText + @ai-sdk/openai over HTTP), without Next.js, a
 * session, a database or the ChatKit protocol. POST {"text": "..."} → one SSE `data:` line per
 * text delta. Headers go out at once, as a route returning streamText's response would.
 *   node --import tsx bench/support/bare-route.ts <port> <model base url>
 */
import http from "node:http";
import { createOpenAI } from "@ai-sdk/openai";
import { floorLines } from "../../lib/bench/floor";

const port = Number(process.argv[2] ?? 0);
const provider = createOpenAI({ apiKey: "sk-bench-local", baseURL: process.argv[3] });
const model = provider.chat("bench-model");

const server = http.createServer(async (req, res) => {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  const { text } = JSON.parse(Buffer.concat(parts).toString() || "{}") as { text?: string };
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform" });
  res.flushHeaders();
  for await (const line of floorLines(model, text ?? "")) res.write(line);
  res.end();
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => {
  console.log(`ready http://127.0.0.1:${(server.address() as { port: number }).port}`);
});
