"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { type ActionState, validatedAction } from "@/lib/actions";
import { auditAdminAction } from "@/lib/auth/audit";
import { createOAuthClient, deleteOAuthClient } from "@/lib/auth/oauth-clients";

const createInput = z.object({
  name: z.string().trim().min(1).max(100),
  redirectUri: z.url().max(500),
  type: z.enum(["web", "native"]),
  public: z.literal("on").optional(),
});

export type CreateClientState = ActionState<{ clientId: string; clientSecret: string | undefined }>;

export const createClient = validatedAction(
  { role: ["admin"], schema: createInput, invalidMessage: "Give a name and an absolute redirect URI." },
  async (input, admin) => {
    const client = await createOAuthClient({
      headers: await headers(),
      client: { ...input, public: input.public === "on", redirectUris: [input.redirectUri] },
    });
    await auditAdminAction(await getDb(), admin, "oauth_client_create", { clientId: client.client_id });
    revalidatePath("/admin/oauth");
    return { data: { clientId: client.client_id, clientSecret: client.client_secret ?? undefined } };
  },
);

export const deleteClient = validatedAction(
  { role: ["admin"], schema: z.object({ clientId: z.string().min(1).max(200) }) },
  async ({ clientId }, admin) => {
    await deleteOAuthClient({ db: await getDb(), clientId });
    await auditAdminAction(await getDb(), admin, "oauth_client_delete", { clientId });
    revalidatePath("/admin/oauth");
    return { message: "Client deleted.", data: undefined };
  },
);
