import { JSDOM } from "jsdom";
import { beforeEach, describe, expect, it } from "vitest";
import { rangeText, selectionText } from "@/components/tutor/selection-text";
import { renderLessonHtml } from "@/lib/content/render";

/** Real lesson markup: our renderer with KaTeX, as the lesson page has it. */
const LESSON = [
  "The matrix $^{A}R_{B}$ changes coordinates: $^{A}\\mathbf{v} = ^{A}R_{B}\\,^{B}\\mathbf{v}$ for any vector.",
  "",
  "$$",
  "R^{\\mathsf T} R = I",
  "$$",
  "",
  "- Inverse equals transpose.",
  "- Determinant $+1$.",
].join("\n");

// A DOM of this file's own rather than vitest's jsdom environment, which would need a worker of
// its own (the other files share theirs).
const { window } = new JSDOM("<!doctype html><html><body></body></html>");
const { document, NodeFilter } = window;

beforeEach(() => {
  document.body.innerHTML = renderLessonHtml(LESSON);
});

const textNode = (containing: string): Text => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent?.includes(containing)) return n as Text;
  throw new Error(`no text node with ${containing}`);
};

describe("the text Ask AI sends for a selection", () => {
  it("turns each rendered formula into its TeX source instead of KaTeX's doubled glyphs", () => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector("p") as HTMLParagraphElement);
    // What the browser's own toString gives: MathML and HTML glyphs, each formula twice.
    expect(range.toString()).toMatch(/A\s*R\s*B.*A\s*R\s*B/s);
    expect(rangeText(range)).toBe(
      "The matrix $^{A}R_{B}$ changes coordinates: $^{A}\\mathbf{v} = ^{A}R_{B}\\,^{B}\\mathbf{v}$ for any vector.",
    );
  });

  it("takes a whole formula when the selection starts or ends inside it, and keeps blocks apart", () => {
    const range = document.createRange();
    const glyphs = document.querySelectorAll(".katex-html")[1] as Element; // inside the second inline formula
    range.setStart(glyphs, 0);
    const item = textNode("Inverse equals");
    range.setEnd(item, item.length);
    expect(rangeText(range)).toBe(
      "$^{A}\\mathbf{v} = ^{A}R_{B}\\,^{B}\\mathbf{v}$ for any vector.\n\n$$R^{\\mathsf T} R = I$$\n\nInverse equals transpose.",
    );
  });

  it("reads every range of a selection", () => {
    const selection = window.getSelection() as Selection;
    const range = document.createRange();
    range.selectNodeContents(document.querySelectorAll("li")[1] as Element);
    selection.removeAllRanges();
    selection.addRange(range);
    expect(selectionText(selection)).toBe("Determinant $+1$.");
  });
});
