"use server";

import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { deleteOwnAccount } from "@/lib/account/delete";
import { renameUser, requestEmailChange } from "@/lib/account/profile";
import { revokeDeviceSession, revokeOtherDeviceSessions } from "@/lib/account/sessions";
import { changePassword, removeSignInMethod, setFirstPassword } from "@/lib/account/sign-in-methods";
import { type ActionState, validatedAction } from "@/lib/actions";
import { headersMeta } from "@/lib/auth/audit";
import { getAuth } from "@/lib/auth/instance";
import { PASSWORD_MAX } from "@/lib/auth/password-policy";
import { getCurrentSession } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/** What every account action needs besides its input: better-auth acting as this request. */
async function caller() {
  const [db, auth, requestHeaders, current] = await Promise.all([getDb(), getAuth(), headers(), getCurrentSession()]);
  if (!current) throw new AppError("auth:unauthenticated");
  return { db, auth, headers: new Headers(requestHeaders), current };
}

const done = (message: string) => {
  revalidatePath("/account");
  return { message, data: undefined };
};

/**
 * The form's cap is better-auth's: four UTF-16 units per character of the policy's maximum, so
 * anything longer is no password of this app. Every check has its own message: the string's
 * `message` is also what a check without one says ("Enter a password." for a long one).
 */
const MAX_PASSWORD_UNITS = PASSWORD_MAX * 4;
const passwordField = (tooLong: string) =>
  z.string({ message: "Enter a password." }).min(1, "Enter a password.").max(MAX_PASSWORD_UNITS, tooLong);
/** A password being set: the policy's limit (lib/auth/password-policy.ts) is the one to name. */
const newPassword = passwordField(`A password can be at most ${PASSWORD_MAX} characters.`);
/** The password the user has now: longer than the cap, it cannot be theirs. */
const currentPassword = passwordField(
  `That is longer than any password here can be (at most ${MAX_PASSWORD_UNITS} characters): check what you typed.`,
);
const MAX_NAME = 100;

export type AccountState = ActionState;

export const renameAction = validatedAction(
  {
    schema: z.object({
      name: z
        .string({ message: "Enter your name." })
        .trim()
        .min(1, "Enter your name.")
        .max(MAX_NAME, `Your name can be at most ${MAX_NAME} characters.`),
    }),
  },
  async ({ name }) => {
    const c = await caller();
    await renameUser({ auth: c.auth, headers: c.headers, name });
    return done("Your name is saved.");
  },
);

export const changeEmailAction = validatedAction(
  { schema: z.object({ newEmail: z.email("Enter a valid email address.").max(254) }) },
  async ({ newEmail }, user) => {
    const c = await caller();
    await requestEmailChange({ auth: c.auth, headers: c.headers, user, newEmail });
    return done(
      `Check ${newEmail.toLowerCase()} for a confirmation link. Your email stays ${user.email} until you follow it.`,
    );
  },
);

export const changePasswordAction = validatedAction(
  {
    schema: z.object({
      currentPassword,
      newPassword,
      revokeOtherSessions: z.literal("on").optional(),
    }),
  },
  async (input, user) => {
    const c = await caller();
    await changePassword({
      db: c.db,
      auth: c.auth,
      headers: c.headers,
      user,
      currentPassword: input.currentPassword,
      newPassword: input.newPassword,
      revokeOtherSessions: input.revokeOtherSessions === "on",
    });
    return done(
      input.revokeOtherSessions ? "Password changed; your other devices are signed out." : "Password changed.",
    );
  },
);

export const setPasswordAction = validatedAction(
  { schema: z.object({ newPassword }) },
  async ({ newPassword }, user) => {
    const c = await caller();
    await setFirstPassword({ db: c.db, auth: c.auth, headers: c.headers, user, newPassword });
    return done("Password set: you can now also sign in with your email and this password.");
  },
);

export const removeMethodAction = validatedAction(
  { schema: z.object({ accountId: z.string().min(1).max(100) }) },
  async ({ accountId }, user) => {
    const c = await caller();
    const removed = await removeSignInMethod({ db: c.db, auth: c.auth, headers: c.headers, user, accountId });
    return done(removed.providerId === "credential" ? "Your password is removed." : "The account is unlinked.");
  },
);

export const revokeSessionAction = validatedAction(
  { schema: z.object({ sessionId: z.string().min(1).max(100) }) },
  async ({ sessionId }, user) => {
    const c = await caller();
    await revokeDeviceSession({
      db: c.db,
      auth: c.auth,
      headers: c.headers,
      userId: user.id,
      sessionId,
      currentSessionId: c.current.session.id,
    });
    return done("That device is signed out.");
  },
);

export const revokeOtherSessionsAction = validatedAction({ schema: z.object({}) }, async () => {
  const c = await caller();
  await revokeOtherDeviceSessions({ auth: c.auth, headers: c.headers });
  return done("Every other device is signed out.");
});

/**
 * Deletes the account, then the session cookies (the session rows went with the user), and
 * leaves for the home page. Redirect is thrown past validatedAction on purpose.
 */
export const deleteAccountAction = validatedAction(
  {
    schema: z.object({
      password: currentPassword.optional(),
      confirm: z.literal("yes", { message: "Tick the box to confirm that you want to delete everything." }),
    }),
  },
  async (input, user) => {
    const c = await caller();
    await deleteOwnAccount({
      db: c.db,
      user,
      session: c.current.session,
      password: input.password,
      meta: headersMeta(c.headers),
    });
    const names = (await c.auth.$context).authCookies;
    const jar = await cookies();
    for (const cookie of [names.sessionToken, names.sessionData, names.dontRememberToken]) {
      // Same path and Secure flag as when set: a __Secure- cookie is only replaced by a secure one.
      jar.set(cookie.name, "", { path: "/", secure: Boolean(cookie.attributes.secure), httpOnly: true, maxAge: 0 });
    }
    redirect("/sign-in?deleted=1");
  },
);
