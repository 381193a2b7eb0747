import { describe, expect, it } from "vitest";
import { searchDocument } from "@/lib/rag/document";
import { glossaryExpansions, stemmedGlossary } from "@/lib/rag/glossary";
import { analyzeQuery } from "@/lib/rag/query";
import { sparseDocument, sparseQuery } from "@/lib/rag/sparse";
import { stemWord, termsOf, words } from "@/lib/rag/terms";
import { correctionDistance, editDistance } from "@/lib/rag/typos";

describe("terms", () => {
  it("keeps apart words Porter2 would merge, and merges inflections", () => {
    expect(stemWord("position")).not.toBe(stemWord("positive"));
    expect(stemWord("derive")).not.toBe(stemWord("derivative"));
    expect(stemWord("integral")).not.toBe(stemWord("integrate"));
    expect(stemWord("meaning")).not.toBe(stemWord("mean"));
    expect(stemWord("rotating")).toBe(stemWord("rotation"));
    expect(stemWord("singularities")).toBe(stemWord("singularity"));
    expect(stemWord("derivatives")).toBe(stemWord("derivative"));
  });

  it("reads American spellings as the course's British ones", () => {
    expect(stemWord("linearize")).toBe(stemWord("linearise"));
    expect(stemWord("discretization")).toBe(stemWord("discretisation"));
    expect(stemWord("center")).toBe(stemWord("centre"));
    expect(stemWord("size")).toBe("size");
  });

  it("drops TeX markup but keeps the words a learner could type", () => {
    expect(words("$^{A}\\mathbf{p} = \\operatorname{atan2}(y, x)\\,\\theta$ and \\dot q")).toEqual([
      "a",
      "p",
      "atan2",
      "y",
      "x",
      "theta",
      "and",
      "q",
    ]);
    expect(words("SO(3), SE(3), A* and RRT\\* plan")).toEqual(["so3", "se3", "astar", "and", "rrtstar", "plan"]);
    expect(termsOf("The robot's Kalman filter")).toEqual(["robot", "kalman", "filter"]);
  });
});

describe("analyzeQuery", () => {
  const glossary = [{ terms: ["inverse kinematics"], aliases: ["IK"] }];

  it("weights typed words, their neighbouring pairs and glossary wordings", () => {
    const terms = analyzeQuery("how does IK work for my arm?", glossary);
    const weight = (lexeme: string) => terms.find((t) => t.lexeme === lexeme)?.weight;
    expect(weight("ik")).toBe(1);
    expect(weight("arm")).toBe(1);
    expect(weight("ik_arm")).toBeLessThan(1);
    expect(weight("invers")).toBeLessThan(1);
    expect(weight("invers_kinemat")).toBeGreaterThan(weight("invers") as number);
    // Question words say how it is asked, not what about.
    expect(terms.map((t) => t.lexeme)).not.toContain("work");
  });

  it("drops chat filler, other languages' function words and a typed formula's operators", () => {
    const typed = (q: string) =>
      analyzeQuery(q)
        .filter((t) => t.source === "typed")
        .map((t) => t.lexeme);
    expect(typed("wtf is gimbal lock lol")).toEqual(["gimbal", "lock"]);
    expect(typed("c'est quoi le gimbal lock")).toEqual(["gimbal", "lock"]);
    expect(typed("was ist die Jacobi-Matrix")).toEqual(["jacobi", "matrix"]);
    expect(typed("R transpose times R equals identity")).toEqual(["transpos", "ident"]);
    expect(typed("my a* is slow af on big maps")).toEqual(["astar", "slow", "big", "map"]);
    // Lessons keep every word: the filter is the question's only.
    expect(termsOf("the motor is on")).toContain("on");
  });

  it("drops 'mean' from 'what does X mean' but keeps the statistic", () => {
    expect(analyzeQuery("what does the transpose mean").map((t) => t.lexeme)).not.toContain("mean");
    expect(analyzeQuery("the mean and variance of the belief").map((t) => t.lexeme)).toContain("mean");
  });

  it("expands an alias to the course's terms, and a term to its equivalents", () => {
    expect(glossaryExpansions("what is IK", glossary)).toEqual(["inverse kinematics"]);
    expect(glossaryExpansions("inverse kinematics", glossary)).toEqual([]);
    const both = [{ terms: ["extended Kalman filter", "EKF"], aliases: [] }];
    expect(glossaryExpansions("when do I need an EKF", both)).toEqual(["extended Kalman filter"]);
    expect(glossaryExpansions("a hike", glossary)).toEqual([]);
  });

  it("stems a glossary once per glossary object, and a different glossary afresh", () => {
    const course = [{ terms: ["end effector"], aliases: ["gripper", "tool tip"] }];
    const first = stemmedGlossary(course);
    expect(first).toEqual([
      { terms: [{ text: "end effector", stems: ["end", "effector"] }], aliases: [["gripper"], ["tool", "tip"]] },
    ]);
    expect(stemmedGlossary(course)).toBe(first);
    const other = [{ terms: ["end effector"], aliases: ["hand"] }];
    expect(stemmedGlossary(other)).not.toBe(first);
    expect(glossaryExpansions("where is the hand", other)).toEqual(["end effector"]);
    expect(glossaryExpansions("where is the hand", course)).toEqual([]);
  });
});

describe("searchDocument", () => {
  it("weights titles and headings A, the lesson summary B and the text C, with bigrams", () => {
    const doc = searchDocument({
      lessonTitle: "Rotation matrices",
      heading: "Gimbal lock",
      lessonSummary: "Orientation",
      content: "Gimbal lock loses a degree.",
    });
    expect(doc).toContain("'rotat':1A");
    expect(doc).toContain("'gimbal_lock':5A");
    expect(doc).toContain("'orient':7B");
    expect(doc).toMatch(/'gimbal':4A,9C/);
    expect(doc).not.toMatch(/'a'/);
  });
});

describe("typo correction", () => {
  it("counts swaps as one edit", () => {
    expect(editDistance("prodcut", "product")).toBe(1);
    expect(editDistance("gimbol", "gimbal")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("accepts near misses, also against truncated stems, and rejects lookalikes", () => {
    expect(correctionDistance("jacobain", "jacobain", "jacobian")).toBe(1);
    expect(correctionDistance("configuraton", "configuraton", "configur")).toBe(0);
    expect(correctionDistance("france", "franc", "frame")).toBeNull();
    expect(correctionDistance("capital", "capit", "cap")).toBeNull();
  });
});

describe("Qdrant sparse vectors", () => {
  it("share the full-text analysis: a question's stems and phrases hit the passage's", () => {
    const doc = sparseDocument({
      lessonTitle: "Rotation matrices",
      heading: "Gimbal lock",
      content: "Gimbal locking.",
    });
    const query = sparseQuery(analyzeQuery("what's gimbal lock?"));
    const at = (v: { indices: number[]; values: number[] }) => new Map(v.indices.map((i, k) => [i, v.values[k]]));
    const d = at(doc);
    for (const i of query.indices) expect(d.has(i)).toBe(true);
    // "gimbal" twice in a title or heading (2 each), once in the text: 2 + 1.
    expect(Math.max(...doc.values)).toBe(3);
    expect(query.indices).toEqual([...query.indices].sort((a, b) => a - b));
  });
});
