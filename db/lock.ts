import fs from "node:fs";
import path from "node:path";

/**
 * PGlite is a single-process database: two processes writing one folder corrupt it. Whoever
 * opens the folder first writes a lock file beside it; anyone else stops with a message that
 * names the holder. A lock whose process is gone is stale and is taken over.
 */

export interface LockInfo {
  pid: number;
  holder: string;
  since: string;
}

export class DatabaseLockedError extends Error {
  constructor(
    readonly info: LockInfo,
    dir: string,
  ) {
    const shown = path.relative(process.cwd(), dir) || dir;
    super(`${info.holder} (pid ${info.pid}) holds ${shown}; stop it or set DATABASE_URL`);
    // db/availability.ts knows it by this name: a request that meets it is a 503, not a 500.
    this.name = "DatabaseLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
  } catch {
    return undefined;
  }
}

/** Takes the lock for `dir` (a PGlite folder) or throws DatabaseLockedError. Returns a release function. */
export function acquireDirLock(dir: string, holder: string): () => void {
  const file = `${dir}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mine: LockInfo = { pid: process.pid, holder, since: new Date().toISOString() };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      const release = () => {
        if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const current = readLock(file);
    if (current && current.pid === process.pid) return () => {};
    if (current && isAlive(current.pid)) throw new DatabaseLockedError(current, dir);
    // Stale (its process died without cleaning up) or unreadable: remove and retry.
    fs.rmSync(file, { force: true });
  }
  throw new Error(`could not take the lock ${file}`);
}
