import type { Element, Root, Text } from "hast";
import { visit } from "unist-util-visit";
import { hasClass } from "./scrollable-blocks";
import { STUCK_PUNCTUATION } from "./stuck-punctuation";

/**
 * Up to this many characters of TeX, an inline formula is kept on one line with the punctuation
 * after it. A longer one keeps KaTeX's own break points (after relations and operators), which
 * a phone needs more than the comma.
 */
const SHORT_TEX = 30;

function texLength(formula: Element): number {
  let length = Number.POSITIVE_INFINITY;
  visit(formula, "element", (element: Element) => {
    if (element.tagName !== "annotation") return;
    const text = element.children.find((c): c is Text => c.type === "text");
    length = text ? text.value.trim().length : length;
  });
  return length;
}

/**
 * A browser may break a line between an inline formula and the comma or period after it, so a
 * line on a phone starts with ", with the …". This keeps a short formula and the punctuation
 * right after it in one unbreakable span (lessons and tutor answers; runs after rehype-katex).
 */
export function rehypeFormulaPunctuation() {
  return (tree: Root) => {
    visit(tree, "element", (parent: Element) => {
      if (hasClass(parent, "katex-display") || hasClass(parent, "whitespace-nowrap")) return;
      const children = parent.children;
      for (let i = 0; i < children.length - 1; i++) {
        const formula = children[i];
        const next = children[i + 1];
        if (formula?.type !== "element" || !hasClass(formula, "katex") || next?.type !== "text") continue;
        const stuck = STUCK_PUNCTUATION.exec(next.value)?.[0];
        if (!stuck || texLength(formula) > SHORT_TEX) continue;
        const glued: Element = {
          type: "element",
          tagName: "span",
          properties: { className: ["whitespace-nowrap"] },
          children: [formula, { type: "text", value: stuck }],
        };
        const rest = next.value.slice(stuck.length);
        children.splice(i, 2, ...(rest ? [glued, { type: "text" as const, value: rest }] : [glued]));
      }
    });
  };
}
