import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { safeNextPath } from "@/lib/auth/safe-next";
import { getSessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { NewPasswordForm } from "./_components/new-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

/**
 * Where requireUser sends someone whose imported password signed in but fails today's
 * password rules: they choose a new one before going on.
 */
export default async function NewPasswordPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const [{ next }, user] = await Promise.all([searchParams, getSessionUser()]);
  if (!user) redirect("/sign-in?next=/new-password");
  // Parsed as a browser will: `/\evil.test` or a tab between slashes is another site.
  const target = safeNextPath(next, env().appUrl);
  if (!user.passwordChangeRequired) redirect(target);
  return (
    <AuthCard
      title="Choose a new password"
      description="Your password from the previous system still works, but it does not meet this site's password rules. Choose a new one to continue."
      footer={<SignOutButton />}
    >
      <NewPasswordForm email={user.email} name={user.name} next={target} />
    </AuthCard>
  );
}
