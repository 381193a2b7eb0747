import "server-only";
import { and, eq, like, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { verification } from "@/db/schema";

/**
 * better-auth stores a password-reset link as a `verification` row with the identifier
 * `reset-password:<token>` (plain: no `verification.storeIdentifier` is configured) and the
 * user's id as its value. A reset spends only the link that was used, so the user's other links
 * would stay valid for the rest of their hour.
 */
export const RESET_LINK_PREFIX = "reset-password:";

/**
 * Ends every outstanding password-reset link of one user, or with `olderThan` (a link's token)
 * only those made before that link; other users' links and other kinds of verification row are
 * untouched. Returns how many links were ended.
 */
export async function revokeResetLinks({
  db,
  userId,
  olderThan,
}: {
  db: Executor;
  userId: string;
  olderThan?: string;
}): Promise<number> {
  const conditions = [like(verification.identifier, `${RESET_LINK_PREFIX}%`), eq(verification.value, userId)];
  if (olderThan !== undefined) {
    const made = sql`(select ${verification.createdAt} from ${verification} where ${verification.identifier} = ${RESET_LINK_PREFIX + olderThan})`;
    conditions.push(lt(verification.createdAt, made));
  }
  const rows = await db
    .delete(verification)
    .where(and(...conditions))
    .returning({ id: verification.id });
  return rows.length;
}
