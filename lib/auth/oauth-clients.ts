import "server-only";
import { isAPIError } from "better-auth/api";
import type { Executor } from "@/db/client";
import { deleteOAuthClientRow } from "@/db/queries/oauth-clients";
import { AppError } from "@/lib/errors";
import { getAuth } from "./instance";
import { redirectUriProblem } from "./oauth-redirect-uris";

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

/**
 * Registers a client as the admin whose session `headers` carry. A redirect URI the plugin
 * would refuse is a 400 saying what to change, before anything is stored; any other refusal of
 * better-auth (4xx) is a 400 in its own words rather than a logged 500.
 */
export async function createOAuthClient({
  headers,
  client,
}: {
  headers: Headers;
  client: Parameters<typeof oauthClientBody>[0];
}) {
  for (const uri of client.redirectUris) {
    const problem = redirectUriProblem(uri, client.type);
    if (problem) throw new AppError("admin:oauth_client_invalid", problem);
  }
  const auth = await getAuth();
  try {
    return await auth.api.adminCreateOAuthClient({ headers, body: oauthClientBody(client) });
  } catch (err) {
    throw refusal(err);
  }
}

function refusal(err: unknown): unknown {
  if (!isAPIError(err) || err.statusCode >= 500) return err;
  const body = (err.body ?? {}) as Record<string, unknown>;
  const reason = [body.error_description, body.message].find((v): v is string => typeof v === "string" && v !== "");
  return new AppError(
    "admin:oauth_client_invalid",
    reason ? `The client was not registered: ${reason.replace(/\.$/, "").slice(0, 300)}.` : undefined,
  );
}

/**
 * Deletes a registered client for any admin. better-auth's delete-client endpoint only lets the
 * admin who registered it (the CLI registers as some admin) do that, but admins are peers, so
 * the row goes here; its tokens, consents and resource links follow by ON DELETE CASCADE, as
 * with the plugin's own delete. It checks no role: its caller does (the page's action is
 * admin-only). An unknown id is a 404.
 */
export async function deleteOAuthClient({ db, clientId }: { db: Executor; clientId: string }): Promise<void> {
  if (!(await deleteOAuthClientRow({ db, clientId })))
    throw new AppError("admin:not_found", "That client does not exist.");
}
