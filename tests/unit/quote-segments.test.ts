import { describe, expect, it } from "vitest";
import { hasFormula, quoteSegments } from "@/components/tutor/quote-segments";

describe("a quoted selection's formulas", () => {
  it("splits inline and display formulas from the words around them", () => {
    expect(quoteSegments("Entry $(i, j)$ is\n$$R^\\top R = I$$\nso $\\{A\\}$.")).toEqual([
      { text: "Entry " },
      { tex: "(i, j)" },
      { text: " is\n" },
      { tex: "R^\\top R = I" },
      { text: "\nso " },
      { tex: "\\{A\\}", stuck: "." },
    ]);
  });

  it("keeps the punctuation right after a formula with it, so a line never starts with it", () => {
    expect(quoteSegments("axes of $\\{B\\}$), then $x$; so")).toEqual([
      { text: "axes of " },
      { tex: "\\{B\\}", stuck: ")," },
      { text: " then " },
      { tex: "x", stuck: ";" },
      { text: " so" },
    ]);
  });

  it("leaves amounts and lone dollar signs as words", () => {
    for (const text of ["It costs $5 or $6 a month.", "Pay $ 5 and $ 6.", "One $ sign only", "$$"]) {
      expect(quoteSegments(text)).toEqual([{ text }]);
      expect(hasFormula(text)).toBe(false);
    }
  });

  it("keeps a quote without formulas whole", () => {
    expect(quoteSegments("A frame is an origin and three axes.")).toEqual([
      { text: "A frame is an origin and three axes." },
    ]);
    expect(quoteSegments("")).toEqual([]);
  });
});
