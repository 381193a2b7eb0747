/**
 * The benchmark's model: the project's OpenAI-compatible stand-in (tests/support/openai-stub.ts)
 * in its own process, answering every request with a short streamed text (first chunk after
 * 10 ms, then one every 5 ms; a non-streaming request, the title, gets it as one JSON reply when
 * the stream would have ended). A question containing "(wait N ms)" waits N ms before its first
 * chunk: the slow model of the 500-stream run. Prints "ready <base url>".
 *   node --import tsx bench/support/model-server.ts <port>
 */
import { startOpenAIStub } from "../../tests/support/openai-stub";

const stub = await startOpenAIStub({
  port: Number(process.argv[2] ?? 0),
  fixedAnswer: {
    chunks: ["A rotation ", "matrix keeps ", "lengths and ", "angles: its ", "columns are ", "orthonormal."],
    firstChunkDelayMs: 10,
    chunkDelayMs: 5,
  },
  keepRequests: false,
});
console.log(`ready ${stub.url}`);
