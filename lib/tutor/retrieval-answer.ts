import { excerpt } from "@/lib/rag/excerpt";
import { lessonUrl, type Passage } from "@/lib/rag/retriever";
import type { LockedHint } from "./locked-hint";

/**
 * The answer of the retrieval-only tutor (no language model): it says so first, then shows the
 * best-matching parts of the learner's unlocked lessons as short excerpts under links to their
 * sections (the passages returned as `shown` become the answer's citations, with up to two
 * further lessons that match well), says plainly when nothing matches well, and points to a
 * locked lesson by stage and title only. Solution passages never reach it.
 */
export const NO_MODEL_NOTICE =
  "_No language model is configured for this tutor, so it cannot explain things in its own words. Here is what your lessons say._";

/** What the answer says when nothing matches, or only the nearest passage is shown. */
export const NOTHING_FOUND = "I could not find anything about this in the lessons you have unlocked so far.";
export const NEAREST_ONLY =
  "I could not find a close match for this in the lessons you have unlocked. The nearest passage is:";

/** Below this share of the question matched, the best passage is "the closest", not an answer. */
export const GOOD_MATCH = 0.45;
/** Below this, it is not worth showing at all. */
const ANY_MATCH = 0.2;
const MAX_PASSAGES = 3;
/** Further passages are shown only when they score at least this share of the best one. */
const CLOSE_SCORE = 0.5;

const escapeLinkText = (text: string) => text.replace(/([[\]\\*_`])/g, "\\$1");
const sectionLink = (p: Passage) =>
  `**[${escapeLinkText(p.lessonTitle)} › ${escapeLinkText(p.heading)}](${lessonUrl(p)})**`;

function lockedText(hint: LockedHint): string {
  const where = `**Stage ${hint.stage.number} · ${hint.stage.title}**, in the lesson **${hint.lesson.title}**`;
  const when = !hint.after
    ? ""
    : hint.moreToGo
      ? ` Stages open in order, each once every lesson of the stage before it is complete: Stage ${hint.stage.number} opens after Stage ${hint.after.number} · ${hint.after.title}.`
      : ` It opens once you have completed every lesson of Stage ${hint.after.number} · ${hint.after.title}.`;
  return `This looks like something the course covers later: ${where}, which is still locked for you.${when}`;
}

export function retrievalAnswer({
  passages,
  questionTerms,
  hint,
}: {
  /** Best first; solutions already removed. */
  passages: Passage[];
  /** The question's search terms, to pick the excerpt of each passage. */
  questionTerms: string[];
  hint: LockedHint | null;
}): { text: string; shown: Passage[] } {
  const parts = [NO_MODEL_NOTICE];
  const relevant = passages.filter((p) => p.match === undefined || p.match >= ANY_MATCH);
  const [best] = relevant;
  const weak = !best || (best.match !== undefined && best.match < GOOD_MATCH);
  if (!best) parts.push(NOTHING_FOUND);
  if (hint) parts.push(lockedText(hint));
  // Last, as it introduces the passage that follows it.
  if (best && weak) parts.push(NEAREST_ONLY);

  const shown = best
    ? relevant.filter((p, i) => i === 0 || (!weak && i < MAX_PASSAGES && p.score >= CLOSE_SCORE * best.score))
    : [];
  for (const p of shown) parts.push(`${sectionLink(p)}\n\n${excerpt(p.content, questionTerms)}`);

  // Other lessons that match well are cited (the chat lists them under the answer), not linked
  // again in the text.
  const others = [...new Map(relevant.slice(shown.length).map((p) => [p.lessonId, p])).values()]
    .filter((p) => !shown.some((s) => s.lessonId === p.lessonId))
    .slice(0, 2);
  if (!best || weak) parts.push("Try asking with other words, or open the lesson list to browse.");
  return { text: parts.join("\n\n"), shown: [...shown, ...(weak ? [] : others)] };
}
