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
  // Back from a link without a session and without an error: better-auth sends a link that was
  // already used (opened twice, or on another device) here too, so the address may be confirmed.
  if (verified && !error && !user) {
    return (
      <AuthCard title="Sign in to continue" description="This confirmation link has been used.">
        <p data-testid="verify-used">If you have confirmed your email, sign in and your lessons open.</p>
        <Button asChild className="w-full">
          <Link href="/sign-in">Sign in</Link>
        </Button>
        <p className="text-muted-foreground text-sm">Not confirmed yet? Send yourself a new link:</p>
        <ResendVerification label="Send a new link" />
      </AuthCard>
    );
  }
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
      <ResendVerification email={email} label={email ? "Send the link again" : "Send a new link"} />
      <p className="text-muted-foreground text-sm">
        Wrong address?{" "}
        <Link href="/sign-up" className="text-primary underline underline-offset-2">
          Sign up again
        </Link>
      </p>
    </AuthCard>
  );
}
