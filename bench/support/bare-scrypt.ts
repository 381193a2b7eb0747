/**
 * The baseline for sign-ins: password hashes at the app's cost (lib/auth/password-hash.ts),
 * `count` of them with `concurrency` in flight, in a process of its own. Prints hashes per second
 * and the CPU ms the process spent per hash (every thread).
 *   node --import tsx bench/support/bare-scrypt.ts <concurrency> <count>
 */
import { performance } from "node:perf_hooks";
import { hashPassword } from "@/lib/auth/password-hash";

const concurrency = Number(process.argv[2] ?? 4);
const count = Number(process.argv[3] ?? 16);
await hashPassword("warm-up-password");
const start = performance.now();
const cpuStart = process.cpuUsage();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next++ < count) await hashPassword("Bench-Password-9-Staple!");
  }),
);
const cpu = process.cpuUsage(cpuStart);
const rate = count / ((performance.now() - start) / 1000);
console.log(`rate ${rate.toFixed(3)} cpu ${((cpu.user + cpu.system) / 1000 / count).toFixed(2)}`);
