import type { Executor } from "@/db/client";
import {
  getCourseGlossary,
  getIndexVersion,
  scopeTermStats,
  similarLexemes,
  stagePassages,
} from "@/db/queries/retrieval";
import { LruMap } from "@/lib/lru";
import type { Glossary } from "./glossary";
import { type IndexedPassage, postingsOf } from "./ts-rank";

/**
 * What retrieval reads on every question but what changes only when content is published: the
 * course glossary and the term statistics (IDF) of each set of unlocked stages. Each question
 * reads the course's index version (one single-row query, or the tutor's read of the open lesson
 * joined with its course), and the process keeps both per version, so a publish in any process
 * is seen by every other one at its next question. Kept
 * per database handle (a test's database never sees another's), at most `MAX_SCOPES` scopes each
 * (learners unlock stages in order, so a course has about as many scopes as stages). The typo
 * proposals for a word depend on the same two things, so they are kept the same way, for the
 * `MAX_WORDS` words asked about most recently. So are the passages themselves, per stage, for
 * the search to score in the process (ts-rank.ts), `MAX_STAGES` stages of any version.
 */
const MAX_SCOPES = 32;
const MAX_WORDS = 4096;
const MAX_STAGES = 64;

export interface TermStats {
  /** Passages in scope. */
  total: number;
  /** How many of them contain each lexeme. */
  df: Map<string, number>;
}

/** A course term close to a word the learner typed (see `similarTerms`). */
export interface Proposal {
  word: string;
  lexeme: string;
  similarity: number;
}

interface Cache {
  glossaries: LruMap<string, Promise<Glossary>>;
  stats: LruMap<string, Promise<TermStats>>;
  proposals: LruMap<string, Promise<Proposal[]>>;
  passages: LruMap<string, Promise<IndexedPassage[]>>;
}

const caches = new WeakMap<object, Cache>();

function cacheOf(db: Executor): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = {
      glossaries: new LruMap(MAX_SCOPES),
      stats: new LruMap(MAX_SCOPES),
      proposals: new LruMap(MAX_WORDS),
      passages: new LruMap(MAX_STAGES),
    };
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

function scopeKey(index: CourseIndex, stageIds: string[]) {
  const scope = [...new Set(stageIds)].sort();
  return { scope, key: `${index.courseId}\u0000${index.version}\u0000${scope.join("\u0000")}` };
}

/** Passages in scope and how many contain each of `lexemes` (0 for the others). */
export async function termStats(
  db: Executor,
  index: CourseIndex,
  stageIds: string[],
  lexemes: string[],
): Promise<TermStats> {
  const { scope, key } = scopeKey(index, stageIds);
  const all = await remember(cacheOf(db).stats, key, () =>
    scopeTermStats({ db, courseId: index.courseId, stageIds: scope }),
  );
  return { total: all.total, df: new Map(lexemes.map((l) => [l, all.df.get(l) ?? 0])) };
}

/**
 * For each of `items`, its kept list, or one loaded for it: the items not kept yet are loaded
 * together by one `loadMissing` call, whose rows `belongs` shares out among them.
 */
async function rememberEach<T>(
  map: LruMap<string, Promise<T[]>>,
  items: string[],
  keyOf: (item: string) => string,
  loadMissing: (missing: string[]) => Promise<T[]>,
  belongs: (row: T, item: string) => boolean,
): Promise<T[]> {
  const kept = items.map((item) => map.get(keyOf(item)));
  const missing = items.filter((_, i) => !kept[i]);
  const loading = missing.length > 0 ? loadMissing(missing) : Promise.resolve([]);
  const lists = items.map(
    (item, i) =>
      kept[i] ?? remember(map, keyOf(item), () => loading.then((rows) => rows.filter((r) => belongs(r, item)))),
  );
  return (await Promise.all(lists)).flat();
}

/**
 * For each of `words`, the terms of the scope's passages that share enough trigrams with it,
 * most similar first (db/queries/retrieval.ts `similarLexemes`). Words not kept yet are looked
 * up together, in one statement.
 */
export function similarTerms(
  db: Executor,
  index: CourseIndex,
  stageIds: string[],
  words: string[],
  options: { minSimilarity: number; perWord: number },
): Promise<Proposal[]> {
  const { scope, key } = scopeKey(index, stageIds);
  return rememberEach(
    cacheOf(db).proposals,
    [...new Set(words)],
    (word) => `${key}\u0000${options.minSimilarity}\u0000${options.perWord}\u0000${word}`,
    (missing) => similarLexemes({ db, courseId: index.courseId, stageIds: scope, words: missing, ...options }),
    (row, word) => row.word === word,
  );
}

/**
 * The passages of the stages in scope, with their postings: each stage's as read by its id (so
 * a locked stage's are never part of a scope that does not name it). Stages not kept yet are
 * read together, in one statement naming only them.
 */
export function scopePassages(db: Executor, index: CourseIndex, stageIds: string[]): Promise<IndexedPassage[]> {
  return rememberEach(
    cacheOf(db).passages,
    scopeKey(index, stageIds).scope,
    (stageId) => `${index.courseId}\u0000${index.version}\u0000${stageId}`,
    async (missing) =>
      (await stagePassages({ db, courseId: index.courseId, stageIds: missing })).map(({ tsv, ...row }) => ({
        ...row,
        postings: postingsOf(tsv),
      })),
    (passage, stageId) => passage.stageId === stageId,
  );
}
