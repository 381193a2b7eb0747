import type { Executor } from "@/db/client";
import { getCourseGlossary, getIndexVersion, scopeTermStats } from "@/db/queries/retrieval";
import { LruMap } from "@/lib/lru";
import type { Glossary } from "./glossary";

/**
 * What retrieval reads on every question but what changes only when content is published: the
 * course glossary and the term statistics (IDF) of each set of unlocked stages. Each question
 * reads the course's index version (one single-row query, or the tutor's read of the open lesson
 * joined with its course), and the process keeps both per version, so a publish in any process
 * is seen by every other one at its next question. Kept
 * per database handle (a test's database never sees another's), at most `MAX_SCOPES` scopes each
 * (learners unlock stages in order, so a course has about as many scopes as stages).
 */
const MAX_SCOPES = 32;

export interface TermStats {
  /** Passages in scope. */
  total: number;
  /** How many of them contain each lexeme. */
  df: Map<string, number>;
}

interface Cache {
  glossaries: LruMap<string, Promise<Glossary>>;
  stats: LruMap<string, Promise<TermStats>>;
}

const caches = new WeakMap<object, Cache>();

function cacheOf(db: Executor): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { glossaries: new LruMap(MAX_SCOPES), stats: new LruMap(MAX_SCOPES) };
    caches.set(db, cache);
  }
  return cache;
}

/** Reads through `map`; a failed load is forgotten so the next question retries. */
function remember<T>(map: LruMap<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const hit = map.get(key);
  if (hit) return hit;
  const loading = load().catch((err) => {
    map.delete(key);
    throw err;
  });
  map.set(key, loading);
  return loading;
}

export interface CourseIndex {
  courseId: string;
  version: string;
  glossary: Glossary;
}

/**
 * The course's current index version and its glossary. `known` is a version the caller read
 * moments ago in the same request (one statement fewer per question).
 */
export async function courseIndex(db: Executor, courseId: string, known?: string | null): Promise<CourseIndex> {
  const version = known ?? (await getIndexVersion({ db, courseId }));
  if (version === null) return { courseId, version: "", glossary: [] };
  const glossary = await remember(cacheOf(db).glossaries, `${courseId}\u0000${version}`, () =>
    getCourseGlossary({ db, courseId }),
  );
  return { courseId, version, glossary };
}

/** Passages in scope and how many contain each of `lexemes` (0 for the others). */
export async function termStats(
  db: Executor,
  index: CourseIndex,
  stageIds: string[],
  lexemes: string[],
): Promise<TermStats> {
  const scope = [...new Set(stageIds)].sort();
  const key = `${index.courseId}\u0000${index.version}\u0000${scope.join("\u0000")}`;
  const all = await remember(cacheOf(db).stats, key, () =>
    scopeTermStats({ db, courseId: index.courseId, stageIds: scope }),
  );
  return { total: all.total, df: new Map(lexemes.map((l) => [l, all.df.get(l) ?? 0])) };
}
