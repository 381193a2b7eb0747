import { scryptSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { HASH_THREAD_NICE, HashThreads } from "@/lib/auth/hash-threads";
import { hashPassword, hashThreadInfo, verifyPassword } from "@/lib/auth/password-hash";

// Linux sets priority per thread, and names the calling thread in /proc/thread-self.
const perThreadPriority = fs.existsSync("/proc/thread-self");
const cheap = { N: 1024, r: 1, p: 1, maxmem: 4 * 1024 * 1024 };

describe("password hashing threads", () => {
  it("hash on threads at a lower priority than the process, so requests get the CPU first", async () => {
    const ownPriority = os.getPriority();
    const lowered = Math.min(19, ownPriority + HASH_THREAD_NICE);
    const hash = await hashPassword("Correct-Horse-Battery-9");
    expect(await verifyPassword({ hash, password: "Correct-Horse-Battery-9" })).toBe(true);
    const info = await hashThreadInfo();
    expect(info.length).toBeGreaterThan(0);
    for (const { tid, priority } of info) {
      if (!perThreadPriority) {
        // Elsewhere (macOS) a thread's id cannot be read: the threads run at normal priority.
        expect(priority).toBeNull();
        continue;
      }
      expect(tid).not.toBe(process.pid);
      expect(priority).toBe(lowered);
      expect(os.getPriority(tid as number)).toBe(lowered);
    }
    // The process itself keeps its priority.
    expect(os.getPriority()).toBe(ownPriority);
  });

  it("run no more threads than asked, queueing the rest, and give each caller its own key", async () => {
    const threads = new HashThreads(2);
    const salts = Array.from({ length: 7 }, (_, i) => `salt-${i}`);
    const keys = await Promise.all(salts.map((salt) => threads.scrypt("pw", salt, 32, cheap)));
    expect((await threads.threadInfo()).length).toBe(2);
    expect(keys.map((key) => key.toString("hex"))).toEqual(
      salts.map((salt) => scryptSync("pw", salt, 32, cheap).toString("hex")),
    );
  });

  it("reject a hash scrypt refuses, and keep hashing afterwards", async () => {
    const threads = new HashThreads(1);
    await expect(threads.scrypt("pw", "salt", 32, { ...cheap, N: 1000 })).rejects.toThrow(/N|parameter/i);
    expect((await threads.scrypt("pw", "salt", 32, cheap)).length).toBe(32);
  });
});
