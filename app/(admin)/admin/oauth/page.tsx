import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { listOAuthClients } from "@/db/queries/oauth-clients";
import { requireRole } from "@/lib/auth/session";
import { CreateClientForm } from "./_components/create-client-form";
import { DeleteClientButton } from "./_components/delete-client-button";

export const metadata: Metadata = { title: "OAuth clients" };

export default async function OAuthClientsPage() {
  await requireRole(["admin"], "/admin/oauth");
  const clients = await listOAuthClients({ db: await getDb() });
  return (
    <div className="space-y-6">
      <h1 className="font-bold text-2xl">OAuth / OIDC clients</h1>
      <CreateClientForm />
      <h2 className="font-semibold">Registered clients</h2>
      {clients.length === 0 ? (
        <p className="text-muted-foreground text-sm" data-testid="client-list-empty">
          No clients registered yet. A service that signs users in with this app needs one: register it above, or with{" "}
          <code>npm run cli -- oauth:client:create</code>.
        </p>
      ) : null}
      <ul className="space-y-2" data-testid="client-list">
        {clients.map((c) => (
          <li key={c.clientId} className="flex items-start justify-between gap-4 rounded-lg border p-3 text-sm">
            <div className="min-w-0">
              <p className="font-medium">{c.name ?? "Unnamed client"}</p>
              <p className="break-all font-mono text-muted-foreground text-xs">{c.clientId}</p>
              <p className="break-all text-muted-foreground text-xs">{(c.redirectUris ?? []).join(", ")}</p>
            </div>
            <DeleteClientButton clientId={c.clientId} name={c.name ?? "Unnamed client"} />
          </li>
        ))}
      </ul>
    </div>
  );
}
