import { closeDatabase, setProcessRole } from "@/db/client";
import { contentReindex, dbMigrate, dbSeed } from "./commands/database";
import { enrolEnd, enrolList } from "./commands/enrolment";
import { oauthClientCreate } from "./commands/oauth";
import { retentionRun } from "./commands/retention";
import { CliError, type Command } from "./commands/types";
import { usersExport, usersImport, usersImportRollback } from "./commands/user-import";
import { userCreate, userSetRole, userVerify } from "./commands/users";

const commands: Command[] = [
  dbMigrate,
  dbSeed,
  contentReindex,
  userCreate,
  userSetRole,
  userVerify,
  usersImport,
  usersImportRollback,
  usersExport,
  oauthClientCreate,
  enrolEnd,
  enrolList,
  retentionRun,
];

/** Help fits an 80-column terminal: words wrap onto lines indented under their command. */
export const HELP_WIDTH = 80;

function wrap(text: string, first: string, rest = first, width = HELP_WIDTH): string[] {
  const lines: string[] = [];
  let line = "";
  const indent = () => (lines.length === 0 ? first : rest);
  for (const word of text.split(/\s+/)) {
    if (line && indent().length + line.length + 1 + word.length > width) {
      lines.push(indent() + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent() + line);
  return lines;
}

export function usage(): string {
  return [
    "usage: npm run cli -- <command> [options]",
    "",
    ...commands.flatMap((c) => [...wrap(c.usage, "  ", "      "), ...wrap(c.summary, "      ")]),
  ].join("\n");
}

export interface RunOptions {
  /** Leave the process database open afterwards (tests run commands in process on their own). */
  keepDatabaseOpen?: boolean;
}

/** Runs one CLI command; resolves to its exit code (0 ok, 1 failure with a one-line reason, 2 usage). */
export async function runCommand(argv: string[], options: RunOptions = {}): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`unknown command: ${name}\n\n${usage()}`);
    return 2;
  }
  setProcessRole({ holder: "the CLI", statementTimeouts: false });
  try {
    await command.run(args);
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`${command.name}: ${err instanceof CliError ? message : message.split("\n")[0]}`);
    return 1;
  } finally {
    // Every command may have opened the database (a no-op when none did); this also frees the
    // PGlite lock when a command fails.
    if (!options.keepDatabaseOpen) {
      await closeDatabase().catch((err) => console.error(`closing the database: ${(err as Error).message}`));
    }
  }
}
