import type { Executor } from "@/lib/db/client";
import type { AuditWriter } from "./audit";
import { clearAttempts } from "./lockout";

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
