import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getSessionUser } from "@/lib/auth/session";
import { NewPasswordForm } from "./_components/new-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

/** Only paths on this site. */
const safeNext = (next?: string) => (next?.startsWith("/") && !next.startsWith("//") ? next : "/learn");

/**
 * Where requireUser sends someone whose imported password signed in but fails today's
 * password rules: they choose a new one before going on.
 */
export default async function NewPasswordPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const [{ next }, user] = await Promise.all([searchParams, getSessionUser()]);
  if (!user) redirect("/sign-in?next=/new-password");
  const target = safeNext(next);
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
