import { APICallError, isStepCount, type ModelMessage, RetryError, streamText, tool, zodSchema } from "ai";
import { z } from "zod";
import { analyzeQuery } from "@/lib/rag/query";
import { rankPassages } from "@/lib/rag/rank";
import type { Passage, Retriever } from "@/lib/rag/retriever";
import { deadline } from "./deadline";
import { type CourseCatalog, lockedHint } from "./locked-hint";
import { DEFAULT_TIMEOUT, type TutorModel } from "./model";
import { RETRIEVAL_ONLY_TITLE, SEARCH_UNAVAILABLE_TITLE } from "./notices";
import {
  foundPassagesBlock,
  type PageContext,
  pageContextBlock,
  passagesBlock,
  selectedTextBlock,
  TUTOR_SYSTEM_PROMPT,
} from "./prompt";
import { retrievalAnswer } from "./retrieval-answer";

export interface TurnInput {
  /** Earlier turns, oldest first. */
  history: ModelMessage[];
  userText: string;
  quotedText?: string | null;
  page?: PageContext | null;
  courseId: string;
  /** The learner's unlocked stages: the only ones retrieval may read. */
  stageIds: string[];
  /** The course's index version as the turn read it with its scope (saves each search a read). */
  indexVersion?: string | null;
  /**
   * Every lesson's title and summary, and the glossary, loaded on demand: the retrieval-only
   * answer uses them to point at a locked lesson (by title only) that covers the question.
   */
  catalog?: () => Promise<CourseCatalog>;
  signal: AbortSignal;
}

export type TurnEvent =
  | { type: "text"; delta: string }
  | { type: "notice"; level: "info" | "warning"; title?: string; message: string }
  /** The passages an answer drew on, best first (the adapter turns them into citations). */
  | { type: "sources"; passages: Passage[] }
  /** One course search and the lessons it found, best first (recorded with the turn's usage). */
  | { type: "search"; query: string; lessons: { id: string; title: string }[] }
  | { type: "usage"; inputTokens: number; outputTokens: number }
  | { type: "error"; message: string; retryable: boolean };

const SEARCH_LIMIT = 6;
/**
 * search_lessons' input, built once: the SDK turns a schema into JSON Schema on first use and
 * keeps the result on the schema object, so a schema made per turn was converted on every call.
 */
const SEARCH_INPUT = zodSchema(
  z.object({ query: z.string().min(1).max(500).describe("What to look for, in a few words") }),
);
/** Passages searched for the learner's message before the model's first call. */
const GROUNDING_LIMIT = 4;

/** Parts that show the model has started producing something. */
const MODEL_OUTPUT = new Set([
  "text-start",
  "text-delta",
  "reasoning-start",
  "reasoning-delta",
  "tool-input-start",
  "tool-call",
]);

/**
 * Aborts when a model call has produced nothing for `ms`, counting from the request (the AI
 * SDK's own first-chunk limit starts only once response headers arrive, so a server that never
 * answers at all would otherwise hold the learner for the whole turn).
 */
function firstChunkTimer(ms: number) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  const arm = () => {
    clear();
    timer = setTimeout(() => controller.abort(new Error("no first chunk")), ms);
  };
  arm();
  return { signal: controller.signal, arm, clear };
}

function userMessage(input: TurnInput, found: Passage[] | null): ModelMessage {
  const parts = [
    input.page ? pageContextBlock(input.page) : null,
    input.quotedText ? selectedTextBlock(input.quotedText) : null,
    found ? foundPassagesBlock(found) : null,
    input.userText,
  ].filter(Boolean);
  return { role: "user", content: parts.join("\n\n") };
}

/** What to search for a message: the learner's words and, when there is one, their selection. */
const messageQuery = (input: TurnInput) => [input.userText, input.quotedText].filter(Boolean).join(" ").slice(0, 2000);

const searchEvent = (query: string, passages: Passage[]): TurnEvent => ({
  type: "search",
  query: query.slice(0, 300),
  lessons: [...new Map(passages.map((p) => [p.lessonId, { id: p.lessonId, title: p.lessonTitle }])).values()],
});

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
const isRetryable = (err: unknown) =>
  RetryError.isInstance(err) || (APICallError.isInstance(err) ? err.isRetryable : true);

