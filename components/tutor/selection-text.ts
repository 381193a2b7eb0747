/**
 * A lesson selection as text for the tutor. `Selection.toString()` reads KaTeX's output twice
 * (the hidden MathML and the visible glyphs: "{ 𝐵 } {B}; 𝐴 𝑣 = …"), so each rendered formula
 * is replaced by its TeX source from KaTeX's `<annotation encoding="application/x-tex">`, as
 * `$…$` or `$$…$$`; a selection that starts or ends inside a formula takes the whole formula.
 * Block elements become line breaks, so paragraphs and list items stay apart.
 */

const BLOCKS = new Set([
  "P",
  "DIV",
  "LI",
  "UL",
  "OL",
  "PRE",
  "BLOCKQUOTE",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "TABLE",
  "TR",
  "DETAILS",
  "SUMMARY",
  "FIGURE",
  "SECTION",
]);

const formulaOf = (node: Node | null): Element | null => {
  const element = node && (node.nodeType === 1 ? (node as Element) : node.parentElement);
  return element?.closest(".katex") ?? null;
};

function texOf(formula: Element, display: boolean): string {
  const tex = formula.querySelector('annotation[encoding="application/x-tex"]')?.textContent?.trim();
  if (!tex) return formula.querySelector(".katex-html")?.textContent ?? formula.textContent ?? "";
  return display ? `\n$$${tex}$$\n` : `$${tex}$`;
}

function write(node: Node, out: string[]) {
  if (node.nodeType === 3) {
    out.push(node.textContent ?? "");
    return;
  }
  if (node.nodeType !== 1 && node.nodeType !== 11) return;
  const element = node as Element;
  if (node.nodeType === 1) {
    if (element.classList.contains("katex")) {
      out.push(texOf(element, element.parentElement?.classList.contains("katex-display") ?? false));
      return;
    }
    if (element.tagName === "BR") {
      out.push("\n");
      return;
    }
  }
  const block = node.nodeType === 1 && BLOCKS.has(element.tagName);
  if (block) out.push("\n");
  for (const child of Array.from(node.childNodes)) write(child, out);
  if (block) out.push("\n");
}

/** The text of a range, with formulas as TeX. */
export function rangeText(range: Range): string {
  const whole = range.cloneRange();
  const start = formulaOf(whole.startContainer);
  const end = formulaOf(whole.endContainer);
  if (start) whole.setStartBefore(start);
  if (end) whole.setEndAfter(end);
  const out: string[] = [];
  write(whole.cloneContents(), out);
  return out
    .join("")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The text of every range of a selection. */
export function selectionText(selection: Selection): string {
  const parts: string[] = [];
  for (let i = 0; i < selection.rangeCount; i++) parts.push(rangeText(selection.getRangeAt(i)));
  return parts.join("\n").trim();
}
