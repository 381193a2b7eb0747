import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordCard } from "@/components/auth/password-reset-forms";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string; error?: string }>;
}) {
  const { token, error } = await searchParams;
  if (error || !token) {
    return (
      <AuthCard title="This link no longer works">
        <p data-testid="reset-link-invalid">
          Password reset links work once and expire after one hour. This one has been used or is too old.
        </p>
        <Button asChild className="w-full">
          <Link href="/forgot-password">Send me a new link</Link>
        </Button>
      </AuthCard>
    );
  }
  return <ResetPasswordCard token={token} />;
}
