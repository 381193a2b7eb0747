import { oauthProviderOpenIdConfigMetadata } from "@better-auth/oauth-provider";
import { getAuth } from "@/lib/auth/instance";

export const dynamic = "force-dynamic";

/** The same discovery document as /api/auth/.well-known/openid-configuration, at the root. */
export async function GET(request: Request): Promise<Response> {
  return oauthProviderOpenIdConfigMetadata(await getAuth())(request);
}