/** Searches only the learner's unlocked stages (nothing the model says can widen them). */
async function searchUnlocked(
  retriever: Retriever,
  input: TurnInput,
  query: string,
  limit = SEARCH_LIMIT,
): Promise<Passage[]> {
  try {
    return await retriever.search({
      query,
      courseId: input.courseId,
      stageIds: input.stageIds,
      limit,
      lessonId: input.page?.lessonId ?? null,
      indexVersion: input.indexVersion,
    });
  } catch (err) {
    console.error(`[tutor] course search failed: ${errorText(err)}`);
    throw err;
  }
}

/** A locked lesson that covers the question, judged on titles and summaries; never fatal. */
async function hintFor(input: TurnInput, query: string) {
  if (!input.catalog) return null;
  try {
    return lockedHint(query, await input.catalog(), input.stageIds);
  } catch (err) {
    console.error(`[tutor] course outline unavailable: ${errorText(err)}`);
    return null;
  }
}

/**
 * Without a model: the answer says so, then shows excerpts of the best-matching passages of the
 * learner's unlocked lessons, cited; it says when nothing matches well and names a locked
 * lesson that covers the question. Solutions stay hidden: the learner opens them on the page.
 */
async function* retrievalOnly(retriever: Retriever, input: TurnInput): AsyncGenerator<TurnEvent> {
  yield {
    type: "notice",
    level: "info",
    title: RETRIEVAL_ONLY_TITLE,
    message:
      "No language model is configured, so the tutor shows the most relevant passages from your unlocked lessons.",
  };
  const query = messageQuery(input);
  let passages: Passage[];
  try {
    // Solutions are left out before the lessons are ranked, not after: a lesson's solution
    // would take its best slot and push the lesson's other passages below other lessons'.
    const found = await searchUnlocked(retriever, input, query, 2 * SEARCH_LIMIT);
    // The open lesson's prior is in the scores already.
    passages = rankPassages(
      found.filter((p) => !p.isSolution),
      { limit: SEARCH_LIMIT },
    );
  } catch {
    yield {
      type: "notice",
      level: "warning",
      title: SEARCH_UNAVAILABLE_TITLE,
      message: "Course search is unavailable right now. Please try again shortly.",
    };
    return;
  }
  yield searchEvent(query, passages);
  const { text, shown } = retrievalAnswer({
    passages,
    questionTerms: analyzeQuery(query).map((t) => t.lexeme),
    hint: await hintFor(input, query),
  });
  yield { type: "text", delta: text };
  if (shown.length > 0) yield { type: "sources", passages: shown };
}

/**
 * One tutor turn. With a model: AI SDK streamText with a search_lessons tool bound to the
 * learner's unlocked stages (the model cannot widen it). Without one: retrieval-only.
 * Never throws; failures come out as `error` events.
 */
