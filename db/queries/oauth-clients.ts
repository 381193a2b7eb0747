import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { oauthClient } from "@/db/schema";

/** Registered OIDC clients, newest first (what /admin/oauth lists). */
export async function listOAuthClients({ db }: { db: Executor }) {
  return db
    .select({
      clientId: oauthClient.clientId,
      name: oauthClient.name,
      redirectUris: oauthClient.redirectUris,
      createdAt: oauthClient.createdAt,
    })
    .from(oauthClient)
    .orderBy(desc(oauthClient.createdAt));
}

/** Removes a client; its tokens, consents and resource links go with it (ON DELETE CASCADE). */
export async function deleteOAuthClientRow({ db, clientId }: { db: Executor; clientId: string }): Promise<boolean> {
  const deleted = await db
    .delete(oauthClient)
    .where(eq(oauthClient.clientId, clientId))
    .returning({ clientId: oauthClient.clientId });
  return deleted.length > 0;
}
