import "server-only";
import { createHash } from "node:crypto";
import type { Executor } from "@/db/client";
import {
  findImportedUsers,
  findLinkedAccounts,
  findRunsByChecksum,
  findUsersByIdsOrEmails,
} from "@/db/queries/user-import";
import {
  type HashKind,
  hashKind,
  type LegacyUser,
  PROBLEMS,
  type Problem,
  type ProblemCode,
  type RowCheck,
  validateRow,
} from "./format";
import { type FileFormat, type ParsedFile, parseUserFile } from "./parse";

/** How many rows of each problem the report shows (the count covers them all). */
export const EXAMPLES_PER_PROBLEM = 5;

export interface ProblemGroup {
  code: ProblemCode;
  label: string;
  count: number;
  examples: Problem[];
}

/** What a dry run shows and a run records. Serialisable (the admin page receives it as JSON). */
export interface ImportReport {
  fileName: string;
  format: FileFormat;
  checksum: string;
  /** Rows in the file (blank lines aside). */
  rows: number;
  toCreate: number;
  /**
   * Rows whose user exists already, left untouched: same id and email, or same id and a user an
   * earlier import created (who may have changed their email in the app since).
   */
  present: number;
  /** Present rows whose imported user's email is no longer the file's: how many, the first few. */
  changedSinceImport: { count: number; examples: { line: number; message: string }[] };
  /** Provider accounts (Google/GitHub) the new users bring. */
  linkedAccounts: number;
  hashes: Record<HashKind, number>;
  problemCount: number;
  rowsWithProblems: number;
  problems: ProblemGroup[];
  /** Earlier runs of a file with the same bytes. */
  previousRuns: { id: number; status: string; startedAt: string }[];
}

export interface ImportPlan {
  report: ImportReport;
  users: LegacyUser[];
}

export const checksumOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function group(problems: Problem[]): ProblemGroup[] {
  const byCode = Map.groupBy(problems, (p) => p.code);
  return (Object.keys(PROBLEMS) as ProblemCode[])
    .filter((code) => byCode.has(code))
    .map((code) => {
      const list = (byCode.get(code) ?? []).sort((a, b) => a.line - b.line);
      return { code, label: PROBLEMS[code], count: list.length, examples: list.slice(0, EXAMPLES_PER_PROBLEM) };
    });
}

/** Repeats within the file: the second and later rows are the problem, naming the first. */
function crossRowProblems(checks: { line: number; check: RowCheck }[]): Problem[] {
  const problems: Problem[] = [];
  const firstId = new Map<string, number>();
  const firstEmail = new Map<string, number>();
  const firstAccount = new Map<string, number>();
  for (const { line, check } of checks) {
    if (check.id !== undefined) {
      const seen = firstId.get(check.id);
      if (seen === undefined) firstId.set(check.id, line);
      else problems.push({ code: "id_duplicate", line, message: `id ${check.id} is also on line ${seen}` });
    }
    if (check.email !== undefined) {
      const seen = firstEmail.get(check.email);
      if (seen === undefined) firstEmail.set(check.email, line);
      else problems.push({ code: "email_duplicate", line, message: `${check.email} is also on line ${seen}` });
    }
    for (const a of check.accounts) {
      const key = `${a.provider}:${a.id}`;
      const seen = firstAccount.get(key);
      if (seen === undefined) firstAccount.set(key, line);
      else problems.push({ code: "account_duplicate", line, message: `${key} is also claimed on line ${seen}` });
    }
  }
  return problems;
}

/**
 * Reads and checks a whole file against itself and the database, writing nothing. Throws
 * ImportFileError when the file is not an export at all.
 */
