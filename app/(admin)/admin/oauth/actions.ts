"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditAdminAction } from "@/lib/auth/audit";
import { getAuth } from "@/lib/auth/instance";
import { oauthClientBody } from "@/lib/auth/oauth-clients";
import { requireRole } from "@/lib/auth/session";

const createInput = z.object({
  name: z.string().trim().min(1).max(100),
  redirectUri: z.url().max(500),
  type: z.enum(["web", "native"]),
  public: z.boolean(),
});

export type CreateClientState =
  | { ok: true; clientId: string; clientSecret?: string }
  | { ok: false; message: string }
  | null;

export async function createClient(_prev: CreateClientState, form: FormData): Promise<CreateClientState> {
  const admin = await requireRole(["admin"]);
  const parsed = createInput.safeParse({
    name: form.get("name"),
    redirectUri: form.get("redirectUri"),
    type: form.get("type"),
    public: form.get("public") === "on",
  });
  if (!parsed.success) return { ok: false, message: "Give a name and an absolute redirect URI." };
  const auth = await getAuth();
  try {
    const client = await auth.api.adminCreateOAuthClient({
      headers: await headers(),
      body: oauthClientBody({ ...parsed.data, redirectUris: [parsed.data.redirectUri] }),
    });
    await auditAdminAction(await getDb(), admin, "oauth_client_create", { clientId: client.client_id });
    revalidatePath("/admin/oauth");
    return { ok: true, clientId: client.client_id, clientSecret: client.client_secret ?? undefined };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : "The client could not be created." };
  }
}

export async function deleteClient(form: FormData): Promise<void> {
  const admin = await requireRole(["admin"]);
  const clientId = z.string().min(1).max(200).parse(form.get("clientId"));
  const auth = await getAuth();
  await auth.api.deleteOAuthClient({ headers: await headers(), body: { client_id: clientId } });
  await auditAdminAction(await getDb(), admin, "oauth_client_delete", { clientId });
  revalidatePath("/admin/oauth");
}
