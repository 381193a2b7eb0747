/**
 * The first global setup of every test run. A global setup (or anything else in Vitest's main
 * process) that waits on a promise that never settles lets Node's event loop run dry, and
 * `vitest run` then exits 0 having run and reported nothing: CI would pass with no tests. Vitest
 * calls this setup's teardown when the run has ended, whatever its result; a process that exits
 * with 0 before that exits with 1 instead, and says why.
 */
export default function runGuard(): () => void {
  let ended = false;
  process.on("exit", (code) => {
    if (code !== 0 || ended) return;
    process.stderr.write("vitest stopped before the test run ended (a setup never finished?): failing the run\n");
    process.exitCode = 1;
  });
  return () => {
    ended = true;
  };
}
