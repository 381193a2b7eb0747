import { createOpenAI } from "@ai-sdk/openai";
import { embedMany } from "ai";
import type { Env } from "@/lib/env";
import { OPENAI_DEFAULT_BASE_URL } from "@/lib/tutor/model";

/** Turns texts into vectors; one seam so tests and benchmarks can point it at a local server. */
export interface Embedder {
  name: string;
  embed(texts: string[]): Promise<number[][]>;
}

/** EMBEDDING_MODEL with the tutor's OpenAI-compatible credentials; null means no dense retrieval. */
export function embedderFromEnv(config: Pick<Env, "model">): Embedder | null {
  const { apiKey, baseURL, embeddingModel } = config.model;
  if (!apiKey || !embeddingModel) return null;
  const model = createOpenAI({ apiKey, baseURL: baseURL ?? OPENAI_DEFAULT_BASE_URL }).embedding(embeddingModel);
  return {
    name: embeddingModel,
    async embed(texts) {
      if (texts.length === 0) return [];
      const { embeddings } = await embedMany({ model, values: texts, maxRetries: 2, maxParallelCalls: 2 });
      return embeddings;
    },
  };
}

/** What gets embedded for a chunk: its place in the lesson plus its text. */
export const chunkText = (c: { lessonTitle: string; heading: string; content: string }) =>
  `${c.lessonTitle} › ${c.heading}\n\n${c.content}`;
