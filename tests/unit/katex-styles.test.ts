import fs from "node:fs";
import { createRequire } from "node:module";
import katex from "katex";
import { describe, expect, it } from "vitest";
import { renderLessonHtml } from "@/lib/content/render";

/**
 * The pages load KaTeX's stylesheet from the `katex` package, and formulas are rendered by
 * rehype-katex (lessons, the instructor preview, tutor answers) and by `katex` itself (quoted
 * selections). Both must be the stylesheet's version: rehype-katex once rendered with its own
 * nested KaTeX 0.16, whose layout classes (`base`, `strut`, `sizing`, …) the 0.19 stylesheet
 * names differently, so every subscript and superscript printed at full size and overlines
 * disappeared.
 */
const require = createRequire(import.meta.url);
const stylesheet = fs.readFileSync(require.resolve("katex/dist/katex.min.css"), "utf8");
const versionOf = (from: string) =>
  (JSON.parse(fs.readFileSync(createRequire(from).resolve("katex/package.json"), "utf8")) as { version: string })
    .version;

/** The class of each rendered formula's lines (KaTeX's layout box inside `katex-html`). */
const lineClasses = (html: string) => [
  ...new Set([...html.matchAll(/<span class="katex-html" aria-hidden="true"><span class="([^"]+)"/g)].map((m) => m[1])),
];

describe("formulas and the KaTeX stylesheet", () => {
  it("rehype-katex renders with the KaTeX whose stylesheet the pages load", () => {
    expect(versionOf(require.resolve("rehype-katex"))).toBe(katex.version);
  });

  it("a rendered lesson's formulas use layout classes the stylesheet styles", () => {
    const html = renderLessonHtml(
      "inline $x_t + e^{At} + \\overline{bel}(x_t)$ and\n\n$$\n\\sum_{i=1}^{n} \\lambda_i^2\n$$\n",
    );
    const classes = lineClasses(html);
    expect(classes.length).toBeGreaterThan(0);
    for (const name of classes) expect(stylesheet, name).toContain(`.${name}`);
    expect(lineClasses(katex.renderToString("x_t^2"))).toEqual(classes);
  });
});
