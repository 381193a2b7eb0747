/** Where a command writes: results to `out` (stdout), progress to `err` (stderr). Tests pass their own. */
export interface CommandIO {
  out(line: string): void;
  err: { write(text: string): unknown; isTTY?: boolean };
}

export const processIO: CommandIO = { out: (line) => console.log(line), err: process.stderr };

export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], io?: CommandIO): Promise<void>;
}

/** A failure the CLI reports as one line (no stack) with exit code 1. */
export class CliError extends Error {}

/** Progress on stderr so stdout stays clean for JSON output. */
export function progress(done: number, total: number, label: string): void {
  const width = 24;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const bar = `${"#".repeat(filled)}${".".repeat(width - filled)}`;
  const line = `[${bar}] ${done}/${total} ${label}`;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${line.padEnd(80)}${done === total ? "\n" : ""}`);
  } else {
    process.stderr.write(`${line}\n`);
  }
}
