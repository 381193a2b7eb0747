import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const fixtureCourseDir = path.join(import.meta.dirname, "../fixtures/course");

/** A private copy of the fixture course that a test may edit. */
export async function copyFixtureCourse(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "itutor-content-"));
  await fs.cp(fixtureCourseDir, dir, { recursive: true });
  return dir;
}

export async function tempDir(prefix = "itutor-"): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}
