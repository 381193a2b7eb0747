import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { treeCpuMs, v8PagesMiB } from "../../bench/support/cpu";

/** Spins until this process has used `ms` of CPU (not wall time: a busy machine stretches it). */
const spinScript = (ms: number) =>
  `const s=process.cpuUsage();while((process.cpuUsage(s).user+process.cpuUsage(s).system)/1000<${ms});` +
  `process.stdout.write("done\\n");setTimeout(()=>{},60000);`;

describe("bench CPU meter (/proc)", () => {
  it("counts a process's own CPU time", () => {
    const before = treeCpuMs(process.pid);
    const start = process.cpuUsage();
    while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < 300);
    const after = treeCpuMs(process.pid);
    expect(before).not.toBeNull();
    // Clock ticks are 10 ms: allow two of them each way around the 300 ms spent.
    expect((after as number) - (before as number)).toBeGreaterThanOrEqual(280);
  });

  it("counts the CPU of a process's children in its tree", async () => {
    const child = spawn(process.execPath, ["-e", spinScript(300)], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => d.toString().includes("done") && resolve());
        child.on("exit", (code) => reject(new Error(`child exited (${code})`)));
      });
      const own = treeCpuMs(child.pid as number) as number;
      expect(own).toBeGreaterThanOrEqual(280);
      // This process's tree counts the child's time on top of its own (10 ms ticks each way).
      const usage = process.cpuUsage();
      const ownHere = (usage.user + usage.system) / 1000;
      expect((treeCpuMs(process.pid) as number) - ownHere).toBeGreaterThanOrEqual(own - 20);
    } finally {
      child.kill();
    }
  });

  it("says null for a process that is gone", () => {
    expect(treeCpuMs(2 ** 22 + 12345)).toBeNull();
  });
});

/** A fresh Node process that allocates ~80 MiB of small live objects when told to, and holds them. */
const holderScript =
  'process.stdout.write("ready\\n");let held;process.stdin.once("data",()=>{' +
  'held=Array.from({length:400000},(_,i)=>({i,text:("item "+i+" ").repeat(20)}));' +
  'process.stdout.write("held "+held.length+"\\n")});';

function waitFor(child: ReturnType<typeof spawn>, text: string) {
  return new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`child exited (${code})`)));
  });
}

describe("bench V8 heap pages (/proc smaps)", () => {
  it("counts the JavaScript heap: it grows with live objects", async () => {
    // A process of its own: in this one, earlier tests leave free heap pages to reuse.
    const child = spawn(process.execPath, ["-e", holderScript], { stdio: ["pipe", "pipe", "inherit"] });
    try {
      await waitFor(child, "ready");
      const before = v8PagesMiB(child.pid as number) as number;
      const held = waitFor(child, "held 400000");
      child.stdin?.write("go\n");
      await held;
      const after = v8PagesMiB(child.pid as number) as number;
      expect(before).toBeGreaterThan(1);
      expect(after - before).toBeGreaterThan(40);
    } finally {
      child.kill();
    }
  });
});
