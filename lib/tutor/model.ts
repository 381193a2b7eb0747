import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import type { Env } from "@/lib/env";

export interface TutorModel {
  model: LanguageModel;
  name: string;
  /** Total time for a turn, and the longest silence between streamed chunks. */
  timeout?: { totalMs: number; chunkMs: number };
}

export const DEFAULT_TIMEOUT = { totalMs: 120_000, chunkMs: 30_000 };

/**
 * The one place the tutor's model is chosen. OPENAI_API_KEY turns it on; OPENAI_BASE_URL points
 * at any OpenAI-compatible server, so this uses the chat-completions API (`.chat`), which such
 * servers implement. Without a key the tutor runs in retrieval-only mode (null here).
 */
export function tutorModelFromEnv(config: Pick<Env, "model">): TutorModel | null {
  if (!config.model.apiKey) return null;
  const provider = createOpenAI({ apiKey: config.model.apiKey, baseURL: config.model.baseURL });
  return { model: provider.chat(config.model.tutorModel), name: config.model.tutorModel };
}
