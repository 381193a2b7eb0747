import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LessonMarkdown } from "@/components/learn/lesson-markdown";

const render = (body: string) => renderToStaticMarkup(<LessonMarkdown body={body} />);

describe("LessonMarkdown", () => {
  it("gives headings ids and anchor links", () => {
    const html = render("## Rotation matrices\n\ntext");
    expect(html).toContain('<h2 id="rotation-matrices">');
    expect(html).toMatch(
      /<a[^>]*href="#rotation-matrices"[^>]*class="heading-anchor"|<a[^>]*class="heading-anchor"[^>]*href="#rotation-matrices"/,
    );
  });

  it("highlights fenced code", () => {
    const html = render("```python\nimport math\nx = math.cos(0)\n```");
    expect(html).toContain('class="hljs language-python"');
    expect(html).toContain('<span class="hljs-keyword">import</span>');
  });

  it("renders math with KaTeX", () => {
    expect(render("Inline $R^T R = I$ math.")).toContain('class="katex"');
  });

  it("hides solutions in a collapsed details element", () => {
    const html = render("## Exercise\n\nDo it.\n\n:::solution\nThe answer is 42.\n:::");
    expect(html).toMatch(
      /<details class="solution"><summary>Show solution<\/summary><p>The answer is 42\.<\/p><\/details>/,
    );
  });

  it("never renders raw HTML or script from lesson text, and keeps stray directive text", () => {
    const html = render('Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> world, note:this stays.');
    // The markup survives only as escaped text: no element, no attribute.
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toMatch(/<[^>]+onerror=/);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("note:this stays");
  });

  it("drops javascript: links", () => {
    expect(render("[click](javascript:alert(1))")).not.toContain("javascript:");
  });
});
