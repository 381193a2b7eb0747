import type { Element, Root } from "hast";
import { visit } from "unist-util-visit";

/** Whether a HAST element has the class (lessons and tutor answers go through rehype). */
export const hasClass = (element: Element, name: string) => {
  const value = element.properties.className;
  return Array.isArray(value) && value.map(String).includes(name);
};

/**
 * Display formulas, code blocks and tables scroll sideways inside their own box on a narrow
 * screen (lessons and tutor answers); tabindex lets a keyboard user reach and scroll them
 * (WCAG 2.1.1, axe's scrollable-region-focusable).
 */
export function rehypeScrollableBlocks() {
  return (tree: Root) => {
    visit(tree, "element", (element: Element, _index, parent) => {
      const inPre = element.tagName === "code" && parent?.type === "element" && parent.tagName === "pre";
      const box = element.tagName === "pre" || element.tagName === "table" || hasClass(element, "katex-display");
      if (inPre || box) element.properties.tabIndex = 0;
    });
  };
}
