import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { configuredProviders } from "@/lib/auth/providers";
import { safeNextPath } from "@/lib/auth/safe-next";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string; deleted?: string }>;
}) {
  const { next, error, deleted } = await searchParams;
  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Sign in to continue your course."
      footer={
        <>
          New here?{" "}
          <Link href="/sign-up" className="text-primary underline underline-offset-2">
            Create an account
          </Link>
        </>
      }
    >
      {deleted ? (
        <p role="status" className="rounded-md border bg-muted/50 px-3 py-2 text-sm" data-testid="account-deleted">
          Your account and everything in it have been deleted.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-destructive text-sm">
          Signing in with that provider did not work ({error.replaceAll("_", " ")}). Try again or use your email.
        </p>
      ) : null}
      <SignInForm next={safeNextPath(next, env().appUrl)} providers={configuredProviders()} />
    </AuthCard>
  );
}
