import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "@/db/client";
import { countUsers } from "@/db/queries/user-export";
import { exportUsers } from "@/lib/migration/export";
import { describeProblems, executeImport, type Operator } from "@/lib/migration/import";
import { ImportFileError, parseUserFile } from "@/lib/migration/parse";
import { planImport } from "@/lib/migration/plan";
import { describeOutcome, formatReport } from "@/lib/migration/report";
import { RollbackRefused, rollbackImport } from "@/lib/migration/rollback";
import { rateProgress } from "./progress";
import { CliError, type Command, processIO } from "./types";

const cliOperator = (): Operator => ({ by: `cli:${os.userInfo().username}` });

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (err as Error).message}`,
    );
  }
}

export const usersImport: Command = {
  name: "users:import",
  usage: "users:import --file F [--dry-run]",
  summary:
    "import legacy users (JSON Lines or CSV, docs/migration.md); every row is checked before anything is written",
  async run(args, io = processIO) {
    const { values } = parseArgs({
      args,
      options: { file: { type: "string" }, from: { type: "string" }, "dry-run": { type: "boolean", default: false } },
    });
    // --from is the design card's spelling.
    const file = values.file ?? values.from;
    if (!file) throw new CliError("--file is required (the export to import)");
    const bytes = await readInput(file);
    const fileName = path.basename(file);
    // A file that is not an export at all is refused before the database is opened.
    let parsed: ReturnType<typeof parseUserFile>;
    try {
      parsed = parseUserFile(bytes);
    } catch (err) {
      if (err instanceof ImportFileError) throw new CliError(`${fileName}: ${err.message}`);
      throw err;
    }
    const db = await getDb();
    const plan = await planImport({ db, bytes, fileName, parsed });
    const { report } = plan;
    for (const line of formatReport(report)) io.out(line);
    if (report.problemCount > 0) throw new CliError(`${fileName}: ${describeProblems(report)}; nothing was written`);
    if (values["dry-run"]) {
      io.out(`dry run: nothing was written (${report.toCreate} users would be created)`);
      return;
    }
    if (report.toCreate === 0) {
      io.out(`nothing to import: all ${report.present} users are already present; nothing was written`);
      return;
    }
    const outcome = await executeImport({
      db,
      plan,
      operator: cliOperator(),
      onProgress: rateProgress("importing", "users", io.err),
    });
    io.out(describeOutcome(outcome));
    io.out(`to undo it: npm run cli -- users:import:rollback --run ${outcome.runId}`);
  },
};

export const usersImportRollback: Command = {
  name: "users:import:rollback",
  usage: "users:import:rollback --run ID [--force]",
  summary:
    "remove exactly the users an import run created; refuses if any has signed in, chatted or completed lessons, unless --force",
  async run(args, io = processIO) {
    const { values } = parseArgs({
      args,
      options: { run: { type: "string" }, force: { type: "boolean", default: false } },
    });
    const parsed = z.coerce.number().int().positive().safeParse(values.run);
    if (!parsed.success) throw new CliError("--run must be the number of an import run");
    const outcome = await rollbackImport({
      db: await getDb(),
      runId: parsed.data,
      force: values.force,
      operator: cliOperator(),
    }).catch((err) => {
      if (err instanceof RollbackRefused) throw new CliError(`${err.message}; use --force to remove them anyway`);
      throw err;
    });
    const forced = outcome.forced.length > 0 ? ` (${outcome.forced.length} of them active, removed with --force)` : "";
    io.out(`run ${outcome.runId} rolled back: removed ${outcome.removed} users${forced}`);
  },
};

export const usersExport: Command = {
  name: "users:export",
  usage: "users:export [--file F] [--format jsonl|csv]",
  summary: "write every user with linked accounts and password hashes (the backup to take before an import)",
  async run(args, io = processIO) {
    const { values } = parseArgs({ args, options: { file: { type: "string" }, format: { type: "string" } } });
    const format = z
      .enum(["jsonl", "csv"], { message: "--format must be jsonl or csv" })
      .safeParse(values.format ?? (values.file?.toLowerCase().endsWith(".csv") ? "csv" : "jsonl"));
    if (!format.success) throw new CliError("--format must be jsonl or csv");
    const db = await getDb();
    const total = await countUsers({ db });
    const progress = rateProgress("exporting", "users", io.err);
    let written = 0;
    const chunks = exportUsers({
      db,
      format: format.data,
      onProgress: (done) => {
        written = done;
        if (values.file) progress({ done, total: Math.max(total, done) });
      },
    });
    if (!values.file) {
      for await (const chunk of chunks) io.out(chunk.replace(/\n$/, ""));
      return;
    }
    // The file holds password hashes: only its owner may read it, and it appears whole or not at all.
    const partial = `${values.file}.partial`;
    const out = createWriteStream(partial, { mode: 0o600 });
    try {
      for await (const chunk of chunks) {
        if (!out.write(chunk)) await once(out, "drain");
      }
      out.end();
      await finished(out);
      await rename(partial, values.file);
    } catch (err) {
      out.destroy();
      await rm(partial, { force: true });
      throw err;
    }
    io.out(`wrote ${written} users to ${values.file} (${format.data})`);
  },
};
