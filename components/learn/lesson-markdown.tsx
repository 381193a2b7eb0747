import "katex/dist/katex.min.css";
import "highlight.js/styles/github.css";
import ReactMarkdown from "react-markdown";
import rehypeAutolinkHeadings from "rehype-autolink-headings";
import rehypeHighlight from "rehype-highlight";
import rehypeKatex from "rehype-katex";
import rehypeSlug from "rehype-slug";
import { remarkLessonDirectives, remarkPluginsBase } from "@/lib/content/markdown";

/**
 * Renders lesson markdown on the server. Raw HTML in lessons is not rendered (react-markdown
 * ignores it without rehype-raw) and KaTeX runs untrusted, so lesson text stays data.
 * rehype-slug runs before KaTeX so heading ids match lib/content/markdown.ts extractHeadings.
 */
export function LessonMarkdown({ body }: { body: string }) {
  return (
    <div className="lesson-body prose prose-slate max-w-none dark:prose-invert prose-headings:scroll-mt-20 prose-pre:bg-muted prose-pre:text-foreground">
      <ReactMarkdown
        remarkPlugins={[...remarkPluginsBase, remarkLessonDirectives]}
        rehypePlugins={[
          rehypeSlug,
          [
            rehypeAutolinkHeadings,
            {
              behavior: "append",
              properties: { className: ["heading-anchor"], ariaHidden: true, tabIndex: -1 },
              content: { type: "text", value: "#" },
            },
          ],
          [rehypeKatex, { throwOnError: false, strict: "ignore" }],
          [rehypeHighlight, { detect: false }],
        ]}
      >
        {body}
      </ReactMarkdown>
    </div>
  );
}