export async function planImport({
  db,
  bytes,
  fileName,
  parsed = parseUserFile(bytes),
}: {
  db: Executor;
  bytes: Uint8Array;
  fileName: string;
  /** The file already read by parseUserFile (callers that check it before opening the database). */
  parsed?: ParsedFile;
}): Promise<ImportPlan> {
  const checks = parsed.rows.map((row) => ({ line: row.line, check: validateRow(row.line, row.fields) }));
  const problems: Problem[] = [...parsed.problems, ...checks.flatMap((c) => c.check.problems)];
  problems.push(...crossRowProblems(checks));

  // Against the database: an id is kept only if it is free or already this very user.
  const existing = await findUsersByIdsOrEmails({
    db,
    ids: checks.flatMap((c) => (c.check.id ? [c.check.id] : [])),
    emails: checks.flatMap((c) => (c.check.email ? [c.check.email] : [])),
  });
  const byId = new Map(existing.map((u) => [u.id, u]));
  const byEmail = new Map(existing.map((u) => [u.email.toLowerCase(), u]));
  // A user an earlier import created is that row's user even after changing their email in
  // the app, so importing the file again still adds nothing; any other id clash is refused.
  const withSameId = checks.map((c) => ({ ...c, sameId: c.check.id !== undefined ? byId.get(c.check.id) : undefined }));
  const runOf = await findImportedUsers({
    db,
    ids: withSameId.flatMap(({ check, sameId }) =>
      sameId && sameId.email.toLowerCase() !== check.email ? [sameId.id] : [],
    ),
  });
  const presentLines = new Set<number>();
  const changed: { line: number; message: string }[] = [];
  for (const { line, check, sameId } of withSameId) {
    const sameEmail = check.email !== undefined ? byEmail.get(check.email) : undefined;
    const run = sameId ? runOf.get(sameId.id) : undefined;
    if (sameId && check.email !== undefined && sameId.email.toLowerCase() === check.email) {
      presentLines.add(line);
    } else if (sameId && check.email !== undefined && run !== undefined) {
      presentLines.add(line);
      changed.push({
        line,
        message: `${sameId.id} was imported by run ${run}; their email is now ${sameId.email} (the file has ${check.email}): left as it is`,
      });
    } else if (sameId) {
      problems.push({
        code: "id_taken",
        line,
        message: `id ${check.id} cannot be kept: it is the id of the existing user ${sameId.email}`,
      });
    } else if (sameEmail) {
      problems.push({
        code: "email_taken",
        line,
        message: `${check.email} is already the email of the existing user ${sameEmail.id}`,
      });
    }
  }

  const keys = checks
    .filter((c) => !presentLines.has(c.line))
    .flatMap((c) => c.check.accounts.map((a) => ({ providerId: a.provider, accountId: a.id, line: c.line })));
  const linked = await findLinkedAccounts({ db, keys });
  const linkedTo = new Map(linked.map((l) => [`${l.providerId}:${l.accountId}`, l.userId]));
  for (const k of keys) {
    const owner = linkedTo.get(`${k.providerId}:${k.accountId}`);
    if (owner !== undefined) {
      problems.push({
        code: "account_taken",
        line: k.line,
        message: `${k.providerId}:${k.accountId} is already linked to the existing user ${owner}`,
      });
    }
  }

  const users = checks.flatMap((c) => (c.check.user && !presentLines.has(c.line) ? [c.check.user] : []));
  const hashes: Record<HashKind, number> = { bcrypt: 0, app: 0, none: 0 };
  for (const u of users) hashes[hashKind(u.passwordHash)]++;
  const checksum = checksumOf(bytes);
  const runs = await findRunsByChecksum({ db, checksum });
  const problemLines = new Set(problems.map((p) => p.line));
  return {
    users,
    report: {
      fileName,
      format: parsed.format,
      checksum,
      rows: new Set([...parsed.rows.map((r) => r.line), ...parsed.problems.map((p) => p.line)]).size,
      toCreate: users.length,
      present: presentLines.size,
      changedSinceImport: { count: changed.length, examples: changed.slice(0, EXAMPLES_PER_PROBLEM) },
      linkedAccounts: users.reduce((n, u) => n + u.accounts.length, 0),
      hashes,
      problemCount: problems.length,
      rowsWithProblems: problemLines.size,
      problems: group(problems),
      previousRuns: runs.map((r) => ({ id: r.id, status: r.status, startedAt: r.startedAt.toISOString() })),
    },
  };
}
