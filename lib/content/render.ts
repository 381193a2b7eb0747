import type { Element, Root as HastRoot, Nodes } from "hast";
import { toHtml } from "hast-util-to-html";
import type { Root as MdastRoot } from "mdast";
import rehypeAutolinkHeadings, { type Options as AutolinkOptions } from "rehype-autolink-headings";
import rehypeHighlight from "rehype-highlight";
import rehypeKatex from "rehype-katex";
import rehypeSlug from "rehype-slug";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { rehypeFormulaPunctuation } from "./formula-punctuation";
import { remarkLessonDirectives, remarkPluginsBase } from "./markdown";
import { rehypeScrollableBlocks } from "./scrollable-blocks";

/**
 * Lesson markdown → an HTML string, for the lesson page (rendered once per lesson version, see
 * lesson-html.ts) and the editor's live preview. Lesson text stays data: raw HTML in the
 * markdown comes out as escaped text, URLs with a script-capable scheme are emptied, KaTeX runs
 * untrusted. rehype-slug runs before KaTeX so heading ids match extractHeadings (markdown.ts).
 */

const SAFE_PROTOCOL = /^(https?|ircs?|mailto|xmpp)$/i;

/** A relative URL or one with a safe scheme, else "" (the rule react-markdown applies). */
export function safeUrl(value: string): string {
  const colon = value.indexOf(":");
  const cut = (c: string) => {
    const i = value.indexOf(c);
    return i !== -1 && colon > i;
  };
  if (colon === -1 || cut("/") || cut("?") || cut("#") || SAFE_PROTOCOL.test(value.slice(0, colon))) return value;
  return "";
}

const URL_PROPERTIES: Record<string, string[] | null> = {
  href: ["a", "area", "base", "link"],
  src: ["audio", "embed", "iframe", "img", "input", "script", "source", "track", "video"],
  cite: ["blockquote", "del", "ins", "q"],
  action: ["button", "form"],
  formAction: ["button", "input"],
  poster: ["video"],
  background: null,
  dynsrc: ["img"],
  lowsrc: ["img"],
};

/** Raw HTML becomes text; every URL attribute passes safeUrl. */
function rehypeLessonSafety() {
  return (tree: HastRoot) => {
    visit(tree, (node: Nodes, index, parent) => {
      if (node.type === "raw" && parent && typeof index === "number") {
        (parent.children as Nodes[])[index] = { type: "text", value: node.value };
        return;
      }
      if (node.type !== "element") return;
      const element = node as Element;
      for (const [key, tags] of Object.entries(URL_PROPERTIES)) {
        if (key in element.properties && (tags === null || tags.includes(element.tagName))) {
          element.properties[key] = safeUrl(String(element.properties[key] ?? ""));
        }
      }
    });
  };
}

const anchors: AutolinkOptions = {
  behavior: "append",
  properties: { className: ["heading-anchor"], ariaHidden: "true", tabIndex: -1 },
  content: { type: "text", value: "#" },
};

const processor = unified()
  .use(remarkParse)
  .use([...remarkPluginsBase])
  .use(remarkLessonDirectives)
  // Raw HTML is kept as `raw` nodes only so rehypeLessonSafety can turn it into visible text.
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeSlug)
  .use(rehypeAutolinkHeadings, anchors)
  // rehype-katex never throws: a formula KaTeX cannot parse is shown as an error in place.
  .use(rehypeKatex, { strict: "ignore" })
  .use(rehypeFormulaPunctuation)
  .use(rehypeHighlight, { detect: false })
  .use(rehypeLessonSafety)
  .use(rehypeScrollableBlocks);

export function renderLessonHtml(markdown: string): string {
  const tree = processor.runSync(processor.parse(markdown) as MdastRoot) as HastRoot;
  return toHtml(tree);
}
