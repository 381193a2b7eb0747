"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";
import { authErrorMessage } from "@/lib/auth/error-messages";
import { lockedSentence } from "@/lib/auth/messages";
import { FormError, FormField } from "./form-field";
import { ResendVerification } from "./resend-verification";
import { SocialButtons } from "./social-buttons";

type AuthError = { code?: string; message?: string; status?: number; lockedUntil?: string };

function describe(error: AuthError): string {
  if (error.code === "ACCOUNT_LOCKED" && error.lockedUntil) {
    const until = new Date(error.lockedUntil).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return lockedSentence(until);
  }
  return authErrorMessage(error);
}

/** Where to go after signing in: only paths on this site. */
export function safeNext(next: string | undefined): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/learn";
}

export function SignInForm({ next, providers }: { next?: string; providers: string[] }) {
  const router = useRouter();
  const [error, setError] = useState<AuthError | null>(null);
  const [email, setEmail] = useState("");
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { data, error } = await authClient.signIn.email({
      email: String(form.get("email")),
      password: String(form.get("password")),
    });
    setPending(false);
    if (error) {
      setError(error as AuthError);
      return;
    }
    // During an OAuth authorization the server answers with where to continue.
    const redirect = data as { redirect?: boolean; url?: string } | null;
    if (redirect?.redirect && redirect.url) {
      window.location.assign(redirect.url);
      return;
    }
    router.replace(safeNext(next));
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <FormField label="Password" name="password" type="password" autoComplete="current-password" required />
        <FormError message={error ? describe(error) : null} />
        {error?.code === "EMAIL_NOT_VERIFIED" ? <ResendVerification email={email} /> : null}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <div className="text-right text-sm">
        <Link href="/forgot-password" className="text-primary underline underline-offset-2">
          Forgot your password?
        </Link>
      </div>
      <SocialButtons providers={providers} callbackURL={safeNext(next)} />
    </div>
  );
}
