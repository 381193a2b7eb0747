import "server-only";
import type { Db, Executor } from "@/db/client";
import { insertAuthEvent, insertAuthEvents } from "@/db/queries/audit";
import { finishImportRun, insertImportedUsers, insertImportRun } from "@/db/queries/user-import";
import { enrolUsers } from "@/lib/enrolment/enrolment";
import { AppError } from "@/lib/errors";
import { hashKind, type LegacyUser } from "./format";
import type { ImportPlan, ImportReport } from "./plan";

/** Who is importing or rolling back: the CLI's OS user, or an admin (recorded on the run and in the audit log). */
export interface Operator {
  /**
   * "cli:<os user>", or the admin's user id (their email is read from the user table while the
   * account exists, so it never outlives the account in the run or the audit log).
   */
  by: string;
  userId?: string | null;
  email?: string | null;
}

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportOutcome {
  /** null when every user was already present: nothing was written. */
  runId: number | null;
  created: number;
  present: number;
  /** Google/GitHub links created with the users. */
  linkedAccounts: number;
}

export const IMPORT_BATCH = 500;

/**
 * Runs once per written batch, inside the import's transaction, with the users it created:
 * the one place that says what else a new imported user gets: their audit event, and for a
 * student an active enrolment in the course, as a sign-up gets (a rollback deletes the user,
 * and the enrolment with it).
 */
export async function afterUsersImported(
  tx: Executor,
  users: LegacyUser[],
  context: { runId: number; operator: Operator },
): Promise<void> {
  await insertAuthEvents({
    db: tx,
    events: users.map((u) => ({
      type: "user_imported",
      userId: u.id,
      email: u.email,
      details: {
        run: context.runId,
        by: context.operator.by,
        line: u.line,
        role: u.role,
        passwordHash: hashKind(u.passwordHash),
        accounts: u.accounts.map((a) => a.provider),
      },
    })),
  });
  const students = users.filter((u) => u.role === "student").map((u) => u.id);
  await enrolUsers({ db: tx, userIds: students });
}

const UNIQUE_VIOLATION = "23505";

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}

/**
 * Writes a checked plan as one import run in one transaction: all of its users or none.
 * A plan with problems is refused (nothing is written); a plan with nothing new writes nothing.
 */
export async function executeImport({
  db,
  plan,
  operator,
  onProgress,
  batchSize = IMPORT_BATCH,
}: {
  db: Db;
  plan: ImportPlan;
  operator: Operator;
  onProgress?: (progress: ImportProgress) => void;
  batchSize?: number;
}): Promise<ImportOutcome> {
  const { report, users } = plan;
  if (report.problemCount > 0) {
    throw new AppError("import:rejected", `${describeProblems(report)}; nothing was imported`);
  }
  if (users.length === 0) return { runId: null, created: 0, present: report.present, linkedAccounts: 0 };

  try {
    return await db.transaction(async (tx) => {
      const runId = await insertImportRun({
        db: tx,
        run: {
          fileName: report.fileName,
          fileChecksum: report.checksum,
          format: report.format,
          rowCount: report.rows,
          presentCount: report.present,
          startedBy: operator.by,
        },
      });
      let linkedAccounts = 0;
      onProgress?.({ done: 0, total: users.length });
      for (let i = 0; i < users.length; i += batchSize) {
        const batch = users.slice(i, i + batchSize);
        const written = await insertImportedUsers({ db: tx, runId, users: batch });
        linkedAccounts += written.linkedAccounts;
        await afterUsersImported(tx, batch, { runId, operator });
        onProgress?.({ done: Math.min(i + batchSize, users.length), total: users.length });
      }
      await finishImportRun({ db: tx, runId, createdCount: users.length, linkedAccountCount: linkedAccounts });
      await insertAuthEvent({
        db: tx,
        event: {
          type: "import_run",
          userId: operator.userId ?? null,
          email: operator.email ?? null,
          details: {
            run: runId,
            by: operator.by,
            file: report.fileName,
            checksum: report.checksum,
            format: report.format,
            created: users.length,
            present: report.present,
            linkedAccounts,
          },
        },
      });
      return { runId, created: users.length, present: report.present, linkedAccounts };
    });
  } catch (err) {
    // Someone signed up with one of these emails (or an id appeared) after the check.
    if (isUniqueViolation(err)) throw new AppError("import:conflict");
    throw err;
  }
}

export function describeProblems(report: ImportReport): string {
  const n = report.problemCount;
  return `${n} problem${n === 1 ? "" : "s"} in ${report.rowsWithProblems} row${report.rowsWithProblems === 1 ? "" : "s"}`;
}
