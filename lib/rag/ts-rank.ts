/**
 * Lexical scoring in the process, exactly as Postgres scored it in SQL: `ts_rank` of one lexeme
 * against a passage's search document, summed over the question's weighted terms. The passages
 * of a stage are read once per course index version (course-index.ts), so a question costs no
 * statement and no database CPU for its search (docs/performance-history.md, "The lesson
 * search in the process"). tests/integration/retrieval-passages.test.ts compares every result
 * with the SQL.
 */
import type { Passage } from "./retriever";

/** A passage of a stage with its search document as postings. */
export interface IndexedPassage extends Omit<Passage, "score" | "match"> {
  /** lexeme → the weight codes of its positions, in position order ("3" for A … "0" for D). */
  postings: Map<string, string>;
}

export interface ScoredPassage extends Omit<IndexedPassage, "postings"> {
  score: number;
  /** The weight of the `core` terms the passage contains. */
  matched: number;
  /** Those terms. */
  matchedTerms: string[];
}

export interface WeightedTerm {
  lexeme: string;
  weight: number;
  /** Stands for the learner's own words: counted in `matched`. */
  core: boolean;
}

const WEIGHT_CODES: Record<string, string> = { A: "3", B: "2", C: "1", D: "0" };
const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * The postings of a tsvector in Postgres's text form (`'frame':1A,7 'it''s':3`): each lexeme
 * with the weights of its positions. A lexeme without positions counts as one position of
 * weight D, as ts_rank counts it.
 */
export function postingsOf(tsv: string): Map<string, string> {
  const postings = new Map<string, string>();
  let i = 0;
  const fail = () => {
    throw new Error(`Unreadable tsvector at ${i}: ${tsv.slice(i, i + 20)}`);
  };
  while (i < tsv.length) {
    if (tsv[i] === " ") {
      i++;
      continue;
    }
    if (tsv[i] !== "'") fail();
    i++;
    let lexeme = "";
    for (;;) {
      const ch = tsv[i];
      if (ch === undefined) fail();
      if (ch === "'" && tsv[i + 1] === "'") {
        lexeme += "'";
        i += 2;
      } else if (ch === "'") {
        i++;
        break;
      } else if (ch === "\\") {
        lexeme += tsv[i + 1] ?? "";
        i += 2;
      } else {
        lexeme += ch;
        i++;
      }
    }
    let codes = "";
    if (tsv[i] === ":") {
      do {
        i++;
        const start = i;
        while (isDigit(tsv.charCodeAt(i))) i++;
        if (i === start) fail();
        const code = WEIGHT_CODES[tsv[i] ?? ""];
        if (code) i++;
        codes += code ?? "0";
      } while (tsv[i] === ",");
    }
    postings.set(lexeme, codes || "0");
  }
  return postings;
}

const f = Math.fround;
/** π²/6, the constant Postgres divides by. */
const ZETA2 = 1.64493406685;

/**
 * `ts_rank(weights, document, 'lexeme', 0)` for a lexeme whose positions have `codes`: the
 * same float4 arithmetic as Postgres's calc_rank_or for a one-operand query (`weights` are
 * the float4 values for D, C, B, A).
 */
export function tsRank(weights: readonly number[], codes: string): number {
  let sum = 0;
  let top = -1;
  let topAt = 0;
  for (let j = 0; j < codes.length; j++) {
    const w = weights[codes.charCodeAt(j) - 48] ?? 0;
    sum = f(sum + f(w / ((j + 1) * (j + 1))));
    if (w > top) {
      top = w;
      topAt = j;
    }
  }
  const rank = f(f(f(top + sum) - f(top / ((topAt + 1) * (topAt + 1)))) / ZETA2);
  return rank < 0 ? f(1e-20) : rank;
}

/**
 * The `limit` best passages containing at least one of `terms`: score = Σ weight × ts_rank per
 * term, best first, ties by chunk id (what the SQL ordered by).
 */
export function scorePassages(
  passages: readonly IndexedPassage[],
  terms: readonly WeightedTerm[],
  fieldWeights: readonly [number, number, number, number],
  limit: number,
): ScoredPassage[] {
  const weights = fieldWeights.map(f);
  const scored: ScoredPassage[] = [];
  for (const indexed of passages) {
    let score = 0;
    let matched = 0;
    const matchedTerms: string[] = [];
    let hit = false;
    for (const term of terms) {
      const codes = indexed.postings.get(term.lexeme);
      if (codes === undefined) continue;
      hit = true;
      score += term.weight * tsRank(weights, codes);
      if (term.core) {
        matched += term.weight;
        matchedTerms.push(term.lexeme);
      }
    }
    if (!hit) continue;
    const { postings: _, ...passage } = indexed;
    scored.push({ ...passage, score, matched, matchedTerms });
  }
  scored.sort((a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0));
  return scored.slice(0, limit);
}
