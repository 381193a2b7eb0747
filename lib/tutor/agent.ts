import { APICallError, isStepCount, type ModelMessage, RetryError, streamText, tool } from "ai";
import { z } from "zod";
import type { Passage, Retriever } from "@/lib/rag/retriever";
import { deadline } from "./deadline";
import { DEFAULT_TIMEOUT, type TutorModel } from "./model";
import { RETRIEVAL_ONLY_TITLE, SEARCH_UNAVAILABLE_TITLE } from "./notices";
import { type PageContext, pageContextBlock, passagesBlock, selectedTextBlock, TUTOR_SYSTEM_PROMPT } from "./prompt";

export interface TurnInput {
  /** Earlier turns, oldest first. */
  history: ModelMessage[];
  userText: string;
  quotedText?: string | null;
  page?: PageContext | null;
  courseId: string;
  /** The learner's unlocked stages: the only ones retrieval may read. */
  stageIds: string[];
  signal: AbortSignal;
}

export type TurnEvent =
  | { type: "text"; delta: string }
  | { type: "notice"; level: "info" | "warning"; title?: string; message: string }
  /** The passages an answer drew on, best first (the adapter turns them into citations). */
  | { type: "sources"; passages: Passage[] }
  | { type: "usage"; inputTokens: number; outputTokens: number }
  | { type: "error"; message: string; retryable: boolean };

const SEARCH_LIMIT = 6;

function userMessage(input: TurnInput): ModelMessage {
  const parts = [
    input.page ? pageContextBlock(input.page) : null,
    input.quotedText ? selectedTextBlock(input.quotedText) : null,
    input.userText,
  ].filter(Boolean);
  return { role: "user", content: parts.join("\n\n") };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
const isRetryable = (err: unknown) =>
  RetryError.isInstance(err) || (APICallError.isInstance(err) ? err.isRetryable : true);

/** Searches only the learner's unlocked stages (nothing the model says can widen them). */
async function searchUnlocked(retriever: Retriever, input: TurnInput, query: string): Promise<Passage[]> {
  try {
    return await retriever.search({ query, courseId: input.courseId, stageIds: input.stageIds, limit: SEARCH_LIMIT });
  } catch (err) {
    console.error(`[tutor] course search failed: ${errorText(err)}`);
    throw err;
  }
}

/** Without a model: the most relevant passages of the learner's unlocked lessons, cited. */
async function* retrievalOnly(retriever: Retriever, input: TurnInput): AsyncGenerator<TurnEvent> {
  yield {
    type: "notice",
    level: "info",
    title: RETRIEVAL_ONLY_TITLE,
    message:
      "No language model is configured, so the tutor shows the most relevant passages from your unlocked lessons.",
  };
  let passages: Passage[];
  try {
    const query = [input.userText, input.quotedText].filter(Boolean).join(" ");
    passages = await searchUnlocked(retriever, input, query);
  } catch {
    yield {
      type: "notice",
      level: "warning",
      title: SEARCH_UNAVAILABLE_TITLE,
      message: "Course search is unavailable right now. Please try again shortly.",
    };
    return;
  }
  // Solutions stay hidden: the learner opens them on the lesson page when ready.
  const shown = passages.filter((p) => !p.isSolution).slice(0, 3);
  if (shown.length === 0) {
    yield {
      type: "text",
      delta:
        "I could not find this in the lessons you have unlocked so far. Try other words, or look at the lesson list.",
    };
    return;
  }
  const body = shown
    .map(
      (p) =>
        `**${p.lessonTitle} › ${p.heading}**\n\n${p.content.length > 900 ? `${p.content.slice(0, 900).trimEnd()}…` : p.content}`,
    )
    .join("\n\n---\n\n");
  yield { type: "text", delta: `Here is what your lessons say:\n\n${body}` };
  yield { type: "sources", passages: shown };
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
  let searchFailed = false;
  const search_lessons = tool({
    description:
      "Search the learner's unlocked course lessons. Returns the most relevant passages with their lesson and section. Use it before answering questions about course content.",
    inputSchema: z.object({ query: z.string().min(1).max(500).describe("What to look for, in a few words") }),
    execute: async ({ query }): Promise<string> => {
      try {
        const passages = await searchUnlocked(deps.retriever, input, query);
        used.push(...passages);
        return passagesBlock(passages);
      } catch {
        searchFailed = true;
        return "Course search is unavailable right now. Answer from general knowledge and say that you could not check the course.";
      }
    },
  });

  // The turn's total time limit is ours and cleared when the turn ends (see deadline.ts); the
  // SDK keeps only the limit on silence between chunks, whose timer it clears itself.
  const limits = deps.model.timeout ?? DEFAULT_TIMEOUT;
  const turn = deadline(limits.totalMs, input.signal);
  const result = streamText({
    model: deps.model.model,
    instructions: TUTOR_SYSTEM_PROMPT,
    messages: [...input.history, userMessage(input)],
    tools: { search_lessons },
    stopWhen: isStepCount(4),
    abortSignal: turn.signal,
    maxRetries: 1,
    timeout: { chunkMs: limits.chunkMs },
    onError: () => {},
  });

  let failed = false;
  try {
    for await (const part of result.stream) {
      if (part.type === "text-delta") yield { type: "text", delta: part.text };
      else if (part.type === "error") {
        failed = true;
        console.error(`[tutor] model error: ${errorText(part.error)}`);
        yield { type: "error", message: "The tutor could not finish this answer.", retryable: isRetryable(part.error) };
      } else if (part.type === "abort") {
        if (!input.signal.aborted) {
          failed = true;
          yield { type: "error", message: "The tutor took too long to answer.", retryable: true };
        }
        return;
      } else if (part.type === "finish") {
        yield {
          type: "usage",
          inputTokens: part.totalUsage.inputTokens ?? 0,
          outputTokens: part.totalUsage.outputTokens ?? 0,
        };
      }
    }
  } finally {
    turn.clear();
  }
  if (searchFailed) {
    yield {
      type: "notice",
      level: "warning",
      title: SEARCH_UNAVAILABLE_TITLE,
      message: "This answer is from general knowledge: the course search could not be reached.",
    };
  }
  if (!failed && used.length > 0) yield { type: "sources", passages: used };
}
