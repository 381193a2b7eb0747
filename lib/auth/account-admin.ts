import type { Executor } from "@/db/client";
import { setUserRole } from "@/db/queries/users";
import { enrolUsers } from "@/lib/enrolment/enrolment";
import type { AuditWriter } from "./audit";
import { clearAttempts } from "./lockout";
import type { Role } from "./roles";

/** Actions an administrator (in the app or through the CLI) takes on an account, each audited. */

/** An administrator lifts a lockout early. Audited with who did it. */
export async function unlockAccount({
  db,
  audit,
  email,
  userId,
  by,
}: {
  db: Executor;
  audit: AuditWriter;
  email: string;
  userId?: string | null;
  by: string;
}): Promise<boolean> {
  const cleared = await clearAttempts(db, email);
  if (cleared) await audit({ type: "unlock", userId, email, details: { by } });
  return cleared;
}

/**
 * Changes a user's role (it applies to their next request, no re-login). Audited with who did it.
 * Someone made a student is enrolled in the course as a new student is (an ended enrolment stays
 * ended), so they are on the enrolments list and can be ended like any learner.
 */
export async function changeRole({
  db,
  audit,
  user,
  role,
  by,
}: {
  db: Executor;
  audit: AuditWriter;
  user: { id: string; email: string; role?: string | null };
  role: Role;
  by: string;
}): Promise<void> {
  await setUserRole({ db, userId: user.id, role });
  if (role === "student") await enrolUsers({ db, userIds: [user.id] });
  await audit({ type: "role_change", userId: user.id, email: user.email, details: { role, from: user.role, by } });
}
