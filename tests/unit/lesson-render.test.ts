import { describe, expect, it } from "vitest";
import { lessonHtml, lessonVersion } from "@/lib/content/lesson-html";
import { renderLessonHtml as render } from "@/lib/content/render";
import { renderedLesson } from "@/lib/content/rendered-lessons";

describe("renderLessonHtml", () => {
  it("gives headings ids and anchor links", () => {
    const html = render("## Rotation matrices\n\ntext");
    expect(html).toContain('<h2 id="rotation-matrices">');
    expect(html).toMatch(
      /<a[^>]*href="#rotation-matrices"[^>]*class="heading-anchor"|<a[^>]*class="heading-anchor"[^>]*href="#rotation-matrices"/,
    );
  });

  it("lets the keyboard reach boxes that scroll sideways: display formulas, code blocks, tables", () => {
    const html = render(
      "$$\n\\sum_{i=1}^{n} x_i\n$$\n\n```python\nx = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\ninline $x$ text",
    );
    expect(html).toMatch(/<span class="katex-display" tabindex="0">/);
    expect(html).toMatch(/<pre tabindex="0"><code class="hljs language-python" tabindex="0">/);
    expect(html).toMatch(/<table tabindex="0">/);
    // Inline maths stays out of the tab order.
    expect(html.match(/tabindex="0"/g)).toHaveLength(4);
  });

  it("highlights fenced code", () => {
    const html = render("```python\nimport math\nx = math.cos(0)\n```");
    expect(html).toContain('class="hljs language-python"');
    expect(html).toContain('<span class="hljs-keyword">import</span>');
  });

  it("renders math with KaTeX", () => {
    expect(render("Inline $R^T R = I$ math.")).toContain('class="katex"');
    expect(render("$$\nR^{-1} = R^T\n$$")).toContain('class="katex-display"');
  });

  it("keeps a short inline formula on one line with the punctuation after it, not a long one", () => {
    const html = render("At $\\theta_1 = 90^\\circ$, with $R = \\sigma_z^2$. Then $x$ and $y$; done.");
    // Three formulas are followed by punctuation; $x$ is followed by a word.
    expect(html.match(/<span class="whitespace-nowrap"><span class="katex">/g)).toHaveLength(3);
    for (const after of [",</span> with ", ".</span> Then ", ";</span> done."]) expect(html).toContain(after);

    expect(render(`So $${"a + ".repeat(10)}b$, and more.`)).not.toContain("whitespace-nowrap");
    expect(render("$$x = 1$$\n\n. Next")).not.toContain("whitespace-nowrap");
  });

  it("hides solutions in a collapsed details element", () => {
    const html = render("## Exercise\n\nDo it.\n\n:::solution\nThe answer is 42.\n:::");
    expect(html).toMatch(
      /<details class="solution"><summary>Show solution<\/summary>\s*<p>The answer is 42\.<\/p>\s*<\/details>/,
    );
  });

  it("never renders raw HTML or script from lesson text, and keeps stray directive text", () => {
    const html = render('Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> world, note:this stays.');
    // The markup survives only as escaped text: no element, no attribute.
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toMatch(/<[^>]+onerror=/);
    expect(html).toContain("&#x3C;script>");
    expect(html).toContain("note:this stays");
  });

  it("drops javascript: links and keeps ordinary ones", () => {
    expect(render("[click](javascript:alert(1))")).not.toContain("javascript:");
    expect(render("[click](JaVaScRiPt:alert(1))").toLowerCase()).not.toContain("javascript:");
    expect(render("[lesson](/learn/a/b#frames) [site](https://example.com)")).toMatch(
      /href="\/learn\/a\/b#frames".*href="https:\/\/example\.com"/,
    );
  });
});

describe("lessonHtml", () => {
  it("renders a lesson once per version and keeps it for the page's client component", () => {
    let renders = 0;
    const counting = (markdown: string) => {
      renders++;
      return render(markdown);
    };
    const body = `## Once\n\nRendered once ${Math.random()}.`;
    const first = lessonHtml(body, counting);
    const second = lessonHtml(body, counting);
    expect(renders).toBe(1);
    expect(second).toEqual(first);
    expect(first.version).toBe(lessonVersion(body));
    expect(renderedLesson(first.version)).toBe(first.html);

    const edited = lessonHtml(`${body}\n\nAn edit.`, counting);
    expect(renders).toBe(2);
    expect(edited.version).not.toBe(first.version);
    expect(edited.html).toContain("An edit.");
  });
});