export async function* runTutorTurn(
  deps: { model: TutorModel | null; retriever: Retriever },
  input: TurnInput,
): AsyncGenerator<TurnEvent> {
  if (!deps.model) {
    yield* retrievalOnly(deps.retriever, input);
    return;
  }
  const used: Passage[] = [];
  const searches: TurnEvent[] = [];
  let searchFailed = false;
  // Ground the answer: search for the learner's message before the first model call and give
  // the model what was found; search_lessons stays for follow-up searches.
  let found: Passage[] | null = null;
  const query = messageQuery(input);
  try {
    found = await searchUnlocked(deps.retriever, input, query, GROUNDING_LIMIT);
    used.push(...found);
    searches.push(searchEvent(query, found));
  } catch {
    searchFailed = true;
  }
  const search_lessons = tool({
    description:
      "Search the learner's unlocked course lessons. Returns the most relevant passages with their lesson and section. Use it before answering questions about course content.",
    inputSchema: SEARCH_INPUT,
    execute: async ({ query }): Promise<string> => {
      try {
        const passages = await searchUnlocked(deps.retriever, input, query);
        used.push(...passages);
        searches.push(searchEvent(query, passages));
        return passagesBlock(passages);
      } catch {
        searchFailed = true;
        return "Course search is unavailable right now. Answer from general knowledge and say that you could not check the course.";
      }
    },
  });

  // The turn's total time limit is ours and cleared when the turn ends (see deadline.ts); the
  // SDK keeps only the limit on silence between chunks, whose timer it clears itself. A model's
  // own limits may name only some of them; the rest keep their defaults.
  const limits = { ...DEFAULT_TIMEOUT, ...deps.model.timeout };
  const turn = deadline(limits.totalMs, input.signal);
  const firstChunk = firstChunkTimer(limits.firstChunkMs);
  const result = streamText({
    model: deps.model.model,
    instructions: TUTOR_SYSTEM_PROMPT,
    messages: [...input.history, userMessage(input, found)],
    tools: { search_lessons },
    stopWhen: isStepCount(4),
    abortSignal: AbortSignal.any([turn.signal, firstChunk.signal]),
    maxRetries: 1,
    timeout: { chunkMs: limits.chunkMs },
    onError: () => {},
  });

  let failed = false;
  let answered = false;
  // Tokens of the steps that finished, so a turn cut short still counts what it used.
  const stepTokens = { inputTokens: 0, outputTokens: 0 };
  let reported = false;
  try {
    for await (const part of result.stream) {
      if (MODEL_OUTPUT.has(part.type)) firstChunk.clear();
      if (part.type === "text-delta") {
        answered ||= part.text.length > 0;
        yield { type: "text", delta: part.text };
      } else if (part.type === "error") {
        failed = true;
        console.error(`[tutor] model error: ${errorText(part.error)}`);
        yield { type: "error", message: "The tutor could not finish this answer.", retryable: isRetryable(part.error) };
      } else if (part.type === "abort") {
        yield* searches;
        searches.length = 0;
        if (!input.signal.aborted) {
          failed = true;
          const message = firstChunk.signal.aborted
            ? "The tutor did not start answering in time. Please try again."
            : "The tutor took too long to answer.";
          yield { type: "error", message, retryable: true };
        }
        break;
      } else if (part.type === "finish-step") {
        stepTokens.inputTokens += part.usage.inputTokens ?? 0;
        stepTokens.outputTokens += part.usage.outputTokens ?? 0;
        // The tools ran; the next model call has its own first chunk to wait for.
        if (part.finishReason === "tool-calls") firstChunk.arm();
      } else if (part.type === "finish") {
        reported = true;
        yield {
          type: "usage",
          inputTokens: part.totalUsage.inputTokens ?? 0,
          outputTokens: part.totalUsage.outputTokens ?? 0,
        };
      }
    }
  } catch (err) {
    // The model's connection dropped mid-answer (the stream itself throws): what was written
    // so far stays with the caller, and the learner may try again.
    if (!input.signal.aborted) {
      failed = true;
      console.error(`[tutor] model stream broke off: ${errorText(err)}`);
      yield {
        type: "error",
        message: "The connection to the tutor was lost before the answer was complete. Please try again.",
        retryable: true,
      };
    }
  } finally {
    firstChunk.clear();
    turn.clear();
  }
  if (!reported) yield { type: "usage", ...stepTokens };
  yield* searches;
  if (input.signal.aborted) return;
  // A model that ended without a word (an empty reply, or every step spent on searches) has
  // not answered: the learner is told and may ask again, and the turn costs no message.
  if (!failed && !answered) {
    failed = true;
    console.error("[tutor] the model ended its turn without any text");
    yield { type: "error", message: "The tutor did not answer this time. Please ask again.", retryable: true };
  }
  if (searchFailed) {
    yield {
      type: "notice",
      level: "warning",
      title: SEARCH_UNAVAILABLE_TITLE,
      message: "This answer is from general knowledge: the course search could not be reached.",
    };
  }
  if (!failed && used.length > 0) {
    yield { type: "sources", passages: [...new Map(used.map((p) => [p.chunkId, p])).values()] };
  }
}
