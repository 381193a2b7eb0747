import { desc } from "drizzle-orm";
import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { oauthClient } from "@/db/schema";
import { requireRole } from "@/lib/auth/session";
import { CreateClientForm } from "./_components/create-client-form";
import { deleteClient } from "./actions";

export const metadata: Metadata = { title: "OAuth clients" };

export default async function OAuthClientsPage() {
  await requireRole(["admin"], "/admin/oauth");
  const db = await getDb();
  const clients = await db
    .select({
      clientId: oauthClient.clientId,
      name: oauthClient.name,
      redirectUris: oauthClient.redirectUris,
      createdAt: oauthClient.createdAt,
    })
    .from(oauthClient)
    .orderBy(desc(oauthClient.createdAt));
  return (
    <div className="space-y-6">
      <h1 className="font-bold text-2xl">OAuth / OIDC clients</h1>
      <CreateClientForm />
      <ul className="space-y-2" data-testid="client-list">
        {clients.map((c) => (
          <li key={c.clientId} className="flex items-start justify-between gap-4 rounded-lg border p-3 text-sm">
            <div>
              <p className="font-medium">{c.name ?? "Unnamed client"}</p>
              <p className="font-mono text-muted-foreground text-xs">{c.clientId}</p>
              <p className="text-muted-foreground text-xs">{(c.redirectUris ?? []).join(", ")}</p>
            </div>
            <form action={deleteClient}>
              <input type="hidden" name="clientId" value={c.clientId} />
              <Button type="submit" size="sm" variant="outline">
                Delete
              </Button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}
