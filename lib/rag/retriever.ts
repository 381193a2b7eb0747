import { env } from "@/lib/env";

/** A passage of a lesson, as retrieval returns it. */
export interface Passage {
  chunkId: string;
  lessonId: string;
  stageId: string;
  lessonTitle: string;
  heading: string;
  anchor: string;
  content: string;
  isSolution: boolean;
  score: number;
  /**
   * Share (0–1) of the question's own words, weighted by rarity, that this passage contains,
   * when the retriever can tell; a low value means nothing matched the question well.
   */
  match?: number;
}

export interface SearchQuery {
  query: string;
  courseId: string;
  /**
   * Only these stages may be searched. Enforced where passages are read (every statement names
   * the stages; kept passages are looked up by stage id), never by filtering results.
   */
  stageIds: string[];
  limit: number;
  /** The lesson the learner has open: its passages get a small prior. */
  lessonId?: string | null;
  /**
   * The course's index version (`course.index_version`) when the caller has just read it with
   * the course (the tutor reads it with the open lesson), so the search need not read it again.
   */
  indexVersion?: string | null;
}

export interface Retriever {
  kind: "postgres" | "qdrant";
  search(q: SearchQuery): Promise<Passage[]>;
}

/**
 * The lesson URL a citation links to, absolute: ChatKit's UI runs in an iframe served from
 * OpenAI's domain, where a path alone would open that domain's page, not the lesson.
 */
export const lessonUrl = (p: Pick<Passage, "stageId" | "lessonId" | "anchor">, origin = env().appUrl) =>
  `${origin}/learn/${p.stageId}/${p.lessonId}${p.anchor ? `#${p.anchor}` : ""}`;
