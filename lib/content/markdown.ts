import GithubSlugger from "github-slugger";
import type { Heading, Root, RootContent } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import type { LessonHeading } from "@/db/schema";

/**
 * Lesson markdown conventions shared by the renderer and the chunker:
 * - `:::solution … :::` is an exercise's hidden solution (rendered collapsed);
 * - any other directive-looking text (`note:this`) is plain text, never dropped.
 */

export const remarkPluginsBase = [remarkGfm, remarkMath, remarkDirective] as const;

export function parseMarkdown(markdown: string): Root {
  return unified()
    .use(remarkParse)
    .use([...remarkPluginsBase])
    .parse(markdown);
}

type DirectiveNode = Extract<RootContent, { type: "containerDirective" | "leafDirective" | "textDirective" }>;

export function isSolution(node: RootContent): node is Extract<DirectiveNode, { type: "containerDirective" }> {
  return node.type === "containerDirective" && node.name === "solution";
}

/** remark plugin: solution blocks become `<details>`; stray directives turn back into text. */
export function remarkLessonDirectives() {
  return (tree: Root) => {
    visit(tree, (node, index, parent) => {
      if (node.type !== "containerDirective" && node.type !== "leafDirective" && node.type !== "textDirective") {
        return;
      }
      if (isSolution(node)) {
        node.data = { hName: "details", hProperties: { className: ["solution"] } };
        node.children.unshift({
          type: "paragraph",
          data: { hName: "summary" },
          children: [{ type: "text", value: "Show solution" }],
        });
        return;
      }
      if (!parent || index === undefined) return;
      const marker = node.type === "textDirective" ? ":" : node.type === "leafDirective" ? "::" : ":::";
      const replacement: RootContent[] =
        node.type === "textDirective"
          ? [{ type: "text", value: `${marker}${node.name}` }, ...(node.children as RootContent[])]
          : [
              { type: "paragraph", children: [{ type: "text", value: `${marker}${node.name}` }] },
              ...(node.children as RootContent[]),
            ];
      (parent.children as RootContent[]).splice(index, 1, ...replacement);
      return index;
    });
  };
}

/** Headings with the same slugs rehype-slug gives the rendered page (github-slugger, in order). */
export function extractHeadings(tree: Root): LessonHeading[] {
  const slugger = new GithubSlugger();
  const out: LessonHeading[] = [];
  visit(tree, "heading", (node: Heading) => {
    const text = mdastToString(node).trim();
    out.push({ depth: node.depth, text, slug: slugger.slug(text) });
  });
  return out;
}
