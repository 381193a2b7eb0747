"use client";

import { oauthProviderClient } from "@better-auth/oauth-provider/client";
import { adminClient, jwtClient, twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";
import { ac, roleDefinitions } from "./access-control";

/** The browser's auth client. oauthProviderClient forwards the signed OAuth query on sign-in. */
export const authClient = createAuthClient({
  plugins: [adminClient({ ac, roles: roleDefinitions }), jwtClient(), twoFactorClient(), oauthProviderClient()],
});
