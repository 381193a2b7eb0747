/**
 * Which course term a mistyped word most likely meant. pg_trgm proposes terms that share
 * trigrams with it; a proposal is kept only when it is a few keystrokes away (a swap of two
 * neighbouring letters counts as one), because trigram overlap alone also pairs unrelated words
 * ("france" and "frame").
 */

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

const allowedEdits = (length: number) => (length <= 7 ? 1 : 2);

/**
 * Edits between what was typed and a course term, or null when too many. The typed stem, the
 * typed word and (for longer terms) the typed word cut to the term's length are compared, since
 * stems are truncated words ("configuraton" → "configur").
 */
export function correctionDistance(word: string, stem: string, term: string): number | null {
  const forms = [stem, word];
  if (term.length >= 5 && word.length > term.length) forms.push(word.slice(0, term.length));
  const distance = Math.min(...forms.map((f) => editDistance(f, term)));
  return distance <= allowedEdits(term.length) ? distance : null;
}
