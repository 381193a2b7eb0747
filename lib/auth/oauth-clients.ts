import "server-only";
import type { Executor } from "@/db/client";
import { oauthClientExists } from "@/db/queries/oauth-clients";
import { AppError } from "@/lib/errors";
import { getAuth } from "./instance";

/**
 * The registration body for an OIDC client created by an admin (the CLI and /admin/oauth):
 * authorization code + refresh tokens, the redirect URIs also allowed after logout, and
 * client_secret_basic unless the client is public (then PKCE is its only proof).
 */
export function oauthClientBody(client: {
  name: string;
  redirectUris: string[];
  type: "web" | "native";
  public: boolean;
  skipConsent?: boolean;
}) {
  return {
    client_name: client.name,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.redirectUris,
    application_type: client.type,
    token_endpoint_auth_method: client.public ? ("none" as const) : ("client_secret_basic" as const),
    grant_types: ["authorization_code" as const, "refresh_token" as const],
    response_types: ["code" as const],
    enable_end_session: true,
    ...(client.skipConsent === undefined ? {} : { skip_consent: client.skipConsent }),
  };
}

/** Deletes a registered client; an unknown id is a 404, not a 500 from deep inside better-auth. */
export async function deleteOAuthClient({
  db,
  headers,
  clientId,
}: {
  db: Executor;
  headers: Headers;
  clientId: string;
}): Promise<void> {
  if (!(await oauthClientExists({ db, clientId })))
    throw new AppError("admin:not_found", "That client does not exist.");
  const auth = await getAuth();
  await auth.api.deleteOAuthClient({ headers, body: { client_id: clientId } });
}
