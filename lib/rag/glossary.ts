import { z } from "zod";
import { stemWord, words } from "./terms";

/**
 * The course glossary (content/glossary.yml): the course's words for a thing, and what learners
 * may type instead (abbreviations, everyday words, other spellings). A question that uses any of
 * them is searched with the course's words too. Written with the content and validated by the
 * seed; retrieval reads it from the course row.
 */
const phrase = z.string().trim().min(1, "must not be empty").max(100);

export const glossaryEntry = z.object({
  /** The course's wording(s), equivalent to each other; each must occur in the course. */
  terms: z.array(phrase).min(1, "must list at least one term").max(10),
  /** Learner wordings that mean the same, matched only in questions. */
  aliases: z.array(phrase).max(20).default([]),
});

export const glossarySchema = z.array(glossaryEntry).max(1000);

export type GlossaryEntry = z.infer<typeof glossaryEntry>;
export type Glossary = GlossaryEntry[];

/** Every word of a phrase, stemmed (stop words kept, so "degrees of freedom" stays a phrase). */
export const phraseStems = (text: string) => words(text).map(stemWord);

function indexOf(haystack: string[], needle: string[]): number {
  if (needle.length === 0) return -1;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export const containsPhrase = (haystack: string[], text: string) => indexOf(haystack, phraseStems(text)) >= 0;

interface StemmedEntry {
  terms: { text: string; stems: string[] }[];
  aliases: string[][];
}

/**
 * Stemming every term and alias of the glossary took most of a question's analysis (2–3 ms of
 * CPU per question), and the glossary changes only with the course: retrieval keeps one glossary
 * object per index version (course-index.ts), so its stems are computed once per object. A
 * glossary is never modified after it is read.
 */
const stemmed = new WeakMap<Glossary, StemmedEntry[]>();

export function stemmedGlossary(glossary: Glossary): StemmedEntry[] {
  let entries = stemmed.get(glossary);
  if (!entries) {
    entries = glossary.map((e) => ({
      terms: e.terms.map((text) => ({ text, stems: phraseStems(text) })),
      aliases: e.aliases.map(phraseStems),
    }));
    stemmed.set(glossary, entries);
  }
  return entries;
}

/**
 * The course wordings a question calls for: for each entry whose term or alias occurs in the
 * question, the entry's terms the question does not already use.
 */
export function glossaryExpansions(question: string, glossary: Glossary): string[] {
  const stems = phraseStems(question);
  const out: string[] = [];
  for (const entry of stemmedGlossary(glossary)) {
    const used = entry.terms.filter((t) => indexOf(stems, t.stems) >= 0).map((t) => t.text);
    if (used.length === 0 && !entry.aliases.some((a) => indexOf(stems, a) >= 0)) continue;
    for (const { text } of entry.terms) if (!used.includes(text) && !out.includes(text)) out.push(text);
  }
  return out;
}

/** Terms that do not occur in the course text (to report when the seed validates the glossary). */
export function missingTerms(glossary: Glossary, courseText: string): string[] {
  const stems = phraseStems(courseText);
  return glossary.flatMap((e) => e.terms).filter((t) => !containsPhrase(stems, t));
}
