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

export async function oauthClientExists({ db, clientId }: { db: Executor; clientId: string }): Promise<boolean> {
  const [row] = await db
    .select({ clientId: oauthClient.clientId })
    .from(oauthClient)
    .where(eq(oauthClient.clientId, clientId));
  return row !== undefined;
}
