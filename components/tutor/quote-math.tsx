"use client";

import "katex/dist/katex.min.css";
import katex from "katex";
import { memo } from "react";
import { quoteSegments } from "./quote-segments";

/**
 * A quote with its formulas drawn by KaTeX, inline and small like the rest of the quote (its
 * own chunk, with the renderer the answers already load). KaTeX escapes the TeX it is given and
 * runs no commands that load or link anything (`trust` stays off). Memoised: the conversation
 * re-renders with every streamed chunk, and a quote's formulas need drawing only once.
 */
export default memo(function QuoteMath({ text }: { text: string }) {
  return (
    <>
      {quoteSegments(text).map((segment, i) =>
        "tex" in segment ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the segments of one quote never move
          <span key={i} className="whitespace-nowrap">
            <span
              // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX's own escaped output
              dangerouslySetInnerHTML={{ __html: katex.renderToString(segment.tex, { throwOnError: false }) }}
            />
            {segment.stuck}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the segments of one quote never move
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
});
