/**
 * Text that Postgres cannot store (a NUL byte, or a UTF-16 surrogate without its pair, which
 * jsonb refuses and text silently mangles) and structures deep enough to exhaust a recursive
 * reader. Found here, at the boundary, they are a 400 before anything is written; found by the
 * database, they were a 500 after a thread was created and a quota turn spent.
 */

export type InputProblem = "invalid_text" | "too_deep";

export const MAX_INPUT_DEPTH = 32;

export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && value.isWellFormed();
}

/**
 * The first problem in a parsed JSON value (strings and keys at any depth), or null. Walks
 * iteratively, so the check itself cannot overflow the stack on the input it is guarding.
 */
export function findInputProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current === "string") {
      if (!isStorableText(current)) return "invalid_text";
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    if (depth >= maxDepth) return "too_deep";
    if (Array.isArray(current)) {
      for (const item of current) stack.push([item, depth + 1]);
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (!isStorableText(key)) return "invalid_text";
      stack.push([item, depth + 1]);
    }
  }
  return null;
}
