import { generateText } from "ai";
import { deadline } from "./deadline";
import { TITLE_TIMEOUT_MS, type TutorModel } from "./model";

const FALLBACK_TITLE_LENGTH = 60;

/**
 * The question itself, for when no model is configured (or the model call fails): whole if it
 * is short, else cut at a word with "…" (the first seven words, cut without a mark, read as a
 * finished title: "What does the cross product give for").
 */
export function fallbackTitle(question: string): string {
  const text = question
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[?.!,;:]+$/, "");
  if (text.length <= FALLBACK_TITLE_LENGTH) return text || "New conversation";
  const cut = text.slice(0, FALLBACK_TITLE_LENGTH - 1);
  const atWord = cut.lastIndexOf(" ") > 20 ? cut.slice(0, cut.lastIndexOf(" ")) : cut;
  return `${atWord.replace(/[?.!,;:\s]+$/, "")}…`;
}

/**
 * A short title for a thread from its first question, within `timeoutMs` (with under a
 * second, or no model, or a failed call, the question's first words are used).
 */
export async function generateTitle(
  model: TutorModel | null,
  question: string,
  signal?: AbortSignal,
  timeoutMs = TITLE_TIMEOUT_MS,
): Promise<string> {
  if (!model || timeoutMs < 1_000) return fallbackTitle(question);
  // Our own timer, cleared on return (an SDK `timeout` would hold the request for its length).
  const limit = deadline(Math.min(timeoutMs, TITLE_TIMEOUT_MS), signal);
  try {
    const { text } = await generateText({
      model: model.model,
      instructions:
        "Write a title of 2 to 6 words for a tutoring conversation that starts with the learner message below. Answer with the title only: no quotes, no final punctuation.",
      prompt: question.slice(0, 2000),
      maxOutputTokens: 24,
      temperature: 0.2,
      maxRetries: 1,
      abortSignal: limit.signal,
    });
    const title = text.replace(/["“”]/g, "").replace(/\s+/g, " ").trim().slice(0, 80);
    return title || fallbackTitle(question);
  } catch {
    return fallbackTitle(question);
  } finally {
    limit.clear();
  }
}
