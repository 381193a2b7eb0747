import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResendVerification } from "@/components/auth/resend-verification";
import { Button } from "@/components/ui/button";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ email?: string; verified?: string; error?: string }>;
}) {
  const [{ email: emailParam, verified, error }, user] = await Promise.all([searchParams, getSessionUser()]);
  if (user?.emailVerified) {
    return (
      <AuthCard title="Email confirmed" description={verified ? "Thanks — your address is confirmed." : undefined}>
        <p data-testid="email-verified">You can now open lessons and ask the tutor.</p>
        <Button asChild className="w-full">
          <Link href="/learn">Go to the course</Link>
        </Button>
      </AuthCard>
    );
  }
  const email = user?.email ?? emailParam ?? "";
  return (
    <AuthCard title="Confirm your email" description="One more step before your lessons open.">
      {error ? (
        <p role="alert" className="text-destructive text-sm" data-testid="verify-error">
          That confirmation link is invalid or has expired. Send yourself a new one below.
        </p>
      ) : (
        <p>
          We sent a confirmation link
          {email ? (
            <>
              {" "}
              to <strong>{email}</strong>
            </>
          ) : null}
          . Open it to finish signing up; it works for 24 hours.
        </p>
      )}
      {email ? <ResendVerification email={email} label="Send the link again" /> : null}
      <p className="text-muted-foreground text-sm">
        Wrong address?{" "}
        <Link href="/sign-up" className="text-primary underline underline-offset-2">
          Sign up again
        </Link>
      </p>
    </AuthCard>
  );
}
