"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/client";
import { safeNextPath } from "@/lib/auth/safe-next";
import { type AuthError, describe } from "./auth-error";
import { FormError, FormField } from "./form-field";
import { ResendVerification } from "./resend-verification";
import { SocialButtons } from "./social-buttons";
import { TwoFactorStep } from "./two-factor-step";

/**
 * Email and password, then (when the account has it) a code from the authenticator app. `next`
 * was already reduced to a path on this site by the page; it is checked again here against the
 * origin the browser is actually on before navigating.
 */
export function SignInForm({ next, providers }: { next: string; providers: string[] }) {
  const router = useRouter();
  const [error, setError] = useState<AuthError | null>(null);
  const [email, setEmail] = useState("");
  const [pending, setPending] = useState(false);
  const [secondStep, setSecondStep] = useState(false);

  function done() {
    router.replace(safeNextPath(next, window.location.origin));
    router.refresh();
  }

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
    const redirect = data as { redirect?: boolean; url?: string; twoFactorRedirect?: boolean } | null;
    if (redirect?.twoFactorRedirect) {
      setSecondStep(true);
      return;
    }
    if (redirect?.redirect && redirect.url) {
      window.location.assign(redirect.url);
      return;
    }
    done();
  }

  if (secondStep) return <TwoFactorStep onDone={done} onRestart={() => setSecondStep(false)} />;

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
      <SocialButtons providers={providers} callbackURL={next} />
    </div>
  );
}
