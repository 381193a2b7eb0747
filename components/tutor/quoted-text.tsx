"use client";

import { lazy, Suspense } from "react";
import { hasFormula } from "./quote-segments";

let loading: Promise<typeof import("./quote-math")> | undefined;
const loadQuoteMath = () => {
  // A failed download is tried again on the next render, not remembered.
  loading ??= import("./quote-math").catch((err) => {
    loading = undefined;
    throw err;
  });
  return loading;
};
const QuoteMath = lazy(loadQuoteMath);

/**
 * Starts loading the formula renderer for a quote about to be made (the "Ask AI" button is
 * showing), so the quote shows its formulas drawn from the start.
 */
export function preloadQuoteMath(text: string): void {
  if (hasFormula(text)) void loadQuoteMath().catch(() => {});
}

/**
 * A quoted lesson selection as the learner saw it: formulas drawn, not their TeX. A quote
 * without one stays plain text and loads nothing.
 */
export function QuotedText({ text }: { text: string }) {
  if (!hasFormula(text)) return <>{text}</>;
  return (
    <Suspense fallback={text}>
      <span className="[&_.katex]:text-[1.1em]">
        <QuoteMath text={text} />
      </span>
    </Suspense>
  );
}
