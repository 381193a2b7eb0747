/** "1 turn", "2 turns": a count with its noun (regular plurals only). */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
