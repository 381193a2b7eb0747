import { oauthProvider } from "@better-auth/oauth-provider";
import { type BetterAuthOptions, type BetterAuthPlugin, betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { admin, jwt } from "better-auth/plugins";
import { isDatabaseUnavailable } from "@/db/availability";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import type { Mailer } from "@/lib/email/send";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { ac, roleDefinitions } from "./access-control";
import { audited, DISABLED_ADMIN_PATHS } from "./admin-audit";
import { auditWriter } from "./audit";
import { limitHashing } from "./hash-limit";
import { createAuthHooks } from "./hooks";
import { verifyStoredPassword } from "./legacy-hash";
import { createAuthDatabaseHooks, createAuthEmails } from "./lifecycle";
import { GENERIC_SIGN_IN_ERROR } from "./messages";

const EXPECTED_AUTH_FAILURES = new Set(["Invalid password", "User not found", "Reset Password: User not found"]);

import { hashPassword } from "./password-hash";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password-policy";
import { twoFactorPlugins } from "./two-factor";

export const JWT_AUDIENCE = "urn:intellistack:api";
export const ACCESS_TOKEN_SECONDS = 6 * 60 * 60;
export const REFRESH_TOKEN_SECONDS = 7 * 24 * 60 * 60;

export interface AuthDeps {
  db: Db;
  baseURL: string;
  secret: string;
  mailer: Mailer;
  social?: {
    google?: { clientId: string; clientSecret: string };
    github?: { clientId: string; clientSecret: string };
  };
  rateLimitEnabled?: boolean;
  /**
   * The request header that carries the client's address: ours, stamped at the socket
   * (lib/http/edge.ts), or Vercel's own. Default: ours.
   */
  clientIpHeader?: string;
  /** Admins need two-step verification for the admin endpoints (ADMIN_REQUIRE_2FA). */
  adminRequireTwoFactor?: boolean;
  /** Tests only: extra plugins (a generic OAuth client) and option overrides (fast hashing). */
  extraPlugins?: BetterAuthPlugin[];
  overrides?: Partial<BetterAuthOptions>;
}

export const issuerFor = (baseURL: string) => `${baseURL}/api/auth`;

/** The OAuth provider's endpoints that change registered clients (audited like admin endpoints). */
const OAUTH_CLIENT_WRITES = [
  "/oauth2/create-client",
  "/oauth2/update-client",
  "/oauth2/delete-client",
  "/oauth2/client/rotate-secret",
];

/**
 * Claims of a session JWT (/api/auth/token). `sid` ties the token to the session it came from:
 * lib/auth/bearer.ts accepts the token only while that session exists, so signing out, a
 * password reset, "sign out everywhere", a ban or deleting the account ends it at once.
 */
const userClaims = (user: Record<string, unknown>) => ({
  email: user.email,
  email_verified: Boolean(user.emailVerified),
  name: user.name,
  role: (user.role as string | undefined) ?? "student",
});

export function createAuth(deps: AuthDeps) {
  const { db, baseURL } = deps;
  const issuer = issuerFor(baseURL);
  const audit = auditWriter(db);
  const emails = createAuthEmails({ db, audit, mailer: deps.mailer, baseURL });
  const hooks = createAuthHooks({ db, audit, emails });

  return betterAuth({
    appName: "IntelliStack Tutor",
    baseURL,
    basePath: "/api/auth",
    secret: deps.secret,
    trustedOrigins: [baseURL],
    // Impersonation is not offered (see admin-audit.ts).
    disabledPaths: DISABLED_ADMIN_PATHS,
    database: drizzleAdapter(db, { provider: "pg", schema, transaction: true }),
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: PASSWORD_MIN,
      // better-auth counts UTF-16 units; the policy counts code points (at most 128), so allow
      // four units per character here and let the policy give the real answer.
      maxPasswordLength: PASSWORD_MAX * 4,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      // verify also accepts imported bcrypt hashes; the sign-in after-hook replaces them.
      password: { hash: limitHashing(hashPassword), verify: limitHashing(verifyStoredPassword) },
      sendResetPassword: emails.sendResetPassword,
      onPasswordReset: emails.onPasswordReset,
      onExistingUserSignUp: emails.onExistingUserSignUp,
      // A duplicate sign-up answers with a fake user; give it every field a real one has.
      customSyntheticUser: ({ coreFields, additionalFields, id }) => ({
        ...coreFields,
        role: "student",
        banned: false,
        banReason: null,
        banExpires: null,
        passwordChangeRequired: false,
        ...additionalFields,
        id,
      }),
    },
    user: {
      // A verified user's new address gets a link; the address changes only once it is followed
      // (no confirmation round trip through the old address: it gets a notice afterwards).
      changeEmail: { enabled: true },
      additionalFields: {
        // Set by the sign-in of a legacy password that fails today's policy (legacy-upgrade.ts).
        passwordChangeRequired: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    emailVerification: {
      sendVerificationEmail: emails.sendVerificationEmail,
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 24 * 60 * 60,
      afterEmailVerification: emails.afterEmailVerification,
    },
    socialProviders: {
      ...(deps.social?.google ? { google: { ...deps.social.google, prompt: "select_account" as const } } : {}),
      ...(deps.social?.github ? { github: deps.social.github } : {}),
    },
    account: {
      // Link a social login to an existing account only when the provider says the email is
      // verified (no trusted providers: a provider's word is required every time).
      accountLinking: { enabled: true, trustedProviders: [] },
    },
    session: {
      expiresIn: REFRESH_TOKEN_SECONDS,
      updateAge: 24 * 60 * 60,
      // Off, so a role change is seen by the very next request.
      cookieCache: { enabled: false },
    },
    rateLimit: {
      enabled: deps.rateLimitEnabled ?? false,
      storage: "database",
      customRules: {
        "/sign-in/email": { window: 60, max: 10 },
        "/request-password-reset": { window: 60, max: 5 },
      },
    },
    advanced: {
      // A session and its user in one statement (a join; db/schema/auth-relations.ts), not two.
      database: { joins: true },
      // One value, decided from the socket and TRUSTED_PROXIES; never what the client claims.
      ipAddress: { ipAddressHeaders: [deps.clientIpHeader ?? CLIENT_IP_HEADER] },
    },
    // Thrown errors reach the route handler (app/api/auth), which answers them in the house
    // shape: a database outage as 503 `db:unavailable`, anything else as a logged 500.
    onAPIError: { throw: true },
    hooks,
    databaseHooks: createAuthDatabaseHooks({ db, audit }),
    logger: {
      // better-auth logs wrong passwords, unknown emails and every error thrown from a hook
      // (a locked sign-in) at ERROR; they are expected traffic, audited, not server faults.
      log: (level, message, ...args) => {
        if (message.startsWith(GENERIC_SIGN_IN_ERROR) || EXPECTED_AUTH_FAILURES.has(message)) return;
        // An outage is reported once, as a 503, by whoever answers the request (lib/errors.ts).
        if (args.some((arg) => isDatabaseUnavailable(arg))) return;
        const write = level === "error" ? console.error : level === "warn" ? console.warn : console.info;
        write(`[auth] ${message}`, ...args);
      },
    },
    plugins: [
      jwt({
        jwks: {
          keyPairConfig: { alg: "RS256", modulusLength: 2048 },
          rotationInterval: 30 * 24 * 60 * 60,
          gracePeriod: 7 * 24 * 60 * 60,
        },
        jwt: {
          issuer,
          audience: JWT_AUDIENCE,
          expirationTime: `${ACCESS_TOKEN_SECONDS}s`,
          definePayload: ({ user, session }) => ({ ...userClaims(user), sid: session.id }),
        },
        disableSettingJwtHeader: true,
      }),
      audited(admin({ ac, roles: roleDefinitions, defaultRole: "student", adminRoles: ["admin"] }), {
        audit,
        requireTwoFactor: deps.adminRequireTwoFactor ?? false,
      }),
      ...twoFactorPlugins({ db, audit }),
      // Managing OAuth clients and resources is admin work too: calls over HTTP are audited here
      // (the app's own pages record theirs as oauth_client_create / oauth_client_delete).
      audited(
        oauthProvider({
          loginPage: "/sign-in",
          consentPage: "/consent",
          scopes: ["openid", "profile", "email", "offline_access"],
          accessTokenExpiresIn: ACCESS_TOKEN_SECONDS,
          idTokenExpiresIn: ACCESS_TOKEN_SECONDS,
          refreshTokenExpiresIn: REFRESH_TOKEN_SECONDS,
          clientPrivileges: ({ user }) => user?.role === "admin",
          customIdTokenClaims: ({ user, scopes }) => {
            const claims = userClaims(user);
            return {
              ...(scopes.includes("email") ? { email: claims.email, email_verified: claims.email_verified } : {}),
              ...(scopes.includes("profile") ? { name: claims.name, role: claims.role } : {}),
            };
          },
          customUserInfoClaims: ({ user, scopes }) =>
            scopes.includes("profile") ? { role: userClaims(user).role } : {},
          advertisedMetadata: {
            claims_supported: [
              "sub",
              "iss",
              "aud",
              "exp",
              "iat",
              "auth_time",
              "nonce",
              "email",
              "email_verified",
              "name",
              "role",
            ],
          },
        }),
        {
          audit,
          requireTwoFactor: deps.adminRequireTwoFactor ?? false,
          include: (path) => path.startsWith("/admin/") || OAUTH_CLIENT_WRITES.includes(path),
          httpOnly: true,
        },
      ),
      ...(deps.extraPlugins ?? []),
      nextCookies(),
    ],
    ...deps.overrides,
  });
}

export type Auth = ReturnType<typeof createAuth>;
