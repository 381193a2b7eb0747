/**
 * Benchmarks: speed and memory goals live here, not in timed tests. Each line reports a median
 * and p95 over repeated runs on an in-memory PGlite with the shipped course.
 *   npm run bench            everything
 *   npm run bench -- legacy  only the legacy user migration (bench/legacy-import.ts)
 * With TEST_DATABASE_URL set, the import rate is also measured on that Postgres.
 */
import { performance } from "node:perf_hooks";
import { openDatabase } from "@/db/client";
import { completeLesson, getCourseProgress, getVisibleStageIds } from "@/lib/content/access";
import { defaultContentDir, loadCourse } from "@/lib/content/load";
import { seedCourse } from "@/lib/content/seed";
import { chunkLesson } from "@/lib/rag/chunking";
import { insertUsers } from "../tests/support/db";
import { benchLegacyImport } from "./legacy-import";

async function measure(name: string, runs: number, fn: (i: number) => Promise<unknown> | unknown) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  console.log(
    `${name.padEnd(36)} median ${pick(0.5).toFixed(2).padStart(8)} ms   p95 ${pick(0.95).toFixed(2).padStart(8)} ms   (${runs} runs)`,
  );
}

async function main() {
  const only = process.argv[2];
  if (only !== "legacy") await benchCourse();
  await benchLegacyImport({ postgres: Boolean(process.env.TEST_DATABASE_URL) });
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(`\nresident memory after the run: ${rss.toFixed(0)} MiB`);
}

async function benchCourse() {
  const course = await loadCourse(defaultContentDir());
  const lessons = course.stages.flatMap((s) => s.lessons);
  console.log(`course: ${course.stages.length} stages, ${lessons.length} lessons\n`);

  await measure("load + validate content/", 10, () => loadCourse(defaultContentDir()));
  await measure("chunk every lesson", 20, () => lessons.map((l) => chunkLesson(l.title, l.body)));

  const handle = await openDatabase({ driver: "pglite", dataDir: "" }, { inMemory: true });
  await handle.migrate();
  await measure("seed (first run, all lessons written)", 1, () => seedCourse({ db: handle.db, course }));
  await measure("seed (re-run, nothing changed)", 10, () => seedCourse({ db: handle.db, course }));

  const courseId = course.id;
  const firstStage = course.stages[0]?.lessons ?? [];
  await insertUsers(
    handle.db,
    Array.from({ length: 200 }, (_, u) => `bench-${u}`),
  );
  for (let u = 0; u < 200; u++) {
    for (const l of firstStage.slice(0, u % (firstStage.length + 1))) {
      await completeLesson({ user: { id: `bench-${u}`, role: "student" }, lessonId: l.id, db: handle.db });
    }
  }
  await measure("getVisibleStageIds (200 learners)", 200, (i) =>
    getVisibleStageIds({ user: { id: `bench-${i}`, role: "student" }, courseId, db: handle.db }),
  );
  await measure("dashboard getCourseProgress", 200, (i) =>
    getCourseProgress({ user: { id: `bench-${i}`, role: "student" }, db: handle.db }),
  );
  await handle.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
