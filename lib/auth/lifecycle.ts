import type { BetterAuthOptions } from "better-auth";
import { decodeJwt } from "jose";
import type { Executor } from "@/db/client";
import { clearPasswordChangeRequired } from "@/db/queries/legacy-password";
import { revokeResetLinks } from "@/db/queries/reset-links";
import { runInBackground } from "@/lib/background";
import type { Mailer } from "@/lib/email/send";
import {
  emailChangedNotice,
  emailChangeEmail,
  existingAccountEmail,
  resetPasswordEmail,
  verificationEmail,
} from "@/lib/email/templates";
import { enrolUsers } from "@/lib/enrolment/enrolment";
import { type AuditWriter, type RequestLike, requestMeta } from "./audit";
import { clearAttempts } from "./lockout";
import { toRole } from "./user";

/** The pending change an email-verification token carries (better-auth's signed JWT), if any. */
export function emailChangeOf(token: string | undefined): { userId: string; from: string; to: string } | null {
  if (!token) return null;
  try {
    const claims = decodeJwt(token);
    if (typeof claims.updateTo !== "string" || typeof claims.email !== "string") return null;
    if (typeof claims.userId !== "string" || claims.requestType !== "change-email-verification") return null;
    return { userId: claims.userId, from: claims.email, to: claims.updateTo };
  } catch {
    return null;
  }
}

type Options = Required<BetterAuthOptions>;
type EmailOptions = Options["emailAndPassword"];
type VerificationOptions = Options["emailVerification"];

const fromRequest = (request?: Request) => requestMeta(request ? { request } : null);

/** The email-sending callbacks and the audit events that belong to them. */
export function createAuthEmails({
  db,
  audit,
  mailer,
  baseURL,
}: {
  db: Executor;
  audit: AuditWriter;
  mailer: Mailer;
  baseURL: string;
}) {
  const send = (label: string, build: () => ReturnType<typeof verificationEmail>) =>
    runInBackground(label, async () => mailer.send(await build()));

  const sendVerificationEmail: VerificationOptions["sendVerificationEmail"] = async ({ user, url, token }) => {
    // An email change sends its confirmation through this callback too, to the new address.
    if (emailChangeOf(token)) send("mail:change-email", () => emailChangeEmail({ to: user.email, url }));
    else send("mail:verify", () => verificationEmail({ to: user.email, name: user.name, url }));
  };
  const sendEmailChangedNotice = (oldEmail: string, newEmail: string) =>
    send("mail:email-changed", () => emailChangedNotice({ to: oldEmail, newEmail, url: `${baseURL}/sign-in` }));
  const afterEmailVerification: VerificationOptions["afterEmailVerification"] = async (user, request) => {
    await audit({ type: "email_verified", userId: user.id, email: user.email, ...fromRequest(request) });
  };
  const sendResetPassword: EmailOptions["sendResetPassword"] = async ({ user, url, token }) => {
    // The newest link is the one that works: the user's older links end before it is mailed.
    // Both in the background, so a known address is answered as fast as an unknown one; only
    // links made before this one end, so two requests at once never end each other's. The new
    // link is mailed even when the older ones could not be ended (they still expire in an hour):
    // a database hiccup must not leave the user without the link they asked for.
    send("mail:reset", async () => {
      await revokeResetLinks({ db, userId: user.id, olderThan: token }).catch((err: Error) =>
        console.error(`[auth] older reset links of ${user.id} not ended: ${err.message}`),
      );
      return resetPasswordEmail({ to: user.email, url });
    });
  };
  const onPasswordReset: EmailOptions["onPasswordReset"] = async ({ user }, request) => {
    // better-auth spent the link that was used (before this runs); the user's other links end
    // here, or an older one could replace the password just chosen.
    await revokeResetLinks({ db, userId: user.id });
    // A new password ends any lockout on the account, and any request to choose one.
    await clearAttempts(db, user.email);
    await clearPasswordChangeRequired({ db, userId: user.id });
    await audit({ type: "password_reset", userId: user.id, email: user.email, ...fromRequest(request) });
  };
  const onExistingUserSignUp: EmailOptions["onExistingUserSignUp"] = async ({ user }) => {
    send("mail:existing", () => existingAccountEmail({ to: user.email, url: `${baseURL}/sign-in` }));
  };
  return {
    sendVerificationEmail,
    afterEmailVerification,
    sendResetPassword,
    onPasswordReset,
    onExistingUserSignUp,
    sendEmailChangedNotice,
  };
}

interface HookContext extends RequestLike {
  path?: string;
  params?: Record<string, string>;
  context: RequestLike["context"] & {
    internalAdapter?: {
      findUserById(id: string): Promise<{ email: string } | null>;
      findAccounts(userId: string): Promise<unknown[]>;
    };
  };
}

