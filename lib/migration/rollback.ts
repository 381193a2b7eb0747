import "server-only";
import type { Db } from "@/db/client";
import { insertAuthEvent, insertAuthEvents } from "@/db/queries/audit";
import {
  claimRunForRollback,
  deleteUsersWithData,
  findUserActivity,
  getImportRun,
  listRunUsers,
  markRunRolledBack,
} from "@/db/queries/user-import";
import { AppError } from "@/lib/errors";
import type { Operator } from "./import";

export interface ActiveUser {
  id: string;
  email: string;
  signedIn: boolean;
  chatted: boolean;
  /** Completed lessons. */
  progressed: boolean;
}

export interface RollbackOutcome {
  runId: number;
  removed: number;
  /** Users removed although they had signed in, chatted or completed lessons (only with force). */
  forced: ActiveUser[];
}

/** Refusal that names who has been active, so the operator can decide on `--force`. */
export class RollbackRefused extends AppError {
  constructor(readonly active: ActiveUser[]) {
    super(
      "import:users_active",
      `${active.length} imported user${active.length === 1 ? " has" : "s have"} been active since the import: ${describeActive(active)}; use --force to remove them anyway`,
    );
  }
}

const SHOWN = 10;

export function describeActive(active: ActiveUser[]): string {
  const names = active
    .slice(0, SHOWN)
    .map(
      (u) =>
        `${u.email} (${[u.signedIn ? "signed in" : "", u.chatted ? "chatted" : "", u.progressed ? "completed lessons" : ""].filter(Boolean).join(", ")})`,
    );
  return `${names.join(", ")}${active.length > SHOWN ? ` and ${active.length - SHOWN} more` : ""}`;
}

/**
 * Removes exactly the users a run created, with everything that hangs off them, in one
 * transaction. Refuses when any of them has signed in, used the tutor or completed a lesson
 * since, unless forced.
 */
export async function rollbackImport({
  db,
  runId,
  force = false,
  operator,
}: {
  db: Db;
  runId: number;
  force?: boolean;
  operator: Operator;
}): Promise<RollbackOutcome> {
  return db.transaction(async (tx) => {
    // Claimed first, inside the transaction: of two rollbacks started together only one gets
    // past here, and a refusal below rolls the claim back with everything else.
    const claimed = await claimRunForRollback({ db: tx, runId, by: operator.by });
    if (!claimed) {
      if (!(await getImportRun({ db: tx, runId }))) {
        throw new AppError("import:not_found", `there is no import run ${runId}`);
      }
      throw new AppError("import:already_rolled_back", `import run ${runId} was already rolled back`);
    }
    const users = await listRunUsers({ db: tx, runId });
    const emailOf = new Map(users.map((u) => [u.id, u.email]));
    const activity = await findUserActivity({ db: tx, userIds: users.map((u) => u.id), since: claimed.startedAt });
    const active = activity.map((a) => ({
      id: a.userId,
      email: emailOf.get(a.userId) ?? a.userId,
      signedIn: a.signedIn,
      chatted: a.chatted,
      progressed: a.progressed,
    }));
    if (active.length > 0 && !force) throw new RollbackRefused(active);

    const removed = await deleteUsersWithData({ db: tx, userIds: users.map((u) => u.id) });
    await insertAuthEvents({
      db: tx,
      events: users.map((u) => ({
        type: "user_import_removed",
        userId: u.id,
        email: u.email,
        details: { run: runId, by: operator.by, forced: active.some((a) => a.id === u.id) },
      })),
    });
    await markRunRolledBack({ db: tx, runId, by: operator.by, removedCount: removed });
    await insertAuthEvent({
      db: tx,
      event: {
        type: "import_rollback",
        userId: operator.userId ?? null,
        email: operator.email ?? null,
        details: { run: runId, by: operator.by, removed, forced: active.map((a) => a.email) },
      },
    });
    return { runId, removed, forced: active };
  });
}
