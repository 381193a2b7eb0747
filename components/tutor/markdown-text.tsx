"use client";

import "katex/dist/katex.min.css";
import ReactMarkdown from "react-markdown";
import rehypeKatex from "rehype-katex";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { rehypeFormulaPunctuation } from "@/lib/content/formula-punctuation";
import { rehypeScrollableBlocks } from "@/lib/content/scrollable-blocks";

const remarkPlugins = [remarkGfm, remarkMath];
const rehypePlugins: NonNullable<Parameters<typeof ReactMarkdown>[0]["rehypePlugins"]> = [
  [rehypeKatex, { throwOnError: false }],
  rehypeFormulaPunctuation,
  rehypeScrollableBlocks,
];

/** A tutor answer as Markdown + math (its own chunk: loaded when the first answer shows). */
export default function MarkdownText({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins}>
      {text}
    </ReactMarkdown>
  );
}
