import { performance } from "node:perf_hooks";
import type { CommandIO } from "./types";

const WIDTH = 30;
/** Without a terminal, one line per tenth of the work (and the last), so logs stay short. */
const PLAIN_STEPS = 10;

/**
 * Progress with a rate: on a terminal a bar redrawn in place, otherwise plain lines a log
 * file can keep. Written to stderr, so stdout stays the command's result.
 */
export function rateProgress(label: string, unit: string, err: CommandIO["err"]) {
  const started = performance.now();
  let lastStep = -1;
  return ({ done, total }: { done: number; total: number }) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const share = total === 0 ? 1 : done / total;
    const finished = done >= total;
    if (err.isTTY) {
      const filled = Math.round(share * WIDTH);
      const bar = `${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}`;
      err.write(`\r${label} ${bar} ${done}/${total} ${unit} ${rate}/s${finished ? "\n" : ""}`);
      return;
    }
    const step = Math.floor(share * PLAIN_STEPS);
    if (step === lastStep) return;
    lastStep = step;
    err.write(`${label}: ${done}/${total} ${unit} (${Math.floor(share * 100)}%), ${rate}/s\n`);
  };
}