const SOCIAL_LOGIN_PATHS = [/^\/callback\//, /^\/oauth2\/callback\//, /^\/sign-in\/social/];
/** better-auth admin endpoints that can set a role (lib/auth/admin-audit.ts audits the same ones). */
const ADMIN_ROLE_PATHS = new Set(["/admin/set-role", "/admin/update-user"]);

export type AuthEmails = ReturnType<typeof createAuthEmails>;

/**
 * Audit events that are best seen at the database layer (they happen on several paths), and
 * the enrolment every new student gets, however they signed up.
 */
export function createAuthDatabaseHooks({
  db,
  audit,
}: {
  db: Executor;
  audit: AuditWriter;
}): BetterAuthOptions["databaseHooks"] {
  const meta = (ctx: unknown) => requestMeta(ctx as HookContext | null);
  const pathOf = (ctx: unknown) => (ctx as HookContext | null)?.path ?? null;
  const findUser = (ctx: unknown, id: string) =>
    (ctx as HookContext | null)?.context?.internalAdapter?.findUserById(id).catch(() => null) ?? Promise.resolve(null);

  return {
    user: {
      create: {
        after: async (user, ctx) => {
          await audit({
            type: "register",
            userId: user.id,
            email: user.email,
            ...meta(ctx),
            details: { path: pathOf(ctx) },
          });
          // Staff are not learners; a student is enrolled in the course from the first day.
          if (toRole((user as { role?: unknown }).role) === "student") {
            await enrolUsers({ db, userIds: [user.id] }).catch((err) =>
              console.error(`[enrolment] ${user.id} not enrolled at sign-up: ${(err as Error).message}`),
            );
          }
        },
      },
      update: {
        after: async (user, ctx) => {
          // The admin plugin's role changes (the app's own go through changeRole): someone made
          // a student is enrolled as a new student is; an ended enrolment stays ended.
          if (!ADMIN_ROLE_PATHS.has(pathOf(ctx) ?? "")) return;
          if (toRole((user as { role?: unknown }).role) !== "student") return;
          await enrolUsers({ db, userIds: [user.id] }).catch((err) =>
            console.error(`[enrolment] ${user.id} not enrolled after a role change: ${(err as Error).message}`),
          );
        },
      },
    },
    session: {
      create: {
        after: async (session, ctx) => {
          const path = pathOf(ctx);
          // The confirmation link signs the new account in (autoSignInAfterVerification): a
          // sign-in like any other, so the admin's "last sign-in" is not blank for it.
          const viaLink = path === "/verify-email";
          if (!path || (!viaLink && !SOCIAL_LOGIN_PATHS.some((re) => re.test(path)))) return;
          const user = await findUser(ctx, session.userId);
          const provider = (ctx as HookContext).params?.id ?? (ctx as HookContext).params?.providerId ?? null;
          await audit({
            type: "login_success",
            userId: session.userId,
            email: user?.email,
            ...meta(ctx),
            details: viaLink ? { method: "email_link" } : { method: "social", provider },
          });
        },
      },
      delete: {
        after: async (session, ctx) => {
          if (pathOf(ctx) !== "/sign-out") return;
          const user = await findUser(ctx, session.userId);
          await audit({ type: "logout", userId: session.userId, email: user?.email, ...meta(ctx) });
        },
      },
    },
    account: {
      create: {
        after: async (account, ctx) => {
          if (account.providerId === "credential") return;
          const user = await findUser(ctx, account.userId);
          // A social sign-up creates the user with this as its only account; otherwise it is a link.
          const adapter = (ctx as HookContext | null)?.context?.internalAdapter;
          const accounts = await adapter?.findAccounts(account.userId).catch(() => null);
          const newUser = accounts?.length === 1;
          await audit({
            type: "oauth_link",
            userId: account.userId,
            email: user?.email,
            ...meta(ctx),
            details: { provider: account.providerId, newUser },
          });
        },
      },
      delete: {
        after: async (account, ctx) => {
          const user = await findUser(ctx, account.userId);
          if (account.providerId === "credential") {
            // A reset link would put back the password the user just removed.
            await revokeResetLinks({ db, userId: account.userId });
            await audit({
              type: "password_change",
              userId: account.userId,
              email: user?.email,
              ...meta(ctx),
              details: { removed: true },
            });
            return;
          }
          await audit({
            type: "oauth_unlink",
            userId: account.userId,
            email: user?.email,
            ...meta(ctx),
            details: { provider: account.providerId },
          });
        },
      },
    },
  };
}
