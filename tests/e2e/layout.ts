import path from "node:path";
import type { Locator, Page, TestInfo } from "@playwright/test";

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1440, height: 900 };

export interface Overflow {
  tag: string;
  text: string;
  right: number;
  limit: number;
}

/**
 * Blocks of text (paragraphs, list items, headings, quotes) and the boxes that hold formulas,
 * code and tables, which stick out of `container` on the right. What sits inside a box that
 * scrolls sideways is left out: that box is measured instead.
 */
export function overflowingBlocks(container: Locator): Promise<Overflow[]> {
  return container.evaluate((root) => {
    const limit = root.getBoundingClientRect().right;
    const scrolls = (el: Element) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
    const blocks = root.querySelectorAll("p, li, h1, h2, h3, blockquote, pre, table, .katex-display, .chat-bubble");
    return [...blocks]
      .filter((el) => {
        for (let p = el.parentElement; p && p !== root; p = p.parentElement) if (scrolls(p)) return false;
        return el.getBoundingClientRect().right > limit + 1;
      })
      .map((el) => ({
        tag: el.tagName.toLowerCase(),
        text: (el.textContent ?? "").slice(0, 60),
        right: Math.round(el.getBoundingClientRect().right),
        limit: Math.round(limit),
      }));
  });
}

/** How much wider than the window the page is (0 when nothing makes it scroll sideways). */
export function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Takes a full-window screenshot and attaches it to the report, to be looked at. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(testInfo.outputDir, `${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/**
 * Inline formulas in the lesson on screen whose following comma, period, colon… starts a new
 * line, as "θ₁ = 90° | , with" (the formula's text and what follows it).
 */
export function punctuationWrappedAfterFormulas(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const wrapped: string[] = [];
    for (const formula of document.querySelectorAll(".lesson-body .katex")) {
      if (formula.closest(".katex-display")) continue;
      // The text right after the formula, or after the span that keeps the two together.
      const holder = formula.parentElement?.classList.contains("whitespace-nowrap") ? formula.parentElement : formula;
      const next = formula.nextSibling ?? holder.nextSibling;
      if (next?.nodeType !== Node.TEXT_NODE || !/^[.,;:!?)\]]/.test(next.textContent ?? "")) continue;
      const first = document.createRange();
      first.setStart(next, 0);
      first.setEnd(next, 1);
      const mark = first.getClientRects()[0];
      const rects = formula.getClientRects();
      const end = rects[rects.length - 1];
      if (mark && end && mark.top >= end.bottom - 2)
        wrapped.push(`${formula.querySelector("annotation")?.textContent} | ${next.textContent?.slice(0, 12)}`);
    }
    return wrapped;
  });
}
