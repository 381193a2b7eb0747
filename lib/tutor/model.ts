import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import type { Env } from "@/lib/env";

export interface TutorModel {
  model: LanguageModel;
  name: string;
  /**
   * Total time for a turn, the longest wait for a model call's first chunk, and the longest
   * silence between chunks after that.
   */
  timeout?: Partial<TutorTimeout>;
}

export interface TutorTimeout {
  totalMs: number;
  firstChunkMs: number;
  chunkMs: number;
}

/**
 * A model that never answers fails in 20 s instead of waiting out the whole turn, and a whole
 * turn (90 s), with its title asked beside it (TITLE_TIMEOUT_MS), fits the route's 120 s
 * maxDuration with time to store both.
 */
export const DEFAULT_TIMEOUT: TutorTimeout = { totalMs: 90_000, firstChunkMs: 20_000, chunkMs: 30_000 };

/** The longest a thread title may take; asked once the answer's first text is sent, beside the rest. */
export const TITLE_TIMEOUT_MS = 10_000;

/** The provider's default, passed explicitly so an empty OPENAI_BASE_URL is never read. */
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/**
 * The one place the tutor's model is chosen. OPENAI_API_KEY turns it on; OPENAI_BASE_URL points
 * at any OpenAI-compatible server, so this uses the chat-completions API (`.chat`), which such
 * servers implement. Without a key the tutor runs in retrieval-only mode (null here).
 */
export function tutorModelFromEnv(config: Pick<Env, "model">): TutorModel | null {
  if (!config.model.apiKey) return null;
  const provider = createOpenAI({
    apiKey: config.model.apiKey,
    baseURL: config.model.baseURL ?? OPENAI_DEFAULT_BASE_URL,
  });
  return { model: provider.chat(config.model.tutorModel), name: config.model.tutorModel };
}
