import { describe, expect, it } from "vitest";
import { fallbackTitle } from "@/lib/tutor/title";

describe("a conversation's title without a model", () => {
  it("is the question whole when it is short, without its final mark", () => {
    expect(fallbackTitle("What does the cross product give for two vectors?")).toBe(
      "What does the cross product give for two vectors",
    );
    expect(fallbackTitle("  ?  ")).toBe("New conversation");
  });

  it("is cut at a word with an ellipsis when it is long, never cut silently", () => {
    const title = fallbackTitle(
      "What is the difference between a point and a vector when I change coordinate frames in my robot?",
    );
    expect(title).toBe("What is the difference between a point and a vector when I…");
    expect(title.length).toBeLessThanOrEqual(60);
    expect(fallbackTitle("x".repeat(100))).toBe(`${"x".repeat(59)}…`);
  });
});
