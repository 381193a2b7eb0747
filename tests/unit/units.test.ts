import { describe, expect, it } from "vitest";
import { joinUnits, markdownUnits, splitSentences } from "@/lib/rag/units";

describe("splitSentences", () => {
  it("ends sentences at full stops followed by a capital, digit or formula", () => {
    expect(splitSentences("One. Two? Three! $x$ is four. 5 is five.")).toEqual([
      "One.",
      "Two?",
      "Three!",
      "$x$ is four.",
      "5 is five.",
    ]);
  });

  it("never splits inside inline maths, inline code, after an abbreviation or before lowercase", () => {
    expect(
      splitSentences("Take $a. B = 1$ here. Call `x. Y` now. See e.g. Fig. 2, and more. Then approx. done."),
    ).toEqual(["Take $a. B = 1$ here.", "Call `x. Y` now.", "See e.g. Fig. 2, and more.", "Then approx. done."]);
    expect(splitSentences("Values are 0.5 m. the end")).toEqual(["Values are 0.5 m. the end"]);
  });

  it("keeps a bold lead-in with the sentence it introduces", () => {
    expect(splitSentences("**Predict.** Odometry reports $u$. Done.")).toEqual([
      "**Predict.** Odometry reports $u$.",
      "Done.",
    ]);
  });
});

describe("markdownUnits", () => {
  it("splits paragraphs into sentences, lists into items, keeps blocks whole, and joins back", () => {
    const md = "First. Second.\n\n- item one\n- item two\n\n$$\na = b. C\n$$\n\n```\nx. Y\n```";
    const units = markdownUnits(md);
    expect(units.map((u) => u.kind)).toEqual(["sentence", "sentence", "item", "item", "block", "block"]);
    expect(joinUnits(units)).toBe(md);
  });
});
