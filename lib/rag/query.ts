import { type Glossary, glossaryExpansions } from "./glossary";
import { bigramsOf, isContentWord, isQuestionWord, stemWord, words } from "./terms";

/**
 * A learner's question as weighted search terms: its own content words (full weight), pairs of
 * neighbouring words (a phrase match is strong evidence), and the course's wording for any
 * glossary term or alias it uses (less weight: an expansion, not what was typed).
 */
export interface QueryTerm {
  lexeme: string;
  weight: number;
  /** Where the term came from; only typed single words are candidates for typo correction. */
  source: "typed" | "phrase" | "glossary" | "corrected";
  /** The word as typed (typed terms only), for typo correction. */
  word?: string;
  /** Index of a typed word in the question, so a correction can pair with its neighbours. */
  position?: number;
}

export const WEIGHTS = { typed: 1, phrase: 0.6, glossary: 0.7, glossaryPhrase: 0.9, corrected: 0.8 };

// "what does X mean" asks about X; "mean" there is not the statistic.
const MEAN_AS_ASKING = /\b(does|do|did|is)\b([^?.!]*?)\bmean\b/gi;

export function analyzeQuery(text: string, glossary: Glossary = []): QueryTerm[] {
  const asked = text.replace(MEAN_AS_ASKING, "$1$2").replace(/\bmeant\b/gi, "");
  const terms = new Map<string, QueryTerm>();
  const add = (term: QueryTerm) => {
    const known = terms.get(term.lexeme);
    if (!known || known.weight < term.weight) terms.set(term.lexeme, term);
  };
  const typed = words(asked).filter((w) => isContentWord(w) && !isQuestionWord(w));
  const stems = typed.map(stemWord);
  typed.forEach((word, i) => {
    add({ lexeme: stems[i] as string, weight: WEIGHTS.typed, source: "typed", word, position: i });
  });
  for (const pair of bigramsOf(stems)) add({ lexeme: pair, weight: WEIGHTS.phrase, source: "phrase" });

  for (const wording of glossaryExpansions(asked, glossary)) {
    const expansion = words(wording)
      .filter((w) => isContentWord(w) || /^[a-z]$/.test(w))
      .map(stemWord);
    for (const lexeme of expansion) {
      if (lexeme.length >= 2) add({ lexeme, weight: WEIGHTS.glossary, source: "glossary" });
    }
    for (const pair of bigramsOf(expansion.filter((t) => t.length >= 2))) {
      add({ lexeme: pair, weight: WEIGHTS.glossaryPhrase, source: "glossary" });
    }
  }
  return [...terms.values()];
}

/**
 * Terms for a typed word replaced by a course term: the term itself and its pairs with the
 * neighbouring typed words ("end efector" → effector, end_effector), weighted by `confidence`.
 */
export function correctionTerms(typed: QueryTerm[], word: QueryTerm, lexeme: string, confidence: number): QueryTerm[] {
  const factor = confidence;
  const at = word.position ?? -1;
  const before = typed.find((t) => t.source === "typed" && t.position === at - 1);
  const after = typed.find((t) => t.source === "typed" && t.position === at + 1);
  return [
    { lexeme, weight: WEIGHTS.corrected * factor, source: "corrected", word: word.word },
    ...(before ? bigramsOf([before.lexeme, lexeme]) : []).map((pair) => ({
      lexeme: pair,
      weight: WEIGHTS.phrase * factor,
      source: "phrase" as const,
    })),
    ...(after ? bigramsOf([lexeme, after.lexeme]) : []).map((pair) => ({
      lexeme: pair,
      weight: WEIGHTS.phrase * factor,
      source: "phrase" as const,
    })),
  ];
}
