import { oauthProviderOpenIdConfigMetadata } from "@better-auth/oauth-provider";
import { apiRoute } from "@/lib/api/api-route";
import { getAuth } from "@/lib/auth/instance";

export const dynamic = "force-dynamic";

/**
 * The same discovery document as /api/auth/.well-known/openid-configuration, at the root. The
 * document itself needs no database, but the auth instance opens it: a database that cannot be
 * opened is a 503 `db:unavailable` (apiRoute), not Next's bare 500.
 */
export const GET = apiRoute(async (request: Request) => oauthProviderOpenIdConfigMetadata(await getAuth())(request));
