import { lessonUrl, type Passage } from "@/lib/rag/retriever";
import type { Annotation } from "./protocol";

const MAX_CITATIONS = 5;

/** The passages an answer drew on → ChatKit annotations: one per lesson, at its best passage's section. */
export function citationsFor(passages: Passage[]): Annotation[] {
  const seen = new Set<string>();
  const out: Annotation[] = [];
  for (const p of passages) {
    if (seen.has(p.lessonId) || out.length >= MAX_CITATIONS) continue;
    seen.add(p.lessonId);
    out.push({
      type: "annotation",
      source: { type: "url", title: p.lessonTitle, url: lessonUrl(p), description: p.heading },
    });
  }
  return out;
}
